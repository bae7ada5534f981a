"""/data/originals.warc.gz: each published session's verbatim original as a WARC resource record."""

import hashlib
import io
from datetime import UTC, datetime

from django.http import StreamingHttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_safe
from warcio.warcwriter import WARCWriter

from plenums.ingest.page import is_html
from plenums.models import Session

SOFTWARE = "quanhui-archive (全会档案)"


def original_bytes(session) -> tuple[bytes, str]:
    """(bytes, charset) of a session's original: the bytes ingested, re-encoded in their own
    encoding and checked against their SHA-256; else the text as UTF-8 (say so with the charset)."""
    try:
        data = session.original_text.encode(session.original_encoding)
    except (LookupError, UnicodeEncodeError):
        data = b""
    if data and hashlib.sha256(data).hexdigest() == session.sha256:
        return data, session.original_encoding.removesuffix("-sig")
    return session.original_text.encode("utf-8"), "utf-8"


def _member(write) -> bytes:
    """One gzip member of the archive: a WARC file may be many members back to back."""
    buffer = io.BytesIO()
    write(WARCWriter(buffer, gzip=True))
    return buffer.getvalue()


@method_decorator(require_safe, name="dispatch")
class OriginalsWarcView(View):
    """A WARC file (gzip, a member per record) another archive can take: a warcinfo record,
    then a resource record per published session, its target URI the source URL (the session's
    permalink when the source is unknown), its payload the original as ingested."""

    def get(self, request):
        def records():
            def info(writer):
                fields = {"software": SOFTWARE, "format": "WARC File Format 1.1"}
                writer.write_record(writer.create_warcinfo_record("originals.warc.gz", fields))

            yield _member(info)
            sessions = Session.objects.published().select_related("committee").order_by("pk")
            for session in sessions.iterator():
                yield _member(lambda writer, s=session: self.write(writer, s, request))

        response = StreamingHttpResponse(records(), content_type="application/warc")
        response["Content-Disposition"] = 'attachment; filename="originals.warc.gz"'
        return response

    def write(self, writer, session, request) -> None:
        data, charset = original_bytes(session)
        kind = "text/html" if is_html(data) else "text/plain"
        permalink = request.build_absolute_uri(session.get_absolute_url())
        captured = session.fetched_at or datetime.now(UTC)
        headers = {
            "WARC-Date": captured.strftime("%Y-%m-%dT%H:%M:%SZ"),
            # The archive's own address for the session, and what it was cut from.
            "X-Quanhui-Permalink": permalink,
            "X-Quanhui-Original-SHA256": session.sha256,
            "X-Quanhui-Original-Filename": session.original_filename,
        }
        if session.warc_record_id:
            headers["X-Quanhui-Source-Record-ID"] = session.warc_record_id
        record = writer.create_warc_record(
            session.source_url or permalink,
            "resource",
            payload=io.BytesIO(data),
            length=len(data),
            warc_content_type=f"{kind}; charset={charset}",
            warc_headers_dict=headers,
        )
        writer.write_record(record)
