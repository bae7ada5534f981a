"""How a committee's sessions follow each other: numbering gaps, neighbours, phrase changes."""

from itertools import groupby
from operator import itemgetter

from plenums.models import PhraseOccurrence, Session


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


# What a link to a neighbour shows (its URL and plenum's name), in the model's field order as
# Model.from_db() takes them.
_NEIGHBOUR_FIELDS = tuple(
    f.attname
    for f in Session._meta.concrete_fields
    if f.attname in {"id", "slug", "term", "plenum", "expanded"}
)
_NUMBERING = itemgetter(_NEIGHBOUR_FIELDS.index("term"), _NEIGHBOUR_FIELDS.index("plenum"))


def neighbours(session):
    """The published sessions of ``session``'s committee just before and after it in numbering
    (None where there is none), with what a link to them shows: one query. A committee holds
    dozens of sessions at most, so they are read at once and picked here."""
    # Rows, not instances: only the two picked become sessions (Model.from_db).
    siblings = (
        Session.objects.published()
        .of_committee(session.committee_id)
        .order_by("term", "plenum")
        .values_list(*_NEIGHBOUR_FIELDS)
    )
    previous = following = None
    here = (session.term, session.plenum)
    for row in siblings:
        if _NUMBERING(row) < here:
            previous = row
        elif _NUMBERING(row) > here:
            following = row
            break
    return tuple(
        None if row is None else Session.from_db(siblings.db, _NEIGHBOUR_FIELDS, row)
        for row in (previous, following)
    )


def key_phrases(session, previous) -> tuple[list[tuple[str, int]], dict | None]:
    """The key phrases of ``session`` as (phrase, count) in its order (most frequent first), and
    those of the session before it as {phrase: count} (None when there is none): one query."""
    sessions = [session.pk] if previous is None else [session.pk, previous.pk]
    rows = (
        PhraseOccurrence.objects.filter(session__in=sessions)
        .in_session_order()
        .values_list("session_id", "phrase__phrase", "count")
    )
    now, before = [], (None if previous is None else {})
    for session_id, phrase, count in rows:
        if session_id == session.pk:
            now.append((phrase, count))
        else:
            before[phrase] = count
    return now, before


def phrase_changes(now: list[tuple[str, int]], before: dict | None) -> dict | None:
    """What changed in the key phrases since the session before (``key_phrases``): phrases new,
    dropped and kept (with both counts); None when there is no session before."""
    if before is None:
        return None
    now = dict(now)
    return {
        "new": sorted(p for p in now if p not in before),
        "dropped": sorted(p for p in before if p not in now),
        "kept": [
            {"phrase": p, "before": before[p], "now": now[p]} for p in sorted(now) if p in before
        ],
    }
