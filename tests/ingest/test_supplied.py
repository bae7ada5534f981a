"""The parser's entry point for facts a person supplies when the article does not state them."""

from pathlib import Path

import pytest
from django.conf import settings

from plenums.ingest.parse import MissingFacts, Supplied, parse_bytes
from plenums.ingest.records import ArticleError
from tests.support.articles import NO_COMMITTEE, NO_ORDINAL

SEED = Path(settings.ARTICLES_DIR) / "002_27bcc7541d41a89d.txt"


@pytest.mark.parametrize(
    ("text", "missing", "reason"),
    [
        (NO_ORDINAL, {"ordinal"}, "not a plenum report"),
        (NO_COMMITTEE, {"committee"}, "no district or county committee"),
        ("今天天气很好,去公园散步。", {"committee", "ordinal"}, "no district or county committee"),
    ],
)
def test_missing_facts_are_named(text, missing, reason):
    with pytest.raises(MissingFacts) as error:
        parse_bytes(text.encode(), "a.txt")
    assert error.value.missing == missing
    assert isinstance(error.value, ArticleError)
    assert str(error.value).startswith(f"a.txt: {reason}")


def test_supplied_term_and_plenum_complete_the_record():
    record = parse_bytes(NO_ORDINAL.encode(), "a.txt", Supplied(term=7, plenum=10))
    assert (record.committee.name, record.term, record.plenum) == ("中共上海市嘉定区委员会", 7, 10)
    assert record.title == "中共上海市嘉定区第七届委员会第十次全体会议"
    assert (record.date.year, record.date.month, record.date.day) == (2024, 12, 20)
    assert [s.name for s in record.speakers] == ["陆方舟", "高香"]
    assert [w.excerpt for w in record.warnings if w.kind == "supplied"] == ["第7届、第10次"]


def test_a_supplied_committee_names_the_record():
    record = parse_bytes(
        NO_COMMITTEE.encode(), "b.txt", Supplied(region="淳安县", parent_region="杭州市")
    )
    assert record.committee.name == "中共杭州市淳安县委员会"
    assert (record.committee.level, record.term, record.plenum) == ("county", 5, 4)
    assert [w.excerpt for w in record.warnings if w.kind == "supplied"] == ["委员会 杭州市淳安县"]


def test_half_an_ordinal_is_still_missing():
    with pytest.raises(MissingFacts) as error:
        parse_bytes(NO_ORDINAL.encode(), "a.txt", Supplied(term=7))
    assert error.value.missing == {"ordinal"}


def test_nothing_supplied_changes_nothing():
    data = SEED.read_bytes()
    assert parse_bytes(data, SEED.name, Supplied()) == parse_bytes(data, SEED.name)
    assert not [w for w in parse_bytes(data, SEED.name).warnings if w.kind == "supplied"]
