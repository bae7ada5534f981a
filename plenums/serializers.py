"""Session rows back into SessionRecord, so the public JSON has the parser's one definition."""

from plenums.ingest import records
from plenums.models import Session

# Prefetches that let session_record() read a session's children without further queries.
SESSION_PREFETCH = ("appearances__person", "documents", "phrases__phrase")


def session_record(session: Session) -> records.SessionRecord:
    """Rebuild the parser's record from a session loaded with ``SESSION_PREFETCH``."""
    committee = session.committee
    source = (
        records.Source(name=session.source_name, url=session.source_url, title=session.source_title)
        if session.source_name or session.source_url
        else None
    )
    return records.SessionRecord(
        file=session.original_filename,
        committee=records.Committee(
            name=committee.name,
            region=committee.region,
            parent_region=committee.parent_region,
            level=committee.level,
        ),
        term=session.term,
        plenum=session.plenum,
        expanded=session.expanded,
        date=records.SessionDate(
            year=session.year, month=session.month, day=session.day, inferred=session.date_inferred
        ),
        title=session.title,
        source=source,
        script=session.script,
        speakers=[
            records.Speaker(
                name=a.person.name,
                name_as_printed=a.name_as_printed,
                roles=list(a.roles),
                actions=list(a.actions),
            )
            for a in session.appearances.all()
        ],
        attendance=records.Attendance(
            members=session.attendance_members, alternates=session.attendance_alternates
        ),
        documents=[
            records.Document(title=d.title, action=d.action, kind=d.kind)
            for d in session.documents.all()
        ],
        key_phrases=[
            records.KeyPhrase(phrase=o.phrase.phrase, count=o.count, sentence=o.sentence)
            for o in session.phrases.all()
        ],
        cleaning=[
            records.CleaningStep(step=c["step"], count=c["count"]) for c in session.cleaning_log
        ],
        warnings=[
            records.Warning(kind=w["kind"], offset=w["offset"], excerpt=w["excerpt"])
            for w in session.warnings
        ],
        text=session.cleaned_text,
        original=session.original_text,
        sha256=session.sha256,
        encoding=session.original_encoding,
    )


def session_json(session: Session) -> dict:
    return session_record(session).as_json()
