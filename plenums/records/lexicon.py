"""Keep phrase occurrences equal to the lexicon counted in each session's text."""

from collections import Counter

from django.db import transaction

from plenums.ingest.phrase_counts import Lexicon
from plenums.models import KeyPhrase, PhraseOccurrence, Session


@transaction.atomic
def recount(phrases=None, sessions=None) -> Counter:
    """Count ``phrases`` (KeyPhrase rows; default: the whole lexicon) in ``sessions`` (default:
    every session) and bring their occurrences in line; return counts by outcome.

    Only rows whose count or sentence changed are written, each saved or deleted singly so the
    history records it and the search index and page caches follow (see search.signals and
    plenums.web.caching). All or nothing: one transaction.
    """
    phrases = list(KeyPhrase.objects.all() if phrases is None else phrases)
    sessions = Session.objects.all() if sessions is None else sessions
    by_text = {p.phrase: p for p in phrases}
    counter = Lexicon(by_text)
    existing: dict[tuple[int, int], PhraseOccurrence] = {
        (o.session_id, o.phrase_id): o
        for o in PhraseOccurrence.objects.filter(
            phrase__in=phrases, session__in=sessions.values("pk")
        )
    }
    counts: Counter = Counter(phrases=len(phrases))
    for session_pk, text in sessions.order_by("pk").values_list("pk", "cleaned_text").iterator():
        counts["sessions"] += 1
        for found in counter.count(text):
            phrase = by_text[found.phrase]
            row = existing.pop((session_pk, phrase.pk), None)
            if row is None:
                PhraseOccurrence.objects.create(
                    session_id=session_pk, phrase=phrase, count=found.count, sentence=found.sentence
                )
                counts["created"] += 1
            elif (row.count, row.sentence) != (found.count, found.sentence):
                row.count, row.sentence = found.count, found.sentence
                row.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    # What is left is no longer in its session's text.
    for row in existing.values():
        row.delete()
        counts["removed"] += 1
    return counts
