"""Bulk downloads of every published session: the parser's JSON shape and a spreadsheet CSV."""

from django.http import StreamingHttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_safe

from plenums.models import Session
from plenums.records import shapes
from plenums.web import inert_json
from plenums.web.spreadsheet import InertWriter


def published_sessions():
    """Every published session with its children, oldest first, read in chunks."""
    # Chunked iteration keeps memory flat; prefetches run once per chunk, not per session.
    return Session.objects.published().with_shapes().chronological().iterator(chunk_size=200)


class _Echo:
    def write(self, value):
        return value


@method_decorator(require_safe, name="dispatch")
class DataJsonView(View):
    """/data/plenums.json: a JSON array of ``session_json``, streamed."""

    def get(self, request):
        def body():
            yield "[\n"
            for i, session in enumerate(published_sessions()):
                data = inert_json.dumps(shapes.session_json(session))
                yield ("" if i == 0 else ",\n") + data
            yield "\n]\n"

        response = StreamingHttpResponse(body(), content_type=inert_json.CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="plenums.json"'
        return response


@method_decorator(require_safe, name="dispatch")
class DataCsvView(View):
    """/data/plenums.csv: one ``shapes.csv_row`` per session, streamed, every text cell inert
    (a source name scraped as ``=HYPERLINK(…)`` is shown, not run)."""

    def get(self, request):
        writer = InertWriter(_Echo())

        def rows():
            # The BOM lets spreadsheet programs open the UTF-8 file with its Chinese intact.
            yield "\ufeff" + writer.writerow(shapes.CSV_COLUMNS)
            for s in published_sessions():
                url = request.build_absolute_uri(s.get_absolute_url())
                yield writer.writerow(shapes.csv_row(s, url))

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="plenums.csv"'
        return response
