"""The home page (counts, a year-by-committee timeline, latest sessions), data index, robots."""

from itertools import groupby

from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from plenums.models import Committee, KeyPhrase, Person, Session
from plenums.web.views.public_page import JsonTwinMixin

LATEST_COUNT = 10
# A year naming more committees than this shows its counts and a link to the committee list,
# not a chip per committee.
YEAR_CHIPS = 60


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
        timeline = self.timeline(published)
        latest = list(published.select_related("committee").latest_first()[:LATEST_COUNT])
        return {"counts": counts, "timeline": timeline, "latest": latest}

    @staticmethod
    def timeline(published) -> list[dict]:
        """A row per year, newest first: its sessions and committees counted, and a chip per
        committee where the year names at most ``YEAR_CHIPS`` of them (``committees`` is None
        beyond): a national archive's year would otherwise be thousands of chips. Two aggregate
        queries at any size, both answered from an index of published sessions."""
        years = list(
            published.values("year")
            .annotate(n=Count("id"), committee_count=Count("committee", distinct=True))
            .order_by("-year")
        )
        chipped = [y["year"] for y in years if y["committee_count"] <= YEAR_CHIPS]
        in_chipped = Q(year__in=[y for y in chipped if y is not None])
        if None in chipped:
            in_chipped |= Q(year__isnull=True)
        cells = (
            published.filter(in_chipped)
            .values("year", "committee__name", "committee__slug", "committee__region")
            .annotate(n=Count("id"))
            .order_by("-year", "committee__parent_region", "committee__region")
            if chipped
            else []
        )
        # Links and labels built once here rather than reversed and translated per chip in the
        # template.
        committee_url = reverse("plenums:committee", args=["-"])[: -len("-/")]
        chips = {
            year: [
                dict(
                    c,
                    url=f"{committee_url}{c['committee__slug']}/",
                    label=ngettext("%(n)s 次", "%(n)s 次", c["n"]) % {"n": c["n"]},
                )
                for c in rows
            ]
            for year, rows in groupby(cells, key=lambda c: c["year"])
        }
        return [
            {
                "year": y["year"],
                "sessions": y["n"],
                "committee_count": y["committee_count"],
                "committees": chips.get(y["year"]),
            }
            for y in years
        ]

    def get_json(self, context):
        return {
            "counts": context["counts"],
            "timeline": [
                {
                    "year": t["year"],
                    "sessions": t["sessions"],
                    "committee_count": t["committee_count"],
                    # null where the year names more committees than the page lists
                    "committees": None
                    if t["committees"] is None
                    else [
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
