"""Read-only public pages of the archive, each a class-based view with a ``?format=json`` twin."""

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from plenums import chinese, shapes
from plenums.citation import citation
from plenums.json_twin import FormatError, JsonTwinMixin
from plenums.middleware import verbatim
from plenums.models import Appearance, Committee, KeyPhrase, Person, Session
from plenums.paragraphs import paragraphs
from plenums.sequence import neighbours, phrase_changes, terms_with_gaps
from plenums.timeline import timeline_svg
from search.marks import PARAMETER as HIGHLIGHT
from search.marks import QueryMarks

LATEST_COUNT = 10
PAGE_SIZE = 500


def _with_query(request, url: str) -> str:
    """``url`` with the request's query string, so a redirected ``?format=json`` stays JSON."""
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


# --- home -------------------------------------------------------------------------------------


class HomeView(JsonTwinMixin, TemplateView):
    template_name = "plenums/home.html"

    def get_context_data(self, **kwargs):
        published = Session.objects.published()
        counts = {
            "sessions": published.count(),
            "committees": Committee.objects.with_published_sessions().count(),
            "people": Person.objects.in_published_sessions().count(),
            "phrases": KeyPhrase.objects.in_published_sessions().count(),
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


# --- sessions ---------------------------------------------------------------------------------


class SessionDetailView(JsonTwinMixin, DetailView):
    template_name = "plenums/session.html"
    context_object_name = "session"

    def get_queryset(self):
        # Speakers link to their person, whose URL names the person's committee.
        return Session.objects.published().with_shapes()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        session = self.object
        if self.wants_json():
            return {"session": session}
        previous, following = neighbours(session)
        warnings = [dict(w) for w in session.warnings]
        permalink = self.absolute(session.get_absolute_url())
        # Opened from a search (?hl=…): the query's matches are marked in the text.
        marks = QueryMarks(self.request.GET.get(HIGHLIGHT, ""))
        return {
            "session": session,
            "marks": marks,
            "paragraphs": marks.apply(paragraphs(session.cleaned_text, warnings)),
            "warnings": warnings,
            "appearances": session.appearances.all(),
            "documents": session.documents.all(),
            "occurrences": session.phrases.all(),
            "previous": previous,
            "following": following,
            "changes": phrase_changes(session, previous),
            "permalink": permalink,
            "citation": citation(session, permalink),
            # Only web addresses become links: a stored javascript: or data: URL stays inert.
            "source_href": session.source_url
            if session.source_url.lower().startswith(("http://", "https://"))
            else "",
            "json_url": session.get_absolute_url() + "?format=json",
        }

    def get_json(self, context):
        return shapes.session_json(context["session"])


@method_decorator(require_safe, name="dispatch")
class SessionOriginalView(View):
    """The verbatim decoded original, served as plain text and never script-converted."""

    def get(self, request, slug):
        session = get_object_or_404(Session.objects.published(), slug=slug)
        response = HttpResponse(session.original_text, content_type="text/plain; charset=utf-8")
        return verbatim(response)


# --- committees -------------------------------------------------------------------------------


class CommitteeListView(JsonTwinMixin, TemplateView):
    template_name = "plenums/committee_list.html"

    def get_context_data(self, **kwargs):
        committees = Committee.objects.with_published_count().order_by("parent_region", "region")
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
        return get_object_or_404(Committee, slug=self.kwargs["slug"])

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


# --- paged indexes: people and key phrases ----------------------------------------------------


class PagedIndexView(JsonTwinMixin, ListView):
    """A paged index of named rows annotated with ``n``; a bad ``page`` is a 400 naming it.

    The template gets the page as ``context_object_name`` and as ``page``; the JSON lists each
    row's ``key``, ``extra(row)`` and ``n`` as ``count_key``, with links to the other pages.
    """

    key = "name"
    count_key = "n"

    def extra(self, row) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        paginator = Paginator(self.object_list, PAGE_SIZE)
        raw = self.request.GET.get("page", "1")
        if not raw.isdigit() or not 1 <= int(raw) <= paginator.num_pages:
            raise FormatError(
                f"page: expected a whole number from 1 to {paginator.num_pages}, got {raw!r}"
            )
        page = paginator.page(int(raw))
        return {self.context_object_name: page, "page": page}

    def get_json(self, context):
        page = context["page"]
        results = [
            {
                self.key: getattr(row, self.key),
                **self.extra(row),
                self.count_key: row.n,
                "url": self.absolute(row.get_absolute_url()),
            }
            for row in page
        ]

        def link(number):
            return self.absolute(f"{self.request.path}?format=json&page={number}")

        return {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": results,
        }


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


class PhraseListView(PagedIndexView):
    template_name = "plenums/phrase_list.html"
    context_object_name = "phrases"
    key = "phrase"
    count_key = "sessions"

    def get_queryset(self):
        return KeyPhrase.objects.counted_in_published_sessions().order_by("-n", "phrase")


# --- people -----------------------------------------------------------------------------------


class PersonNameView(JsonTwinMixin, TemplateView):
    """Everyone of one name: a single person redirects to their page, namesakes are listed."""

    template_name = "plenums/person_name.html"

    def get(self, request, name):
        people = list(
            Person.objects.named(name)
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
            if simplified != name and Person.objects.named(simplified).exists():
                return HttpResponsePermanentRedirect(
                    _with_query(request, reverse("plenums:person_name", args=[simplified]))
                )
            raise Http404(f"no person {name!r}")
        # Someone met only at unpublished sessions is listed only when nobody else is.
        people = [p for p in people if p.n] or people
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
    committee = Committee.objects.filter(slug=committee_slug).first()
    simplified = chinese.to_simplified(name)
    person = committee and Person.objects.of_committee(committee, simplified)
    if not person:
        raise Http404(f"no person {name!r} at committee {committee_slug!r}")
    if person.name == simplified and person.committee_id == committee.pk:
        return HttpResponsePermanentRedirect(person.get_absolute_url())
    return HttpResponseRedirect(person.get_absolute_url())


def _published_rows(rows) -> list:
    """Rows tied to a session (appearances, phrase occurrences), published ones, oldest first."""
    return list(rows.in_published_sessions().select_related("session__committee").chronological())


class PersonDetailView(JsonTwinMixin, TemplateView):
    template_name = "plenums/person.html"

    def get(self, request, name, committee):
        person = (
            Person.objects.select_related("committee")
            .filter(name=name, committee__slug=committee)
            .first()
        )
        if person is None:
            return _person_moved(name, committee)
        appearances = _published_rows(person.appearances)
        namesakes = Person.objects.named(person.name).exclude(pk=person.pk).count()
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


# --- key phrases ------------------------------------------------------------------------------


class PhraseDetailView(JsonTwinMixin, TemplateView):
    template_name = "plenums/phrase.html"

    def get(self, request, phrase):
        key_phrase = KeyPhrase.objects.filter(phrase=phrase).first()
        if key_phrase is None:
            # A Traditional spelling of a stored phrase redirects to its canonical URL.
            simplified = chinese.to_simplified(phrase)
            if simplified != phrase and KeyPhrase.objects.filter(phrase=simplified).exists():
                return redirect("plenums:phrase", simplified, permanent=True)
            raise Http404(f"no keyphrase {phrase!r}")
        occurrences = _published_rows(key_phrase.occurrences)
        if self.wants_json():
            return self.render_to_response({"phrase": key_phrase, "occurrences": occurrences})
        return self.render_to_response(
            {
                "phrase": key_phrase,
                "occurrences": occurrences,
                "timeline": timeline_svg(occurrences),
                "total": sum(o.count for o in occurrences),
            }
        )

    def get_json(self, context):
        return {
            "phrase": context["phrase"].phrase,
            "sessions": [
                {"session": self.brief(o.session), "count": o.count, "sentence": o.sentence}
                for o in context["occurrences"]
            ],
        }


# --- data index, robots -----------------------------------------------------------------------


class DataIndexView(JsonTwinMixin, TemplateView):
    template_name = "plenums/data.html"

    def get_context_data(self, **kwargs):
        return {}

    def get_json(self, context):
        return {
            name: self.absolute(reverse(f"plenums:{name}"))
            for name in ("data_json", "data_csv", "feed", "sitemap")
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
