"""The search page (/search/) and its JSON twin (?format=json); any input gets a normal answer."""

import math
from urllib.parse import quote_plus

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from haystack.generic_views import SearchView

from plenums.models import Session
from plenums.records import shapes
from plenums.web import references
from plenums.web.inert_json import json_response as _json_response
from search import trend
from search.analysis import WORD_RUN_RE
from search.backends import SearchTimedOut
from search.forms import YEAR_MAX, YEAR_MIN, ArchiveSearchForm
from search.limits import Busy, retry_after, search_slot, time_limit
from search.marks import hit_url

PER_PAGE = getattr(settings, "HAYSTACK_SEARCH_RESULTS_PER_PAGE", 10)
# Deeper pages are never useful to a reader and would make Whoosh collect huge top-N lists.
MAX_PAGE = 1000


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ArchiveSearchView(SearchView):
    form_class = ArchiveSearchForm
    template_name = "search/search.html"
    load_all = False
    paginate_by = PER_PAGE

    def get(self, request, *args, **kwargs):
        form = self.get_form(self.get_form_class())
        sqs = form.search()
        notices = list(form.notices) + form.problems()

        raw_page = request.GET.get("page", "1")
        page = _int_or_none(raw_page)
        if page is None or page < 1:
            if raw_page not in ("", "1"):
                notices.append(_("页码“%(page)s”无效,已显示第 1 页。") % {"page": raw_page[:20]})
            page = 1
        page = min(page, MAX_PAGE)

        results, count, facets = [], 0, {}
        if form.pieces:
            try:
                with search_slot():
                    results = list(sqs[(page - 1) * PER_PAGE : page * PER_PAGE])
                    count = sqs.count()
                    num_pages = max(1, math.ceil(count / PER_PAGE))
                    if page > num_pages:
                        notices.append(_("没有第 %(page)d 页,已显示最后一页。") % {"page": page})
                        page = num_pages
                        sqs = sqs._clone()
                        results = list(sqs[(page - 1) * PER_PAGE : page * PER_PAGE])
                    facets = sqs.facet_counts().get("fields", {})
            except Busy:
                return self._busy(request)
            except SearchTimedOut:
                return self._refused(
                    request,
                    form.cleaned_data.get("q", "") if hasattr(form, "cleaned_data") else "",
                    "timeout",
                    _(
                        "检索用时超过 %(seconds)g 秒,已中止。"
                        "请换用更长或更具体的词语,或加上委员会、年份等筛选条件。"
                    )
                    % {"seconds": time_limit()},
                )
        num_pages = max(1, math.ceil(count / PER_PAGE))
        output = request.GET.get("format")
        if output in references.FORMATS:
            return self._references(request, output, results, form.pieces)

        names = dict(form.committees)
        query = form.cleaned_data.get("q", "") if hasattr(form, "cleaned_data") else ""
        rows = [self._row(r, query) for r in results if r is not None]
        facet_rows = {
            "committee": [
                {"value": slug, "name": names.get(slug, slug), "count": n}
                for slug, n in facets.get("committee", [])
                if n
            ],
            # Whoosh tallies a session without a year under its column's default (2**31 - 1).
            "year": [
                {"value": y, "name": str(y), "count": n}
                for y, n in facets.get("year", [])
                if n and YEAR_MIN <= y <= YEAR_MAX
            ],
            "term": [
                {"value": t, "name": str(t), "count": n} for t, n in facets.get("term", []) if n
            ],
        }
        year_from, year_to = form.year_range()
        # The HTML page draws the trend only when something matched.
        trend_rows = (
            trend.rows(
                [(f["value"], f["count"]) for f in facet_rows["year"]],
                committee=form.usable("committee"),
                term=form.usable("term"),
                year_from=year_from,
                year_to=year_to,
            )
            if count or output in ("csv", "json")
            else []
        )
        if output == "csv":
            return trend.csv_response(trend_rows, form.pieces)
        if output == "json":
            return _json_response(
                {
                    "query": query,
                    "count": count,
                    "page": page,
                    "num_pages": num_pages,
                    "results": rows,
                    "facets": facet_rows,
                    "trend": trend_rows,
                    "notices": [str(n) for n in notices],
                }
            )

        params = {
            k: v
            for k, v in request.GET.items()
            if k not in ("page", "format") and k in form.fields and v and k not in form.errors
        }

        # Each parameter encoded once: a page links every facet value (hundreds of committees).
        encoded = {k: f"{quote_plus(k)}={quote_plus(str(v))}" for k, v in params.items()}

        def link(**changes):
            """This search with ``changes`` (None or "" drops one), as urlencode writes it."""
            parts = [
                f"{quote_plus(k)}={quote_plus(str(changes[k]))}" if k in changes else encoded[k]
                for k in params
                if changes.get(k, params[k]) not in (None, "")
            ]
            parts += [
                f"{quote_plus(k)}={quote_plus(str(v))}"
                for k, v in changes.items()
                if k not in params and v not in (None, "")
            ]
            return "?" + "&".join(parts)

        for name, entries in facet_rows.items():
            for entry in entries:
                if name == "year":
                    entry["url"] = link(year_from=entry["value"], year_to=entry["value"])
                    entry["active"] = (
                        params.get("year_from") == params.get("year_to") == str(entry["value"])
                    )
                else:
                    entry["url"] = link(**{name: entry["value"]})
                    entry["active"] = str(params.get(name, "")) == str(entry["value"])
        context = {
            "form": form,
            "query": query,
            "pieces": form.pieces,
            "notices": notices,
            "results": rows,
            "count": count,
            "facets": facet_rows,
            "page": page,
            "num_pages": num_pages,
            "first_number": (page - 1) * PER_PAGE + 1,
            "previous_url": link(page=page - 1) if page > 1 else None,
            "next_url": link(page=page + 1) if page < num_pages else None,
            "page_links": [
                {"number": n, "url": link(page=n), "current": n == page}
                for n in range(max(1, page - 4), min(num_pages, page + 4) + 1)
            ],
            "clear_filters_url": link(committee=None, year_from=None, year_to=None, term=None),
            # This page's results for a reference manager.
            "reference_links": [
                (references.LABELS[fmt], link(page=page, format=fmt), references.MEDIA_TYPES[fmt])
                for fmt in references.FORMATS
            ],
            "trend": self._trend(form, trend_rows, facets, names, link) if count else None,
        }
        return self.render_to_response(context)

    @staticmethod
    def _references(request, fmt, results, pieces):
        """The page's results (at most ``PER_PAGE``, in their order) as references, read from
        the database so that they are built from the one mapping of a session."""
        slugs = [r.slug for r in results if r is not None]
        found = (
            Session.objects.published()
            .select_related("committee")
            .in_bulk(slugs, field_name="slug")
        )
        items = [
            references.reference(
                found[slug], request.build_absolute_uri(found[slug].get_absolute_url())
            )
            for slug in slugs
            if slug in found
        ]
        # Only letters, digits and Han characters of the query reach the file name.
        words = [run for piece in pieces for run in WORD_RUN_RE.findall(piece)]
        return references.response(fmt, items, "-".join(["search", *words])[:80])

    def _busy(self, request):
        return self._refused(
            request,
            request.GET.get("q", "")[:100],
            "busy",
            _("检索繁忙:此刻同时进行的检索太多。请 %(seconds)d 秒后再试。")
            % {"seconds": retry_after()},
            retry=retry_after(),
        )

    def _refused(self, request, query: str, reason: str, message: str, retry: int | None = None):
        """503: the search was not run (every slot busy) or was cut off (too long)."""
        output = request.GET.get("format")
        if output == "json":
            response = _json_response({"query": query, "error": reason, "message": message})
        elif output == "csv":
            response = HttpResponse(message, content_type="text/plain; charset=utf-8")
        else:
            response = render(
                request,
                "search/refused.html",
                {"query": query, "reason": reason, "message": message},
            )
        response.status_code = 503
        if retry is not None:
            response["Retry-After"] = str(retry)
        return response

    @staticmethod
    def _trend(form, trend_rows, facets, names, link) -> dict:
        """The trend section: the bar chart (each bar a link to that year), its table twin, the
        links switching the bars between counts and shares, the CSV, the top committees."""
        measure = form.usable("chart") or trend.COUNT
        for row in trend_rows:
            row["url"] = link(year_from=row["year"], year_to=row["year"])
        chart = trend.chart(trend_rows, measure)
        year_from, year_to = form.year_range()
        committees = trend.top_committees(
            facets.get("committee", []),
            names,
            term=form.usable("term"),
            year_from=year_from,
            year_to=year_to,
        )
        for committee in committees:
            committee["url"] = link(committee=committee["slug"])
        return {
            "rows": trend_rows,
            "chart": chart,
            "measure": measure,
            "count_url": link(chart=None),
            "share_url": link(chart=trend.SHARE),
            "csv_url": link(format="csv", chart=None),
            "committees": committees,
        }

    @staticmethod
    def _row(result, query: str) -> dict:
        url = reverse("plenums:session", args=[result.slug])
        return shapes.search_row(result, hit_url(url, query, getattr(result, "body", "")))
