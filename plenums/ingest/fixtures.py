"""Serialise parsed records as a deterministic Django fixture with natural keys."""

import json
import re
from collections.abc import Iterable

from pypinyin import lazy_pinyin

from .records import SessionRecord

# Suffixes that name the level of a region; the slug keeps the distinctive part (嘉定区 → jiading).
_LEVEL_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _pinyin_slug(text: str) -> str:
    return _NON_SLUG.sub("-", "".join(lazy_pinyin(text)).lower()).strip("-")


def _region_stem(region: str) -> str:
    for suffix in _LEVEL_SUFFIXES:
        if region.endswith(suffix) and len(region) - len(suffix) >= 2:
            return region[: -len(suffix)]
    return region


def committee_slugs(
    records: Iterable[SessionRecord], taken: dict[str, str] | None = None
) -> dict[str, str]:
    """Map each committee name to a URL slug (jiading, gulou-fuzhou), unique within the set and
    against ``taken`` (committee name → slug already in the archive): a committee listed there
    keeps its slug, a new one never takes another's."""
    taken = taken or {}
    committees = {r.committee.name: r.committee for r in records}
    slugs = {name: taken[name] for name in committees if name in taken}
    used = set(taken.values())
    stems: dict[str, list[str]] = {}
    for name in sorted(committees):
        if name not in taken:
            stems.setdefault(_pinyin_slug(_region_stem(committees[name].region)), []).append(name)
    for stem, names in stems.items():
        for name in names:
            slug = stem or "committee"
            if len(names) > 1 or slug in used:
                parent = _pinyin_slug(_region_stem(committees[name].parent_region))
                slug = f"{stem}-{parent}" if parent else slug
            # Same region and parent spelled alike by pinyin: a numbered suffix, stably.
            base, n = slug, 1
            while slug in used:
                n += 1
                slug = f"{base}-{n}"
            used.add(slug)
            slugs[name] = slug
    return slugs


def session_slug(committee_slug: str, term: int, plenum: int) -> str:
    return f"{committee_slug}-{term}-{plenum}"


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def fixture_objects(
    records: list[SessionRecord], taken_slugs: dict[str, str] | None = None
) -> list[dict]:
    """The fixture as a list of ``{"model", "fields"}`` dicts in dependency order;
    ``taken_slugs`` are the committee slugs already in use (see committee_slugs).

    Objects carry no primary keys: foreign keys and identities are natural keys, so loading the
    fixture into a database that already holds the same plenums updates them instead of clashing.
    """
    records = sorted(records, key=lambda r: (r.committee.name, r.term, r.plenum))
    slugs = committee_slugs(records, taken_slugs)
    objects: list[dict] = []

    committees = {r.committee.name: r.committee for r in records}
    for name in sorted(committees):
        c = committees[name]
        objects.append(
            {
                "model": "plenums.committee",
                "fields": {
                    "name": c.name,
                    "slug": slugs[c.name],
                    "region": c.region,
                    "parent_region": c.parent_region,
                    "level": c.level,
                },
            }
        )

    # A speaker is a person of the session's committee: namesakes elsewhere are other people.
    people = sorted({(s.name, r.committee.name) for r in records for s in r.speakers})
    phrases = sorted({k.phrase for r in records for k in r.key_phrases})
    for r in records:
        source = r.source
        objects.append(
            {
                "model": "plenums.session",
                "fields": {
                    "committee": [r.committee.name],
                    "term": r.term,
                    "plenum": r.plenum,
                    "expanded": r.expanded,
                    "slug": session_slug(slugs[r.committee.name], r.term, r.plenum),
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
                        {"kind": w.kind, "offset": w.offset, "excerpt": w.excerpt}
                        for w in r.warnings
                    ],
                    "published": True,
                },
            }
        )
    objects.extend(
        {"model": "plenums.person", "fields": {"name": n, "committee": [c]}} for n, c in people
    )
    objects.extend({"model": "plenums.keyphrase", "fields": {"phrase": p}} for p in phrases)

    for r in records:
        session_key = [r.committee.name, r.term, r.plenum]
        for order, s in enumerate(r.speakers):
            objects.append(
                {
                    "model": "plenums.appearance",
                    "fields": {
                        "session": session_key,
                        "person": [s.name, r.committee.name],
                        "name_as_printed": s.name_as_printed,
                        "roles": list(s.roles),
                        "actions": list(s.actions),
                        "order": order,
                    },
                }
            )
        for order, d in enumerate(r.documents):
            objects.append(
                {
                    "model": "plenums.document",
                    "fields": {
                        "session": session_key,
                        "title": d.title,
                        "action": d.action,
                        "kind": d.kind,
                        "order": order,
                    },
                }
            )
        for k in r.key_phrases:
            objects.append(
                {
                    "model": "plenums.phraseoccurrence",
                    "fields": {
                        "session": session_key,
                        "phrase": [k.phrase],
                        "count": k.count,
                        "sentence": k.sentence,
                    },
                }
            )
    return objects


def dumps(records: list[SessionRecord]) -> str:
    """The fixture file's text: byte-identical for the same records."""
    return json.dumps(fixture_objects(records), ensure_ascii=False, indent=1) + "\n"
