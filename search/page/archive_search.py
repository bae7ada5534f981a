"""One search of the archive as the search page runs it, and every answer it gives."""

import math
from functools import cached_property
from urllib.parse import quote_plus

from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from plenums.models import Session
from plenums.records import shapes
from plenums.web import references
from plenums.web.views.paged import asked_page, nearest_page
from search.analysis import WORD_RUN_RE
from search.page import trend
from search.page.forms import YEAR_MAX, YEAR_MIN
from search.page.marks import hit_url
from search.serving.limits import search_slot

PER_PAGE = getattr(settings, "HAYSTACK_SEARCH_RESULTS_PER_PAGE", 10)
# Deeper pages are never useful to a reader and would make Whoosh collect huge top-N lists.
MAX_PAGE = 1000
# Committees the facet list names at most (the most frequent first), out of thousands nationally.
COMMITTEE_FACETS_SHOWN = 100


class _Found:
    """A search's matches as a ``Paginator`` reads them: the page asked for is searched first
    (one search gives it, the total and the facets); another page is searched only when the
    asked one is past the end."""

    def __init__(self, sqs, number: int):
        self.sqs = sqs
        self.start = (number - 1) * PER_PAGE
        self.page = list(sqs[self.start : self.start + PER_PAGE])
        self.total = sqs.count()

    def count(self) -> int:
        return self.total

    def __getitem__(self, part: slice) -> list:
        if part.start == self.start:
            return self.page
        self.sqs = self.sqs._clone()
        return list(self.sqs[part])


