"""Every shape of a session row (record, JSON, brief, CSV row, reference, feed, index, hit).

Pure Python: the site passes rows in (anything with a session's attributes), so no shape is
listed by hand anywhere else. A record's row fields (``ingest.row_fields``) and the plenum's name
(``ingest.plenum_names``) are the parser's, as it builds fixtures without the site.
"""

from plenums.ingest import records

# Prefetches that let session_record() read a session's children without further queries.

CSV_COLUMNS = [
    "slug", "url", "committee", "region", "parent_region", "term", "plenum", "expanded",
    "year", "month", "day", "date_inferred", "date_edtf", "title", "source_name", "source_url",
    "script", "attendance_members", "attendance_alternates", "speakers", "documents",
    "key_phrases", "warnings", "reviewed", "sha256", "original_filename", "text",
]  # fmt: skip


def partial_date(row) -> records.SessionDate:
    """A session row's date with its honest precision (see ``SessionDate.iso``)."""
    return records.SessionDate(
        year=row.year, month=row.month, day=row.day, inferred=row.date_inferred
    )


# --- row → record, JSON, brief, CSV -----------------------------------------------------------


def session_record(session) -> records.SessionRecord:
    """Rebuild the parser's record from a session row loaded with its children
    (``Session.objects.with_shapes()``)."""
    span = records.Span.from_json
    return records.SessionRecord(
        file=session.original_filename,
        committee=_committee_record(session),
        term=session.term,
        plenum=session.plenum,
        expanded=session.expanded,
        date=_date_record(session),
        title=session.title,
        source=_source_record(session),
        script=session.script,
        speakers=[_speaker_record(a) for a in session.appearances.all()],
        attendance=_attendance_record(session),
        documents=[_document_record(d) for d in session.documents.all()],
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
        numbering_evidence=span(session.numbering_evidence),
        origin=_origin_record(session),
        reviewed=session.reviewed_at is not None,
    )


def _committee_record(session) -> records.Committee:
    committee = session.committee
    return records.Committee(
        name=committee.name,
        region=committee.region,
        parent_region=committee.parent_region,
        level=committee.level,
        evidence=records.Span.from_json(session.committee_evidence),
        doubt=list(session.committee_doubt),
    )


def _date_record(session) -> records.SessionDate:
    date = partial_date(session)
    date.evidence = records.Span.from_json(session.date_evidence)
    date.year_evidence = records.Span.from_json(session.date_year_evidence)
    date.doubt = list(session.date_doubt)
    return date


def _source_record(session) -> records.Source | None:
    if not (session.source_name or session.source_url):
        return None
    return records.Source(
        name=session.source_name, url=session.source_url, title=session.source_title
    )


def _speaker_record(appearance) -> records.Speaker:
    span = records.Span.from_json
    return records.Speaker(
        name=appearance.person.name,
        name_as_printed=appearance.name_as_printed,
        roles=list(appearance.roles),
        actions=list(appearance.actions),
        evidence=span(appearance.evidence),
        role_evidence=[span(e) for e in appearance.role_evidence],
        doubt=list(appearance.doubt),
    )


def _attendance_record(session) -> records.Attendance:
    evidence = session.attendance_evidence or {}
    return records.Attendance(
        members=session.attendance_members,
        alternates=session.attendance_alternates,
        members_evidence=records.Span.from_json(evidence.get("members")),
        alternates_evidence=records.Span.from_json(evidence.get("alternates")),
        doubt=list(session.attendance_doubt),
    )


def _document_record(document) -> records.Document:
    return records.Document(
        title=document.title,
        action=document.action,
        kind=document.kind,
        evidence=records.Span.from_json(document.evidence),
        doubt=list(document.doubt),
    )


def _origin_record(session) -> records.Origin | None:
    if not (session.fetched_at or session.warc_record_id):
        return None
    return records.Origin(
        url=session.source_url,
        fetched_at=session.fetched_at.isoformat() if session.fetched_at else "",
        record_id=session.warc_record_id,
        captured=bool(session.warc_record_id),
    )


def session_json(session) -> dict:
    """The public JSON of a session: the parser's own shape (``SessionRecord.as_json``)."""
    return session_record(session).as_json()


