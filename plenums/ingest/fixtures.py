"""Serialise parsed records as a deterministic Django fixture with natural keys."""

import json
import re
from collections.abc import Iterable

from pypinyin import lazy_pinyin

from plenums.records import shapes

from . import lexicon
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


def fixture_objects(
    records: list[SessionRecord],
    taken_slugs: dict[str, str] | None = None,
    tracked: Iterable[str] = (),
) -> list[dict]:
    """The fixture as a list of ``{"model", "fields"}`` dicts in dependency order;
    ``taken_slugs`` are the committee slugs already in use (see committee_slugs).

    The lexicon is ``tracked`` (phrases staff track, or the archive already holds) and every
    phrase the records propose; each session's phrase occurrences are the lexicon counted in
    its text (``lexicon.count_phrases``), so a phrase quoted in one article is counted in
    every other that uses it. A phrase is listed with its ``origin``: staff for a tracked one.

    Objects carry no primary keys: foreign keys and identities are natural keys, so loading the
    fixture into a database that already holds the same plenums updates them instead of clashing.
    """
    records = sorted(records, key=lambda r: (r.committee.name, r.term, r.plenum))
    slugs = committee_slugs(records, taken_slugs)
    objects: list[dict] = []

    committees = {r.committee.name: r.committee for r in records}
    for name in sorted(committees):
        fields = shapes.committee_fields(committees[name], slugs[name])
        objects.append({"model": "plenums.committee", "fields": fields})

    # A speaker is a person of the session's committee: namesakes elsewhere are other people.
    people = sorted({(s.name, r.committee.name) for r in records for s in r.speakers})
    tracked = set(tracked)
    phrases = sorted(tracked | lexicon.proposed(records))
    counter = lexicon.Lexicon(phrases)
    for r in records:
        slug = session_slug(slugs[r.committee.name], r.term, r.plenum)
        objects.append({"model": "plenums.session", "fields": shapes.session_fields(r, slug)})
    objects.extend(
        {"model": "plenums.person", "fields": {"name": n, "committee": [c]}} for n, c in people
    )
    objects.extend(
        {
            "model": "plenums.keyphrase",
            "fields": {"phrase": p, "origin": lexicon.STAFF if p in tracked else lexicon.QUOTED},
        }
        for p in phrases
    )

    for r in records:
        objects.extend(
            {"model": "plenums.appearance", "fields": shapes.appearance_fields(r, order, s)}
            for order, s in enumerate(r.speakers)
        )
        objects.extend(
            {"model": "plenums.document", "fields": shapes.document_fields(r, order, d)}
            for order, d in enumerate(r.documents)
        )
        objects.extend(
            {"model": "plenums.phraseoccurrence", "fields": shapes.occurrence_fields(r, k)}
            for k in counter.count(r.text)
        )
    return objects


def dumps(records: list[SessionRecord], tracked: Iterable[str] = ()) -> str:
    """The fixture file's text: byte-identical for the same records and tracked phrases."""
    objects = fixture_objects(records, tracked=tracked)
    return json.dumps(objects, ensure_ascii=False, indent=1) + "\n"
