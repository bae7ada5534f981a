"""How a committee's sessions follow each other: numbering gaps, neighbours, phrase changes."""

from itertools import groupby

from django.db.models import Q

from plenums.models import Session


def terms_with_gaps(sessions) -> list[dict]:
    """Group sessions by 届; runs of absent plenum numbers up to the highest seen become gaps."""
    terms = []
    for term, rows in groupby(sessions, key=lambda s: s.term):
        by_plenum = {s.plenum: s for s in rows}
        slots, missing = [], []
        for n in range(1, max(by_plenum) + 1):
            if n in by_plenum:
                slots.append({"session": by_plenum[n]})
                continue
            missing.append(n)
            if slots and "gap" in slots[-1] and slots[-1]["gap"][1] == n - 1:
                slots[-1]["gap"][1] = n
            else:
                slots.append({"gap": [n, n]})
        gaps = [slot["gap"] for slot in slots if "gap" in slot]
        terms.append({"term": term, "slots": slots, "missing": missing, "gaps": gaps})
    return terms


def neighbours(session):
    siblings = Session.objects.published().of_committee(session.committee)
    previous = (
        siblings.filter(Q(term__lt=session.term) | Q(term=session.term, plenum__lt=session.plenum))
        .order_by("-term", "-plenum")
        .prefetch_related("phrases__phrase")
        .first()
    )
    following = (
        siblings.filter(Q(term__gt=session.term) | Q(term=session.term, plenum__gt=session.plenum))
        .order_by("term", "plenum")
        .first()
    )
    return previous, following


def phrase_changes(session, previous) -> dict | None:
    if previous is None:
        return None
    now = {o.phrase.phrase: o.count for o in session.phrases.all()}
    before = {o.phrase.phrase: o.count for o in previous.phrases.all()}
    return {
        "new": sorted(p for p in now if p not in before),
        "dropped": sorted(p for p in before if p not in now),
        "kept": [
            {"phrase": p, "before": before[p], "now": now[p]} for p in sorted(now) if p in before
        ],
    }
