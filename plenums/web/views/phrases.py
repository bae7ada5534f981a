"""Key phrases: the index by number of sessions, and one phrase's sessions and timeline."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from plenums import chinese
from plenums.models import KeyPhrase
from plenums.web.timeline import timeline_svg
from plenums.web.views.paged import PagedIndexView
from plenums.web.views.public_page import JsonTwinMixin


class PhraseListView(PagedIndexView):
    template_name = "plenums/phrase_list.html"
    context_object_name = "phrases"
    key = "phrase"
    count_key = "sessions"

    def get_queryset(self):
        return KeyPhrase.objects.counted_in_published_sessions().order_by("-n", "phrase")


class PhraseDetailView(JsonTwinMixin, TemplateView):
    template_name = "plenums/phrase.html"

    def get(self, request, phrase):
        key_phrase = KeyPhrase.objects.public().filter(phrase=phrase).first()
        if key_phrase is None:
            # A Traditional spelling of a stored phrase redirects to its canonical URL.
            simplified = chinese.to_simplified(phrase)
            if (
                simplified != phrase
                and KeyPhrase.objects.public().filter(phrase=simplified).exists()
            ):
                return redirect("plenums:phrase", simplified, permanent=True)
            raise Http404(f"no keyphrase {phrase!r}")
        occurrences = list(key_phrase.occurrences.published_chronological())
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
