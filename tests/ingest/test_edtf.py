"""EDTF dates: every JSON answer and the CSV give the date in EDTF level 1, checked against the
grammar of the ``edtf`` package (Library of Congress EDTF, ISO 8601-2) and against the date's parts.
"""

import json
from pathlib import Path

import pytest
from edtf import parse_edtf
from edtf.parser.grammar import level0Expression, level1Expression
from pyparsing import ParseException

from plenums.ingest.parse import MissingFacts, Supplied, parse_bytes, parse_path
from plenums.ingest.records import SessionDate
from tests.support.rows import make_session
from tests.support.search import SEARCH

ARTICLES = Path(__file__).parent.parent / "articles"
# Level 1 and below: a date that needs level 2 (XXXX-12-26, ?2024-12) is refused.
LEVEL_1 = level0Expression ^ level1Expression


def is_level_1(text: str) -> bool:
    try:
        LEVEL_1.parse_string(text, parse_all=True)
    except ParseException:
        return False
    return True


def meaning(text: str) -> tuple:
    """What an EDTF string says, as the edtf package reads it: (year, month, day, uncertain)."""
    parsed = parse_edtf(text)
    date = getattr(parsed, "date", parsed)
    uncertain = bool(getattr(parsed, "ua", None) and parsed.ua.is_uncertain)
    return tuple(int(p) if p else None for p in (date.year, date.month, date.day)) + (uncertain,)


def assert_edtf_says(date: dict):
    """``date`` (a JSON date object) holds an EDTF twin saying exactly its parts."""
    edtf = date["edtf"]
    if date["year"] is None:
        assert edtf is None
        return
    assert is_level_1(edtf), edtf
    month = date["month"]
    day = date["day"] if month else None
    assert meaning(edtf) == (date["year"], month, day, date["inferred"]), date


@pytest.mark.parametrize(
    ("parts", "edtf"),
    [
        ((2024, 6, 29, False), "2024-06-29"),
        ((2024, 6, None, False), "2024-06"),
        ((2024, None, None, False), "2024"),
        ((2024, None, None, True), "2024?"),
        ((2024, 12, None, True), "2024-12?"),
        ((2022, 3, 3, True), "2022-03-03?"),
        # A day without its month says no more than the year.
        ((2024, None, 5, False), "2024"),
        ((None, 12, 26, False), None),
        ((None, None, None, False), None),
    ],
)
def test_a_date_in_edtf_at_its_precision(parts, edtf):
    assert SessionDate(*parts).edtf() == edtf
    if edtf:
        assert is_level_1(edtf)


def test_the_grammar_check_refuses_what_level_1_cannot_say():
    # The check the tests rely on is not a rubber stamp: level 2 and nonsense are refused.
    assert not is_level_1("XXXX-12-26")
    assert not is_level_1("?2024-12")
    assert not is_level_1("2024-13")
    assert not is_level_1("2024年")
    assert is_level_1("2024-12?") and is_level_1("2024")


def _records():
    for expected in sorted(ARTICLES.glob("*.expected.json")):
        want = json.loads(expected.read_text(encoding="utf-8"))
        article = expected.with_name(expected.name.replace(".expected.json", ".txt"))
        try:
            yield article.name, parse_path(article)
        except MissingFacts:
            supplied = Supplied(**want["supplied"])
            yield article.name, parse_bytes(article.read_bytes(), str(article), supplied=supplied)


def test_every_test_article_parses_to_a_level_1_date_saying_its_parts():
    dates = {name: record.as_json()["date"] for name, record in _records()}
    assert len(dates) >= 100
    for name, date in dates.items():
        try:
            assert_edtf_says(date)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from None
    # The articles cover full dates, with the year printed or inferred, inferred years alone and
    # an unknown year (a month alone is covered above).
    forms = {d["edtf"] and (d["edtf"].count("-"), d["edtf"].endswith("?")) for d in dates.values()}
    assert {(2, False), (2, True), (0, True), None} <= forms


@pytest.mark.django_db
def test_index_pages_json_carries_the_edtf_date(client):
    make_session(term=6, plenum=9, year=2020, month=6, day=29)
    make_session(term=7, plenum=9, year=2024, month=12, inferred=True)
    latest = client.get("/", {"format": "json"}).json()["latest"]
    assert {s["slug"]: s["date"]["edtf"] for s in latest} == {
        "jiading-6-9": "2020-06-29",
        "jiading-7-9": "2024-12?",
    }
    for s in latest:
        assert_edtf_says(s["date"])
    twin = client.get("/sessions/jiading-7-9/", {"format": "json"}).json()
    assert twin["date"]["edtf"] == "2024-12?"


def test_search_results_carry_the_edtf_date_beside_the_iso_one(db, index, client):
    make_session(term=6, plenum=9, year=2020, month=6, day=29, text="全会审议乡村振兴规划。")
    make_session(term=7, plenum=9, year=2024, month=None, inferred=True, text="全会谈乡村振兴。")
    make_session(term=7, plenum=10, year=None, month=None, text="全会再谈乡村振兴。")
    index.rebuild()
    results = client.get(SEARCH, {"q": "乡村振兴", "format": "json"}).json()["results"]
    got = {r["url"].split("?")[0]: (r["date"], r["date_edtf"]) for r in results}
    assert got == {
        "/sessions/jiading-6-9/": ("2020-06-29", "2020-06-29"),
        "/sessions/jiading-7-9/": ("2024", "2024?"),
        "/sessions/jiading-7-10/": (None, None),
    }
