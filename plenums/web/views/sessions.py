"""A session's page (text, speakers, documents, phrases, neighbours, citation) and its original."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from plenums.models import Session
from plenums.records import shapes
from plenums.web import facts, references
from plenums.web.citation import citation
from plenums.web.middleware import LANG_ATTRIBUTE, reader_script, verbatim
from plenums.web.paragraphs import paragraphs
from plenums.web.sequence import key_phrases, neighbours, phrase_changes
from plenums.web.views.public_page import JsonTwinMixin
from search.page.marks import PARAMETER as HIGHLIGHT
from search.page.marks import QueryMarks


class SessionDetailView(JsonTwinMixin, DetailView):
    template_name = "plenums/session.html"
    context_object_name = "session"
    formats = ("html", "json", *references.FORMATS)

    def get_queryset(self):
        sessions = Session.objects.published()
        if self.wants_json():
            return sessions.with_shapes()
        # The page reads its rows in get_context_data, each list in one query: on one session
        # the prefetch machinery only adds to the cost.
        return sessions.select_related("committee")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        fmt = self.output_format()
        if fmt in references.FORMATS:
            session = self.get_object()
            item = references.reference(session, self.absolute(session.get_absolute_url()))
            return references.response(fmt, [item], session.slug)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        session = self.object
        if self.wants_json():
            return {"session": session}
        previous, following = neighbours(session)
        warnings = [dict(w) for w in session.warnings]
        path = session.get_absolute_url()
        permalink = self.absolute(path)
        # The meta tags are converted with the whole page: their language is the page's script.
        script = getattr(self.request, "script", None) or reader_script(self.request)
        reference = references.reference(session, permalink)
        occurrences, before = key_phrases(session, previous)
        # Rows as tuples of what the page shows (plenums.web.session_html): no model instances.
        # Speakers link to their person, whose URL names the person's committee.
        appearances = list(
            session.appearances.in_session_order().values_list(
                "person__name",
                "person__committee__slug",
                "roles",
                "actions",
                "evidence",
                "role_evidence",
                "doubt",
            )
        )
        documents = list(
            session.documents.in_session_order().values_list("action", "title", "evidence", "doubt")
        )
        items = paragraphs(session.cleaned_text, warnings)
        spans = facts.session_spans(session, appearances, documents)
        fact_links = facts.FactLinks(path, items, spans)
        # A fact's link (?fact=…) marks its span; else, opened from a search (?hl=…), the
        # query's matches are marked. One kind of mark at a time: a marked segment is HTML.
        fact = spans.get(self.request.GET.get(facts.PARAMETER, ""))
        marks = QueryMarks("" if fact else self.request.GET.get(HIGHLIGHT, ""))
        items = facts.mark(items, fact) if fact else marks.apply(items)
        return {
            "session": session,
            "marks": marks,
            "fact_marked": fact is not None,
            "paragraphs": items,
            "warnings": warnings,
            "appearances": [
                (
                    *row[:4],
                    fact_links.href(f"speaker-{i}"),
                    [fact_links.href(f"role-{i}-{j}") for j in range(1, len(row[2]) + 1)],
                    row[6],
                )
                for i, row in enumerate(appearances, 1)
            ],
            "documents": [
                (action, title, fact_links.href(f"document-{i}"), doubt)
                for i, (action, title, _, doubt) in enumerate(documents, 1)
            ],
            "fact_links": {key: fact_links.href(key) for key in ("date", "members", "alternates")},
            "occurrences": occurrences,
            "previous": previous,
            "following": following,
            "changes": phrase_changes(occurrences, before),
            "permalink": permalink,
            "citation": citation(session, permalink),
            "citation_meta": references.meta_tags(reference, LANG_ATTRIBUTE[script]),
            "reference_links": [
                (references.LABELS[fmt], f"{path}?format={fmt}", references.MEDIA_TYPES[fmt])
                for fmt in references.FORMATS
            ],
            # Only web addresses become links: a stored javascript: or data: URL stays inert.
            "source_href": session.source_url
            if session.source_url.lower().startswith(("http://", "https://"))
            else "",
            "json_url": path + "?format=json",
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