class ArchiveSearch:
    """The search a request asks for: its page (clamped), run in one of this process's search
    slots under the time limit, its facets and trend, and its HTML context, JSON, CSV and
    references. ``run()`` raises ``Busy`` when no slot came free and ``SearchTimedOut``."""

    def __init__(self, request, form):
        self.request = request
        self.form = form
        self.output = request.GET.get("format")
        self.sqs = form.search()
        self.notices = list(form.notices) + form.problems()
        self.query = form.cleaned_data.get("q", "") if hasattr(form, "cleaned_data") else ""
        self.page = self._asked_page()
        self.found, self.count, self.facets = [], 0, {}

    def _asked_page(self) -> int:
        raw = self.request.GET.get("page", "1")
        number = asked_page(raw)
        if number is None:
            if raw not in ("", "1"):
                self.notices.append(_("页码“%(page)s”无效,已显示第 1 页。") % {"page": raw[:20]})
            number = 1
        return min(number, MAX_PAGE)

    def run(self) -> None:
        if not self.form.pieces:
            return
        with search_slot():
            found = _Found(self.sqs, self.page)
            page = nearest_page(Paginator(found, PER_PAGE), self.page)
            if page.number < self.page:
                self.notices.append(_("没有第 %(page)d 页,已显示最后一页。") % {"page": self.page})
            self.page, self.found, self.count = page.number, page.object_list, found.total
            self.facets = found.sqs.facet_counts().get("fields", {})

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / PER_PAGE))

    @cached_property
    def rows(self) -> list[dict]:
        return [_row(r, self.query) for r in self.found if r is not None]

    @cached_property
    def facet_rows(self) -> dict:
        names = dict(self.form.committees)
        return {
            "committee": [
                {"value": slug, "name": names.get(slug, slug), "count": n}
                for slug, n in self.facets.get("committee", [])
                if n
            ],
            # Whoosh tallies a session without a year under its column's default (2**31 - 1).
            "year": [
                {"value": y, "name": str(y), "count": n}
                for y, n in self.facets.get("year", [])
                if n and YEAR_MIN <= y <= YEAR_MAX
            ],
            "term": [
                {"value": t, "name": str(t), "count": n}
                for t, n in self.facets.get("term", [])
                if n
            ],
        }

    @cached_property
    def trend_rows(self) -> list[dict]:
        year_from, year_to = self.form.year_range()
        return trend.rows(
            [(f["value"], f["count"]) for f in self.facet_rows["year"]],
            committee=self.form.usable("committee"),
            term=self.form.usable("term"),
            year_from=year_from,
            year_to=year_to,
        )

    def as_json(self) -> dict:
        return {
            "query": self.query,
            "count": self.count,
            "page": self.page,
            "num_pages": self.num_pages,
            "results": self.rows,
            "facets": self.facet_rows,
            "trend": self.trend_rows,
            "notices": [str(n) for n in self.notices],
        }

    def csv(self):
        return trend.csv_response(self.trend_rows, self.form.pieces)

    def references(self):
        """The page's results (at most ``PER_PAGE``, in their order) as references, read from
        the database so that they are built from the one mapping of a session."""
        slugs = [r.slug for r in self.found if r is not None]
        found = (
            Session.objects.published()
            .select_related("committee")
            .in_bulk(slugs, field_name="slug")
        )
        absolute = self.request.build_absolute_uri
        items = [
            references.reference(found[slug], absolute(found[slug].get_absolute_url()))
            for slug in slugs
            if slug in found
        ]
        # Only letters, digits and Han characters of the query reach the file name.
        words = [run for piece in self.form.pieces for run in WORD_RUN_RE.findall(piece)]
        return references.response(self.output, items, "-".join(["search", *words])[:80])

    @cached_property
    def params(self) -> dict:
        """The search's valid, non-empty parameters in the request's order (not page or format)."""
        form = self.form
        return {
            k: v
            for k, v in self.request.GET.items()
            if k not in ("page", "format") and k in form.fields and v and k not in form.errors
        }

    def context(self) -> dict:
        """The HTML page's context; its own links are built with ``{% querystring params … %}``."""
        link = Links(self.params)
        facets, hidden = self._shown_facets()
        for name, entries in facets.items():
            for entry in entries:
                if name == "year":
                    entry["url"] = link(year_from=entry["value"], year_to=entry["value"])
                    entry["active"] = (
                        self.params.get("year_from")
                        == self.params.get("year_to")
                        == str(entry["value"])
                    )
                else:
                    entry["url"] = link(**{name: entry["value"]})
                    entry["active"] = str(self.params.get(name, "")) == str(entry["value"])
        page, num_pages = self.page, self.num_pages
        params = QueryDict(mutable=True)
        params.update(self.params)
        return {
            "form": self.form,
            "query": self.query,
            "pieces": self.form.pieces,
            "notices": self.notices,
            "results": self.rows,
            "count": self.count,
            "facets": facets,
            "committees_not_shown": hidden,
            "page": page,
            "num_pages": num_pages,
            "first_number": (page - 1) * PER_PAGE + 1,
            "params": params,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page < num_pages else None,
            "page_numbers": range(max(1, page - 4), min(num_pages, page + 4) + 1),
            # This page's results for a reference manager.
            "reference_formats": [
                (references.LABELS[fmt], fmt, references.MEDIA_TYPES[fmt])
                for fmt in references.FORMATS
            ],
            "trend": self._trend(link) if self.count else None,
        }

    def _shown_facets(self) -> tuple[dict, int]:
        """The facets the page lists, and how many committees it leaves out: beyond
        ``COMMITTEE_FACETS_SHOWN`` only the most frequent (and the one filtered on) are listed,
        as a search across a national archive would otherwise list thousands. The JSON twin
        keeps every count."""
        facets = self.facet_rows
        committees = facets["committee"]
        if len(committees) <= COMMITTEE_FACETS_SHOWN:
            return facets, 0
        active = self.params.get("committee")
        ranked = sorted(committees, key=lambda f: -f["count"])
        kept = ranked[:COMMITTEE_FACETS_SHOWN]
        kept += [f for f in ranked[COMMITTEE_FACETS_SHOWN:] if f["value"] == active]
        return {**facets, "committee": kept}, len(committees) - len(kept)

    def _trend(self, link) -> dict:
        """The trend section: the bar chart (each bar a link to that year), its table twin, the
        top committees (each a link); the template links the measures and the CSV."""
        form = self.form
        measure = form.usable("chart") or trend.COUNT
        for row in self.trend_rows:
            row["url"] = link(year_from=row["year"], year_to=row["year"])
        chart = trend.chart(self.trend_rows, measure)
        year_from, year_to = form.year_range()
        committees = trend.top_committees(
            self.facets.get("committee", []),
            dict(form.committees),
            term=form.usable("term"),
            year_from=year_from,
            year_to=year_to,
        )
        for committee in committees:
            committee["url"] = link(committee=committee["slug"])
        return {
            "rows": self.trend_rows,
            "chart": chart,
            "measure": measure,
            "committees": committees,
        }


class Links:
    """Links to this search with some parameters changed, for the lists built in Python (a page
    links every facet value: hundreds of committees), each parameter encoded once."""

    def __init__(self, params: dict):
        self.params = params
        self.encoded = {k: f"{quote_plus(k)}={quote_plus(str(v))}" for k, v in params.items()}

    def __call__(self, **changes) -> str:
        """This search with ``changes`` (None or "" drops one), as ``urlencode`` writes it."""
        params = self.params
        parts = [
            f"{quote_plus(k)}={quote_plus(str(changes[k]))}" if k in changes else self.encoded[k]
            for k in params
            if changes.get(k, params[k]) not in (None, "")
        ]
        parts += [
            f"{quote_plus(k)}={quote_plus(str(v))}"
            for k, v in changes.items()
            if k not in params and v not in (None, "")
        ]
        return "?" + "&".join(parts)


def _row(result, query: str) -> dict:
    url = reverse("plenums:session", args=[result.slug])
    return shapes.search_row(result, hit_url(url, query, getattr(result, "body", "")))
