"""A parsed record as the fields of the rows it becomes: the fixture's objects, natural keys."""

from . import records


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def committee_fields(committee: records.Committee, slug: str) -> dict:
    return {
        "name": committee.name,
        "slug": slug,
        "region": committee.region,
        "parent_region": committee.parent_region,
        "level": committee.level,
    }


def session_fields(r: records.SessionRecord, slug: str) -> dict:
    """A Session row's fields from a record; the committee as its natural key."""
    source = r.source
    return {
        "committee": [r.committee.name],
        "term": r.term,
        "plenum": r.plenum,
        "expanded": r.expanded,
        "slug": slug,
        "year": r.date.year,
        "month": r.date.month,
        "day": r.date.day,
        "date_inferred": r.date.inferred,
        "title": r.title,
        "original_text": r.original,
        "original_filename": _file_name(r.file),
        "original_encoding": r.encoding,
        "sha256": r.sha256,
        "cleaned_text": r.text,
        "script": r.script,
        "source_name": source.name if source else "",
        "source_url": source.url if source else "",
        "source_title": source.title if source else "",
        "attendance_members": r.attendance.members,
        "attendance_alternates": r.attendance.alternates,
        "cleaning_log": [{"step": c.step, "count": c.count} for c in r.cleaning],
        "warnings": [
            {"kind": w.kind, "offset": w.offset, "excerpt": w.excerpt} for w in r.warnings
        ],
        "published": True,
        "committee_evidence": records.span_json(r.committee.evidence),
        "committee_doubt": list(r.committee.doubt),
        "numbering_evidence": records.span_json(r.numbering_evidence),
        "date_evidence": records.span_json(r.date.evidence),
        "date_year_evidence": records.span_json(r.date.year_evidence),
        "date_doubt": list(r.date.doubt),
        "attendance_evidence": {
            "members": records.span_json(r.attendance.members_evidence),
            "alternates": records.span_json(r.attendance.alternates_evidence),
        },
        "attendance_doubt": list(r.attendance.doubt),
        # Only a page fetched or archived has these: a text file's fixture object stays as it was.
        **_origin_fields(r.origin),
    }


def _origin_fields(origin: records.Origin | None) -> dict:
    if origin is None:
        return {}
    return {"fetched_at": origin.fetched_at or None, "warc_record_id": origin.record_id}


def session_key(r: records.SessionRecord) -> list:
    return [r.committee.name, r.term, r.plenum]


def appearance_fields(r: records.SessionRecord, order: int, s: records.Speaker) -> dict:
    return {
        "session": session_key(r),
        "person": [s.name, r.committee.name],
        "name_as_printed": s.name_as_printed,
        "roles": list(s.roles),
        "actions": list(s.actions),
        "order": order,
        "evidence": records.span_json(s.evidence),
        "role_evidence": [records.span_json(e) for e in s.role_evidence],
        "doubt": list(s.doubt),
    }


def document_fields(r: records.SessionRecord, order: int, d: records.Document) -> dict:
    return {
        "session": session_key(r),
        "title": d.title,
        "action": d.action,
        "kind": d.kind,
        "order": order,
        "evidence": records.span_json(d.evidence),
        "doubt": list(d.doubt),
    }


def occurrence_fields(r: records.SessionRecord, k: records.KeyPhrase) -> dict:
    return {
        "session": session_key(r),
        "phrase": [k.phrase],
        "count": k.count,
        "sentence": k.sentence,
    }
