"""Keep each fact's span and doubt true when staff edit a session: re-point them or drop them."""

from plenums.ingest.records import Span, span_json
from plenums.ingest.spans import find, moved

_DATE_FIELDS = {"year", "month", "day", "date_inferred"}
_COUNTS = {"members": "attendance_members", "alternates": "attendance_alternates"}


def _move(old_text: str, text: str, value: dict | None) -> dict | None:
    return span_json(moved(old_text, text, Span.from_json(value)))


def _near(value: dict | None) -> int:
    return value["offset"] if value else 0


def _printed_date(session) -> str:
    """How a report most often prints the date staff gave: 12月29日, else 2024年."""
    if session.month and session.day:
        return f"{session.month}月{session.day}日"
    if session.year and session.month:
        return f"{session.year}年{session.month}月"
    return f"{session.year}年" if session.year else ""


def session_edited(session, old_text: str, changed) -> None:
    """A session's own facts after an edit (``changed``: the form's changed fields):
    an edited text moves every span to where its passage now stands; an edited fact is
    looked for in the text (else it has no span) and loses the parser's doubts, since a person
    has given it."""
    text, changed = session.cleaned_text, set(changed)
    for name in ("committee_evidence", "numbering_evidence", "date_evidence"):
        setattr(session, name, _move(old_text, text, getattr(session, name)))
    session.date_year_evidence = _move(old_text, text, session.date_year_evidence)
    counts = dict(session.attendance_evidence or {})
    session.attendance_evidence = {k: _move(old_text, text, counts.get(k)) for k in _COUNTS}
    if "committee" in changed:
        near = _near(session.committee_evidence)
        session.committee_evidence = span_json(find(text, session.committee.region, near))
        session.committee_doubt = []
    if changed & {"term", "plenum", "expanded"}:
        # 第七届…第九次 is printed in too many ways to look for; the staff's numbers stand alone.
        session.numbering_evidence = None
        session.committee_doubt = []
    if changed & _DATE_FIELDS:
        near = _near(session.date_evidence)
        session.date_evidence = span_json(find(text, _printed_date(session), near))
        if not session.date_inferred:
            session.date_year_evidence = None
        session.date_doubt = []
    for key, field in _COUNTS.items():
        if field in changed:
            n, near = getattr(session, field), _near(session.attendance_evidence[key])
            span = None
            if n is not None:
                span = find(text, f"{n}名", near) or find(text, f"{n}人", near)
            session.attendance_evidence[key] = span_json(span)
            session.attendance_doubt = []


def appearance_edited(row, initial: dict, changed, old_text: str, text: str) -> None:
    """A speaker after an edit: an edited name or role is looked for in the text near the
    name, an unchanged one follows the text; an edited speaker loses the parser's doubts."""
    changed = set(changed)
    if changed & {"person", "name_as_printed"}:
        row.evidence = span_json(find(text, row.name_as_printed, _near(row.evidence)))
    else:
        row.evidence = _move(old_text, text, row.evidence)
    old_roles = list(initial.get("roles") or [])
    old_spans = dict(zip(old_roles, row.role_evidence or [], strict=False))
    near = _near(row.evidence)
    row.role_evidence = [
        _move(old_text, text, old_spans[role])
        if role in old_spans
        else span_json(find(text, role, near))
        for role in row.roles
    ]
    if changed & {"person", "name_as_printed", "roles"}:
        row.doubt = []


def document_edited(row, changed, old_text: str, text: str) -> None:
    """A document after an edit: an edited title is looked for in the text, else it follows
    the text; an edited document loses the parser's doubts."""
    changed = set(changed)
    if "title" in changed:
        row.evidence = span_json(find(text, row.title, _near(row.evidence)))
    else:
        row.evidence = _move(old_text, text, row.evidence)
    if changed & {"title", "action"}:
        row.doubt = []
