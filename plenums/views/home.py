"""The home page (counts, a year-by-committee timeline, latest sessions), data index, robots."""

from itertools import groupby

from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from plenums.json_twin import JsonTwinMixin
from plenums.models import Committee, KeyPhrase, Person, Session

LATEST_COUNT = 10


class HomeView(JsonTwinMixin, TemplateView):
    template_name = "plenums/home.html"

    def get_context_data(self, **kwargs):
        published = Session.objects.published()
        counts = {
            "sessions": published.count(),
            "committees": Committee.objects.public().count(),
            "people": Person.objects.public().count(),
            "phrases": KeyPhrase.objects.public().count(),
        }
        # One aggregate row per (year, committee): the timeline stays one query at any size.
        cells = (
            published.values("year", "committee__name", "committee__slug", "committee__region")
            .annotate(n=Count("id"))
            .order_by("-year", "committee__parent_region", "committee__region")
        )
        # The timeline has a chip per (year, committee): build links and labels once here rather
        # than reversing and translating per chip in the template (hundreds of chips at scale).
        committee_url = reverse("plenums:committee", args=["-"])[: -len("-/")]
        timeline = [
            {
                "year": year,
                "committees": [
                    dict(
                        c,
                        url=f"{committee_url}{c['committee__slug']}/",
                        label=ngettext("%(n)s 次", "%(n)s 次", c["n"]) % {"n": c["n"]},
                    )
                    for c in rows
                ],
            }
            for year, rows in groupby(cells, key=lambda c: c["year"])
        ]
        latest = list(published.select_related("committee").latest_first()[:LATEST_COUNT])
        return {"counts": counts, "timeline": timeline, "latest": latest}

    def get_json(self, context):
        return {
            "counts": context["counts"],
            "timeline": [
                {
                    "year": t["year"],
                    "committees": [
                        {"name": c["committee__name"], "sessions": c["n"]} for c in t["committees"]
                    ],
                }
                for t in context["timeline"]
            ],
            "latest": [self.brief(s) for s in context["latest"]],
        }


class DataIndexView(JsonTwinMixin, TemplateView):
    template_name = "plenums/data.html"

    def get_context_data(self, **kwargs):
        return {}

    def get_json(self, context):
        return {
            name: self.absolute(reverse(f"plenums:{name}"))
            for name in (
                "data_json",
                "data_csv",
                "datapackage",
                "schema_session",
                "schema_plenums",
                "feed",
                "sitemap",
            )
        }


@method_decorator(require_safe, name="dispatch")
class RobotsView(View):
    def get(self, request):
        sitemap = request.build_absolute_uri(reverse("plenums:sitemap"))
        lines = [
            "User-agent: *",
            "Disallow: /admin/",
            "Disallow: /script/",
            "Disallow: /language/",
            f"Sitemap: {sitemap}",
            "",
        ]
        return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