def session_brief(session, url: str) -> dict:
    """A session as the index pages' JSON lists it; ``url`` is its (absolute) address."""
    return {
        "slug": session.slug,
        "url": url,
        "committee": session.committee.name,
        "term": session.term,
        "plenum": session.plenum,
        "expanded": session.expanded,
        "date": {
            "year": session.year,
            "month": session.month,
            "day": session.day,
            "inferred": session.date_inferred,
            "edtf": partial_date(session).edtf(),
        },
        "title": session.title,
    }


def csv_row(s, url: str) -> list:
    """A session as a row under ``CSV_COLUMNS``; ``url`` is its absolute address."""
    return [
        s.slug,
        url,
        s.committee.name,
        s.committee.region,
        s.committee.parent_region,
        s.term,
        s.plenum,
        int(s.expanded),
        s.year or "",
        s.month or "",
        s.day or "",
        int(s.date_inferred),
        partial_date(s).edtf() or "",
        s.title,
        s.source_name,
        s.source_url,
        s.script,
        "" if s.attendance_members is None else s.attendance_members,
        "" if s.attendance_alternates is None else s.attendance_alternates,
        ";".join(
            f"{a.person.name}({'、'.join(a.roles)})" if a.roles else a.person.name
            for a in s.appearances.all()
        ),
        ";".join(f"{d.action}《{d.title}》" for d in s.documents.all()),
        ";".join(f"{o.phrase.phrase}×{o.count}" for o in s.phrases.all()),
        len(s.warnings),
        int(s.reviewed_at is not None),
        s.sha256,
        s.original_filename,
        s.cleaned_text,
    ]


# The language of a reference: titles and committees are stored in canonical Simplified script.
REFERENCE_LANGUAGE = "zh-Hans"
# A reference's note when the year was inferred (the models' label of ``date_inferred``).
INFERRED_NOTE = "日期系推定"


def session_reference(session, url: str, *, accessed, archive: str) -> dict:
    """A session as a CSL-JSON item (the mapping RIS, BibTeX and the pages' citation meta tags
    are written from): the committee is its author, the date has the precision it has (circa
    when its year was inferred), the report's outlet its container (else the archive, named
    ``archive``), ``url`` its permalink, ``accessed`` (a date) the day it was read."""
    date = partial_date(session)
    item = {
        "id": session.slug,
        # GB/T 7714's [N/OL] or [EB/OL]: a report whose outlet is known is a newspaper item.
        "type": "article-newspaper" if session.source_name else "webpage",
        "title": session.title,
        "author": [{"literal": session.committee.name}],
        "container-title": session.source_name or archive,
        "archive": archive,
        "URL": url,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "language": REFERENCE_LANGUAGE,
    }
    if date.year:
        parts = [date.year] + ([date.month] if date.month else [])
        parts += [date.day] if date.month and date.day else []
        item["issued"] = {"date-parts": [parts]}
        if date.inferred:
            item["issued"]["circa"] = True
            item["note"] = INFERRED_NOTE
    return item


def feed_description(session, date_text: str) -> str:
    """An Atom entry's summary: committee, plenum's name and the date as shown on the pages."""
    return f"{session.committee.name} {session.ordinal_name} · {date_text}"


def index_text(session) -> str:
    """The search index's document for a session loaded with its children
    (``Session.objects.with_shapes()``): title, committee and plenum, speakers, documents and key
    phrases, then the cleaned text."""
    lines = [session.title, session.committee.name + session.ordinal_name]
    lines += [
        f"{a.person.name} {a.name_as_printed} {a.roles_display}" for a in session.appearances.all()
    ]
    lines += [f"《{d.title}》" for d in session.documents.all()]
    lines += [o.phrase.phrase for o in session.phrases.all()]
    return "\n".join(lines) + "\n\n" + session.cleaned_text + "\n"


def search_row(result, url: str) -> dict:
    """A search hit (stored index fields) as the search page and its JSON list it."""
    date = records.SessionDate(
        getattr(result, "year", None), getattr(result, "month", None), getattr(result, "day", None)
    )
    return {
        "url": url,
        "title": result.title,
        "committee": result.committee_name,
        "term": result.term,
        "plenum": result.plenum,
        "date": date.iso() or None,
        # ``date`` stays the string it always was; its EDTF (2024? when inferred) sits beside it,
        # as the index stores it (an index built before it was stored gives null until rebuilt).
        "date_edtf": getattr(result, "date_edtf", None) or None,
        "snippet": (getattr(result, "highlighted", None) or {}).get("text", [""])[0],
    }
