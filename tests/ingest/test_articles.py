"""The extra test articles (other provinces, scripts, phrasings) parse to their expected facts.

Each ``tests/articles/NAME.txt`` has a hand-written ``NAME.expected.json``: exact values for the
fields it lists, ``key_phrases_include`` (phrases that must be found), ``cleaning_counts``
(exact counts of the steps named), ``warning_kinds`` (the exact set of warning kinds). An article
that cannot state a fact the record needs lists it under ``missing`` (the parser must refuse it,
naming those) and the facts staff would supply under ``supplied``; the rest is checked on the
record parsed with them.
"""

import json
from pathlib import Path

import pytest

from plenums.ingest.parse import MissingFacts, Supplied, parse_bytes, parse_path, parse_paths

ARTICLES = Path(__file__).parent.parent / "articles"
EXPECTED = sorted(ARTICLES.glob("*.expected.json"))


def _article(expected: Path) -> Path:
    return expected.with_name(expected.name.replace(".expected.json", ".txt"))


def test_there_are_enough_articles():
    assert len(EXPECTED) >= 36
    assert all(_article(e).exists() for e in EXPECTED)


@pytest.mark.parametrize("expected", EXPECTED, ids=[e.name.split(".")[0] for e in EXPECTED])
def test_article_matches_expected(expected):
    want = json.loads(expected.read_text(encoding="utf-8"))
    article = _article(expected)
    if "missing" in want:
        with pytest.raises(MissingFacts) as refused:
            parse_path(article)
        assert sorted(refused.value.missing) == want["missing"]
        supplied = Supplied(**want["supplied"])
        record = parse_bytes(article.read_bytes(), str(article), supplied=supplied)
    else:
        record = parse_path(article)
    got = record.as_json()
    for key, value in want.items():
        if key in ("missing", "supplied"):
            continue
        if key == "speakers":
            printed = [{k: s[k] for k in w} for s, w in zip(got["speakers"], value, strict=False)]
            assert printed == value and len(got["speakers"]) == len(value), got["speakers"]
        elif key == "key_phrases_include":
            found = {k["phrase"] for k in got["key_phrases"]}
            assert set(value) <= found, found
        elif key == "cleaning_counts":
            counts = {c["step"]: c["count"] for c in got["cleaning"]}
            assert {step: counts[step] for step in value} == value
        elif key == "warning_kinds":
            assert sorted({w["kind"] for w in got["warnings"]}) == sorted(value), got["warnings"]
        elif key == "date":
            # The keys written by hand; the EDTF form of the date is checked in test_edtf.
            assert {k: got["date"][k] for k in value} == value, got["date"]
        elif key == "encoding":
            assert record.encoding == value
        else:
            # The keys written by hand: evidence and doubt are checked in test_ingest_evidence.
            assert _written(got[key], value) == value, key


def _written(got, want):
    """``got`` cut down to the keys ``want`` writes (in dicts, and in lists of dicts)."""
    if isinstance(want, dict) and isinstance(got, dict):
        return {k: got[k] for k in want if k in got}
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return [_written(g, w) for g, w in zip(got, want, strict=True)]
    return got


def test_directory_parses_in_file_order():
    complete = [e for e in EXPECTED if "missing" not in json.loads(e.read_text(encoding="utf-8"))]
    records = parse_paths([_article(e) for e in reversed(complete)])
    assert [r.file for r in records] == sorted(_article(e).name for e in complete)
