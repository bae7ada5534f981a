"""Read the HTML responses a web archive (WARC, or WACZ holding WARCs) captured, as candidates."""

import hashlib
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .decode import MAX_BYTES, media_type
from .files import ARCHIVE_SUFFIXES, Article, check
from .records import ArticleError, Origin

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Capture:
    """One HTML page an archive holds: its bytes, verbatim, and where and when it was taken."""

    name: str  # archive.warc.gz#<urn:uuid:…>: how the record is named in messages and files
    data: bytes
    origin: Origin


def is_archive(path: str) -> bool:
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def _records(stream, archive: str) -> Iterator[tuple[Capture | None, ArticleError | None]]:
    """Each HTML response (or resource) record of a WARC stream, or why it cannot be read."""
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "resource"):
                continue
            record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if record.rec_type == "response":
                if record.http_headers is None:
                    continue  # not an HTTP response (dns:, whois:)
                status = record.http_headers.get_statuscode()
                kind, charset = media_type(record.http_headers.get_header("Content-Type"))
                if status != "200" or kind not in _HTML_TYPES:
                    continue
            else:
                kind, charset = media_type(record.rec_headers.get_header("Content-Type"))
                if kind not in _HTML_TYPES:
                    continue
            name = f"{archive}#{record_id}"
            data = record.content_stream().read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                error = ArticleError(f"{name} ({uri})", "over the 2 MiB limit of an article")
                yield None, error
                continue
            origin = Origin(
                url=uri,
                fetched_at=record.rec_headers.get_header("WARC-Date") or "",
                record_id=record_id,
                charset=charset,
                captured=True,
            )
            yield Capture(name, data, origin), None
    except ArchiveLoadFailed as exc:
        raise ArticleError(archive, f"not a readable web archive: {exc}") from exc


def captures(path: str, folder: str | None = None, follow_symlinks: bool = False):
    """Every HTML page a WARC or WACZ file captured, as (Capture, None), or (None, error) for
    one that cannot be an article; the same bytes captured twice are read once."""
    article = Article(str(path), folder if folder is not None else os.path.dirname(str(path)))
    check(article, follow_symlinks)
    seen: dict[str, str] = {}

    def unique(items):
        for capture, error in items:
            if capture is not None:
                digest = hashlib.sha256(capture.data).hexdigest()
                if digest in seen:
                    why = f"the same bytes as {seen[digest]}"
                    yield None, ArticleError(f"{capture.name} ({capture.origin.url})", why)
                    continue
                seen[digest] = capture.name
            yield capture, error

    path = str(path)
    if path.lower().endswith(".wacz"):
        try:
            bundle = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise ArticleError(path, f"not a readable WACZ (zip) file: {exc}") from exc
        with bundle:
            # A WACZ keeps its captures as WARC files under archive/.
            members = sorted(
                n for n in bundle.namelist() if n.startswith("archive/") and is_archive(n)
            )
            if not members:
                raise ArticleError(path, "a WACZ without WARC files under archive/")
            for member in members:
                with bundle.open(member) as stream:
                    yield from unique(_records(stream, f"{path}!{member}"))
        return
    with open(path, "rb") as stream:
        yield from unique(_records(stream, path))
