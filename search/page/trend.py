"""The trend of a search: its matching sessions per year beside the archive's sessions that year."""

import io

from django.db.models import Count
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from plenums.models import Session
from plenums.web.caching import remembered
from plenums.web.spreadsheet import InertWriter
from plenums.web.timeline import year_bars
from search.analysis import WORD_RUN_RE

TOP_COMMITTEES = 5
CSV_COLUMNS = ["year", "sessions", "total"]
# How the bars are drawn (the ``chart`` parameter): matching sessions, or their share of the
# archive's sessions that year.
COUNT, SHARE = "count", "share"


def _year_totals(committee=None, term=None) -> dict[int, int]:
    """{year: published sessions} for the committee (slug) and term, or the whole archive; undated
    sessions under ``None``. Every search draws its trend from these, and counting them is a
    GROUP BY over every session (as costly as the search itself): remembered until the archive
    changes."""

    def count():
        sessions = Session.objects.published()
        if committee:
            sessions = sessions.filter(committee__slug=committee)
        if term:
            sessions = sessions.filter(term=term)
        return dict(sessions.values_list("year").annotate(n=Count("id")).order_by())

    return remembered(("trend-totals", committee, term), count)


def share(sessions: int, total: int) -> float | None:
    return sessions / total if total else None


def rows(year_counts, *, committee=None, term=None, year_from=None, year_to=None) -> list[dict]:
    """``{"year", "sessions", "total"}`` for every year from the archive's first dated session to
    its last (within ``year_from``–``year_to``), zeros included.

    ``year_counts`` are the search's year facet: (year, matching sessions). ``total`` counts the
    published sessions of that year under the same committee and term filters, so the share of
    a year is the share of the sessions the search looked at.
    """
    every_year = [year for year in _year_totals() if year is not None]
    if not every_year:
        return []
    first = max(min(every_year), year_from or min(every_year))
    last = min(max(every_year), year_to or max(every_year))
    totals = _year_totals(committee, term)
    matching = {int(year): n for year, n in year_counts}
    return [
        {"year": year, "sessions": matching.get(year, 0), "total": totals.get(year, 0)}
        for year in range(first, last + 1)
    ]


def top_committees(committee_counts, names, *, term=None, year_from=None, year_to=None):
    """The committees with the most matching sessions, each with its published sessions under
    the same term and year filters (most matches first, then by name)."""
    ranked = sorted(
        ((slug, n) for slug, n in committee_counts if n), key=lambda c: (-c[1], names.get(c[0], ""))
    )[:TOP_COMMITTEES]
    totals = {
        slug: sum(
            n
            for year, n in _year_totals(slug, term).items()
            # As SQL compares: an undated session is outside any year bound.
            if (year_from is None or (year is not None and year >= year_from))
            and (year_to is None or (year is not None and year <= year_to))
        )
        for slug, _ in ranked
    }
    return [
        {
            "slug": slug,
            "name": names.get(slug, slug),
            "sessions": n,
            "total": totals.get(slug, 0),
            "share": share(n, totals.get(slug, 0)),
        }
        for slug, n in ranked
    ]


def chart(trend_rows, measure: str) -> dict:
    """The bar chart's geometry: bar heights are matching sessions or their share of the year."""
    for row in trend_rows:
        row["share"] = share(row["sessions"], row["total"])
    if measure == SHARE:
        # Shares are drawn against the whole year, so that bars compare across searches.
        return year_bars(trend_rows, lambda row: row["share"], top=1)
    return year_bars(trend_rows, lambda row: row["sessions"])


def csv_response(trend_rows, pieces) -> HttpResponse:
    """The trend as a spreadsheet: a header row, then one row per year, in UTF-8."""
    out = io.StringIO()
    writer = InertWriter(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in trend_rows:
        writer.writerow([row[column] for column in CSV_COLUMNS])
    # The BOM lets spreadsheet programs open the UTF-8 file as UTF-8 (as /data/plenums.csv).
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    # Only letters, digits and Han characters of the query reach the file name.
    words = [run for piece in pieces for run in WORD_RUN_RE.findall(piece)]
    name = "-".join(["trend", *words])[:80] + ".csv"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
