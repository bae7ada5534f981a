"""The committee list and a committee's page: its sessions term by term, gaps included."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from plenums.models import Committee, Session
from plenums.web.sequence import terms_with_gaps
from plenums.web.views.public_page import JsonTwinMixin


class CommitteeListView(JsonTwinMixin, TemplateView):
    template_name = "plenums/committee_list.html"

    def get_context_data(self, **kwargs):
        committees = (
            Committee.objects.public().with_published_count().order_by("parent_region", "region")
        )
        return {"committees": committees}

    def get_json(self, context):
        return [
            {
                "name": c.name,
                "slug": c.slug,
                "region": c.region,
                "parent_region": c.parent_region,
                "level": c.level,
                "sessions": c.n,
                "url": self.absolute(c.get_absolute_url()),
            }
            for c in context["committees"]
        ]


class CommitteeDetailView(JsonTwinMixin, DetailView):
    model = Committee
    template_name = "plenums/committee.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Committee.objects.public(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        committee = self.object
        sessions = list(
            Session.objects.published()
            .of_committee(committee)
            .select_related("committee")
            .order_by("term", "plenum")
        )
        return {
            "committee": committee,
            "terms": terms_with_gaps(sessions),
            "count": len(sessions),
        }

    def get_json(self, context):
        committee = context["committee"]
        return {
            "name": committee.name,
            "slug": committee.slug,
            "region": committee.region,
            "parent_region": committee.parent_region,
            "level": committee.level,
            "terms": [
                {
                    "term": t["term"],
                    "missing_plenums": t["missing"],
                    "sessions": [self.brief(s["session"]) for s in t["slots"] if "session" in s],
                }
                for t in context["terms"]
            ],
        }
