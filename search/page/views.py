"""The search page (/search/) and its JSON twin (?format=json); any input gets a normal answer."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from haystack.generic_views import SearchView

from plenums.web import references
from plenums.web.inert_json import json_response
from search.backend.whoosh_backend import SearchTimedOut
from search.page.archive_search import PER_PAGE, ArchiveSearch
from search.page.forms import ArchiveSearchForm
from search.serving.limits import Busy, retry_after, time_limit


class ArchiveSearchView(SearchView):
    form_class = ArchiveSearchForm
    template_name = "search/search.html"
    load_all = False
    paginate_by = PER_PAGE

    def get(self, request, *args, **kwargs):
        search = ArchiveSearch(request, self.get_form(self.get_form_class()))
        try:
            search.run()
        except Busy:
            message = _("检索繁忙:此刻同时进行的检索太多。请 %(seconds)d 秒后再试。")
            query = request.GET.get("q", "")[:100]
            seconds = retry_after()
            return refused(request, query, "busy", message % {"seconds": seconds}, seconds)
        except SearchTimedOut:
            message = _(
                "检索用时超过 %(seconds)g 秒,已中止。"
                "请换用更长或更具体的词语,或加上委员会、年份等筛选条件。"
            )
            return refused(request, search.query, "timeout", message % {"seconds": time_limit()})
        if search.output in references.FORMATS:
            return search.references()
        if search.output == "csv":
            return search.csv()
        if search.output == "json":
            return json_response(search.as_json())
        return self.render_to_response(search.context())


def refused(request, query: str, reason: str, message: str, retry: int | None = None):
    """503: the search was not run (every slot busy) or was cut off (too long)."""
    output = request.GET.get("format")
    if output == "json":
        response = json_response({"query": query, "error": reason, "message": message})
    elif output == "csv":
        response = HttpResponse(message, content_type="text/plain; charset=utf-8")
    else:
        context = {"query": query, "reason": reason, "message": message}
        response = render(request, "search/refused.html", context)
    response.status_code = 503
    if retry is not None:
        response["Retry-After"] = str(retry)
    return response
