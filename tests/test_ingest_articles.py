"""The extra test articles (other provinces, scripts, phrasings) parse to their expected facts.

Each ``tests/articles/NAME.txt`` has a hand-written ``NAME.expected.json``: exact values for the
fields it lists, ``key_phrases_include`` (phrases that must be found), ``cleaning_counts``
(exact counts of the steps named), ``warning_kinds`` (the exact set of warning kinds).
"""

import json
from pathlib import Path

import pytest

from plenums.ingest.parse import parse_path, parse_paths

ARTICLES = Path(__file__).parent / "articles"
EXPECTED = sorted(ARTICLES.glob("*.expected.json"))


def _article(expected: Path) -> Path:
    return expected.with_name(expected.name.replace(".expected.json", ".txt"))


def test_there_are_enough_articles():
    assert len(EXPECTED) >= 36
    assert all(_article(e).exists() for e in EXPECTED)


@pytest.mark.parametrize("expected", EXPECTED, ids=[e.name.split(".")[0] for e in EXPECTED])
def test_article_matches_expected(expected):
    want = json.loads(expected.read_text(encoding="utf-8"))
    record = parse_path(_article(expected))
    got = record.as_json()
    for key, value in want.items():
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
        elif key == "encoding":
            assert record.encoding == value
        else:
            assert got[key] == value, key


def test_directory_parses_in_file_order():
    records = parse_paths([ARTICLES])
    assert [r.file for r in records] == sorted(_article(e).name for e in EXPECTED)
