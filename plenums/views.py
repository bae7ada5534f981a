"""Read-only public pages of the archive: home, sessions, committees, people and key phrases."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from plenums.models import Committee, KeyPhrase, Person, Session


@require_safe
def home(request):
    sessions = Session.objects.published().select_related("committee").latest_first()
    return render(request, "plenums/home.html", {"sessions": sessions})


@require_safe
def session_detail(request, slug):
    session = get_object_or_404(Session.objects.published().select_related("committee"), slug=slug)
    return render(request, "plenums/session.html", {"session": session})


@require_safe
def committee_detail(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    sessions = committee.sessions.published().order_by("term", "plenum")
    return render(request, "plenums/committee.html", {"committee": committee, "sessions": sessions})


@require_safe
def person_detail(request, name):
    person = get_object_or_404(Person, name=name)
    appearances = person.appearances.filter(session__published=True).select_related(
        "session__committee"
    )
    return render(request, "plenums/person.html", {"person": person, "appearances": appearances})


@require_safe
def phrase_detail(request, phrase):
    key_phrase = get_object_or_404(KeyPhrase, phrase=phrase)
    occurrences = key_phrase.occurrences.filter(session__published=True).select_related(
        "session__committee"
    )
    return render(
        request, "plenums/phrase.html", {"phrase": key_phrase, "occurrences": occurrences}
    )
