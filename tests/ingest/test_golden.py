"""Golden tests: the two real seed articles parse to exactly the expected facts and JSON.

To regenerate the committed JSON after a deliberate parser change, run
``UPDATE_GOLDEN=1 .venv/bin/pytest tests/ingest/test_golden.py`` and read the diff by eye.
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from plenums.ingest.parse import parse_path

ARTICLES = Path(settings.ARTICLES_DIR)
GOLDEN = Path(__file__).parent.parent / "golden"
SEED_000 = ARTICLES / "000_c877433114cd8e59.txt"
SEED_002 = ARTICLES / "002_27bcc7541d41a89d.txt"


@pytest.fixture(scope="module")
def seed_000():
    return parse_path(SEED_000)


@pytest.fixture(scope="module")
def seed_002():
    return parse_path(SEED_002)


def _steps(record):
    return {c.step: c.count for c in record.cleaning}


def test_000_committee_and_plenum(seed_000):
    assert seed_000.committee.name == "中共上海市嘉定区委员会"
    assert seed_000.committee.region == "嘉定区"
    assert seed_000.committee.parent_region == "上海市"
    assert seed_000.committee.level == "district"
    assert (seed_000.term, seed_000.plenum, seed_000.expanded) == (7, 9, False)
    assert seed_000.title == "中共上海市嘉定区第七届委员会第九次全体会议"
    assert seed_000.script == "Hant"


def test_000_date_is_inferred_from_the_year_summed_up(seed_000):
    # 认真总结2024年工作，全面部署2025年…: a year-end plenum of 2024. Nothing in the text pins
    # the month (今年/明年 only place it within 2024), so month and day stay unknown.
    date = seed_000.date
    assert (date.year, date.month, date.day, date.inferred) == (2024, None, None, True)
    assert any(w.kind == "date_inferred" and "2024" in w.excerpt for w in seed_000.warnings)


def test_000_speakers(seed_000):
    got = [(s.name, s.roles) for s in seed_000.speakers]
    standing = ["冯捷", "顾惠文", "姚卫华", "陆祖芳", "朱效洁", "唐晓林", "卞唯敏", "魏化勇"]
    assert got == [
        ("陆方舟", ["区委书记"]),
        ("高香", ["区委副书记", "区长"]),
        ("吴杰", ["区委副书记"]),
    ] + [(name, ["区委常委"]) for name in standing]
    first = seed_000.speakers[0]
    assert first.name_as_printed == "陸方舟"
    assert first.actions == ["代表区委常委会作工作报告", "讲话"]
    assert seed_000.speakers[1].actions == ["传达十二届市委六次全会精神"]
    assert all(s.actions == ["出席会议"] for s in seed_000.speakers[3:])


def test_000_document_source_and_attendance(seed_000):
    # 陆方舟代表区委常委会作工作报告: the work report, untitled, was delivered to (heard by) the
    # plenum, which then adopted its resolution.
    assert [(d.title, d.action, d.kind) for d in seed_000.documents] == [
        ("区委常委会工作报告", "听取", "报告"),
        ("中国共产党上海市嘉定区第七届委员会第九次全体会议决议", "审议通过", "决议"),
    ]
    assert seed_000.source is None
    assert (seed_000.attendance.members, seed_000.attendance.alternates) == (None, None)


def test_000_cleaning_and_mojibake(seed_000):
    steps = _steps(seed_000)
    assert steps["pinyin_glosses"] == 278
    assert "(jīng)" not in seed_000.text and "經濟" in seed_000.text
    mojibake = [w for w in seed_000.warnings if w.kind == "mojibake"]
    assert [w.excerpt for w in mojibake] == ["?nèi)σ愿胺€", "?fù)?dān)"]
    for w in mojibake:
        assert seed_000.text[w.offset : w.offset + len(w.excerpt)] == w.excerpt
    assert seed_000.text.startswith("近日，中共嘉定區第七屆委員會第九次全體會議舉行。")


def test_000_key_phrases(seed_000):
    phrases = {k.phrase: k for k in seed_000.key_phrases}
    assert phrases["十四五"].count == 2
    assert phrases["两个确立"].count == 1
    assert phrases["十四五"].sentence.startswith("全會指出，2024年是新中國成立75周年")
    counts = [k.count for k in seed_000.key_phrases]
    assert counts == sorted(counts, reverse=True)


def test_002_facts(seed_002):
    assert seed_002.committee.name == "中共上海市嘉定区委员会"
    assert (seed_002.term, seed_002.plenum, seed_002.expanded) == (6, 9, False)
    date = seed_002.date
    assert (date.year, date.month, date.day, date.inferred) == (2020, 6, 29, False)
    assert (seed_002.attendance.members, seed_002.attendance.alternates) == (31, 1)
    assert seed_002.script == "Hans"
    assert seed_002.title == "中共上海市嘉定区第六届委员会第九次全体会议"


def test_002_source_trailer(seed_002):
    assert seed_002.source is not None
    assert seed_002.source.name == "上海热线新闻网"
    assert seed_002.source.url == "http://www.shcafe.org/shzxxw/88287.html"
    assert seed_002.source.title == "中国共产党上海市嘉定区第六届委员会召开第九次全体会议"
    assert "来源:" not in seed_002.text and "shcafe" not in seed_002.text


def test_002_surname_only_speaker_is_flagged(seed_002):
    assert [(s.name, s.name_as_printed, s.roles) for s in seed_002.speakers] == [
        ("鲁同志", "鲁同志", [])
    ]
    flagged = [w for w in seed_002.warnings if w.kind == "surname_only_speaker"]
    assert [w.excerpt for w in flagged] == ["鲁同志"]
    assert seed_002.text[flagged[0].offset :].startswith("鲁同志作了讲话")


def test_002_cleaning(seed_002):
    steps = _steps(seed_002)
    assert steps["boilerplate_lines"] == 1
    assert steps["caption_lines"] == 8
    assert steps["source_trailer"] == 3
    assert "本篇文章" not in seed_002.text
    caption = "中国共产党上海市嘉定区第六届委员会召开第九次全体会议"
    assert caption not in seed_002.text.split("\n\n")
    assert "从继续扎扎实实地向深度和广度发展，切实做好" in seed_002.text


def test_002_book_quoted_in_prose_is_not_a_document(seed_002):
    assert "《依靠人民》" in seed_002.text
    assert seed_002.documents == []


@pytest.mark.parametrize("article", [SEED_000, SEED_002], ids=["000", "002"])
def test_full_json_matches_golden(article):
    got = parse_path(article).as_json()
    golden = GOLDEN / (article.stem + ".json")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("article", [SEED_000, SEED_002], ids=["000", "002"])
def test_parsing_is_deterministic(article):
    first = json.dumps(parse_path(article).as_json(), ensure_ascii=False)
    assert json.dumps(parse_path(article).as_json(), ensure_ascii=False) == first


def test_original_sha256_and_encoding_are_kept(seed_000):
    import hashlib

    data = SEED_000.read_bytes()
    assert seed_000.original == data.decode("utf-8")
    assert seed_000.sha256 == hashlib.sha256(data).hexdigest()
    assert seed_000.encoding == "utf-8"
    assert seed_000.file == SEED_000.name
