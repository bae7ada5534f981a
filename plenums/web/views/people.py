"""People: the index, everyone of one name, and one person's appearances."""

from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from plenums import chinese
from plenums.models import Appearance, Committee, Person
from plenums.web.views.paged import PagedIndexView
from plenums.web.views.public_page import JsonTwinMixin


def _with_query(request, url: str) -> str:
    """``url`` with the request's query string, so a redirected ``?format=json`` stays JSON."""
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


class PersonListView(PagedIndexView):
    template_name = "plenums/person_list.html"
    context_object_name = "people"
    count_key = "appearances"

    def get_queryset(self):
        return (
            Person.objects.counted_in_published_sessions()
            .select_related("committee")
            .order_by("name", "committee__parent_region", "committee__region", "pk")
        )

    def extra(self, row) -> dict:
        return {"committee": row.committee.name}


class PersonNameView(JsonTwinMixin, TemplateView):
    """Everyone of one name: a single person redirects to their page, namesakes are listed."""

    template_name = "plenums/person_name.html"

    def get(self, request, name):
        people = list(
            Person.objects.public()
            .named(name)
            .select_related("committee")
            .with_published_count()
            .prefetch_related(
                Prefetch(
                    "appearances",
                    queryset=Appearance.objects.in_published_sessions()
                    .select_related("session")
                    .chronological(),
                    to_attr="published_appearances",
                )
            )
            .order_by("committee__parent_region", "committee__region", "pk")
        )
        if not people:
            simplified = chinese.to_simplified(name)
            if simplified != name and Person.objects.public().named(simplified).exists():
                return HttpResponsePermanentRedirect(
                    _with_query(request, reverse("plenums:person_name", args=[simplified]))
                )
            raise Http404(f"no person {name!r}")
        if len(people) == 1:
            # Not permanent: a namesake ingested later turns this URL into a list.
            return HttpResponseRedirect(_with_query(request, people[0].get_absolute_url()))
        for person in people:
            seen = person.published_appearances
            person.roles = list(dict.fromkeys(r for a in seen for r in a.roles))
            person.first_session = seen[0].session if seen else None
            person.last_session = seen[-1].session if seen else None
        return self.render_to_response({"name": name, "people": people})

    def get_json(self, context):
        return {
            "name": context["name"],
            "people": [
                {
                    "name": p.name,
                    "committee": self.committee_json(p.committee),
                    "appearances": p.n,
                    "roles": p.roles,
                    "url": self.absolute(p.get_absolute_url()),
                }
                for p in context["people"]
            ],
        }


def _person_moved(name, committee_slug):
    """Where ``/people/<name>/<committee>/`` went: the canonical spelling (permanently), or the
    person staff merged this one into (for now: a merge can be undone); else 404."""
    committee = Committee.objects.public().filter(slug=committee_slug).first()
    simplified = chinese.to_simplified(name)
    person = committee and Person.objects.of_committee(committee, simplified)
    if not person or not Person.objects.public().filter(pk=person.pk).exists():
        raise Http404(f"no person {name!r} at committee {committee_slug!r}")
    if person.name == simplified and person.committee_id == committee.pk:
        return HttpResponsePermanentRedirect(person.get_absolute_url())
    return HttpResponseRedirect(person.get_absolute_url())


class PersonDetailView(JsonTwinMixin, TemplateView):
    template_name = "plenums/person.html"

    def get(self, request, name, committee):
        person = (
            Person.objects.public()
            .select_related("committee")
            .filter(name=name, committee__slug=committee)
            .first()
        )
        if person is None:
            return _person_moved(name, committee)
        appearances = list(person.appearances.published_chronological())
        namesakes = Person.objects.public().named(person.name).exclude(pk=person.pk).count()
        return self.render_to_response(
            {"person": person, "appearances": appearances, "namesakes": namesakes}
        )

    def get_json(self, context):
        person = context["person"]
        return {
            "name": person.name,
            "committee": self.committee_json(person.committee),
            "namesakes": context["namesakes"],
            "appearances": [
                {
                    "session": self.brief(a.session),
                    "name_as_printed": a.name_as_printed,
                    "roles": a.roles,
                    "actions": a.actions,
                }
                for a in context["appearances"]
            ],
        }
