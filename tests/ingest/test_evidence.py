"""Every fact of every test article, seeds included, stands in the span it carries: the span's
text, folded to Simplified, prints the fact (name, role, title, number or date part)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from plenums.chinese import chinese_numeral, fold
from plenums.ingest.extract import find_attendance, find_date, find_documents, find_speakers
from plenums.ingest.parse import Supplied, parse_bytes
from plenums.ingest.records import SessionRecord, Span

ARTICLES = Path(__file__).parent.parent / "articles"
SEEDS = sorted(Path(settings.ARTICLES_DIR).glob("*.txt"))
EXPECTED = sorted(ARTICLES.glob("*.expected.json"))
_DIGITS = "〇一二三四五六七八九"
# A character lost in reposting, which a span may run across (区委书\ufffd记, 县 长).
_LOST_RE = re.compile(r"[\ufffd? \u3000]")


def _cases():
    for expected in EXPECTED:
        want = json.loads(expected.read_text(encoding="utf-8"))
        article = expected.with_name(expected.name.replace(".expected.json", ".txt"))
        yield pytest.param(article, Supplied(**want.get("supplied", {})), id=article.stem)
    for seed in SEEDS:
        yield pytest.param(seed, Supplied(), id=seed.stem)


def _printed(record: SessionRecord, span: Span | None, what: str) -> str:
    assert span is not None, f"{what} has no span"
    assert 0 <= span.offset and span.length > 0 and span.end <= len(record.text), (what, span)
    return fold(record.text[span.offset : span.end])


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _shortens(short: str, name: str) -> bool:
    rest = iter(name[1:])
    return short[:1] == name[:1] and all(ch in rest for ch in short[1:])


def _prints_number(text: str, n: int) -> bool:
    """Whether ``text`` prints ``n`` as digits (09 too), as a Chinese numeral (二十九), or,
    for a year, digit by digit (二〇二三)."""
    forms = {str(n), f"{n:02d}", chinese_numeral(n), "".join(_DIGITS[int(d)] for d in str(n))}
    return any(form in text for form in forms)


@pytest.mark.parametrize(("article", "supplied"), list(_cases()))
def test_every_fact_stands_in_its_span(article, supplied):
    record = parse_bytes(article.read_bytes(), str(article), supplied=supplied)

    committee = record.committee
    if committee.evidence is None and "committee_from_place_name" in committee.doubt:
        # Named only by the source line cleaning took out of the text: the record's source.
        assert committee.region[:2] in fold(record.source.name), record.source
    elif not supplied.region:
        place = _squeezed(_printed(record, committee.evidence, "committee"))
        # The place as printed: the full name, or the short form a report uses (嘉定 for
        # 嘉定区, 喀左县 for 喀喇沁左翼蒙古族自治县): its first character, the rest in order.
        assert committee.region in place or _shortens(place, committee.region), place
    if not (supplied.term or supplied.plenum):
        numbering = _printed(record, record.numbering_evidence, "numbering")
        assert _prints_number(numbering, record.term), numbering
        assert _prints_number(numbering, record.plenum), numbering

    date = record.date
    if date.inferred and date.year_evidence is None:
        # Inferred from a page's date line that cleaning took out of the text: no span of the
        # text can show it; the warning quotes it from the original.
        quoted = [w.excerpt for w in record.warnings if w.kind == "date_inferred"]
        assert quoted and quoted[0] not in fold(record.text), quoted
        assert quoted[0] in fold(record.original), quoted
    elif date.inferred:
        year = _printed(record, date.year_evidence, "inferred year")
        assert any(_prints_number(year, y) for y in (date.year - 1, date.year, date.year + 1))
    if date.month or date.day or (date.year and not date.inferred):
        printed = _printed(record, date.evidence, "date")
        if date.year and not date.inferred:
            assert _prints_number(printed, date.year), printed
        if date.month and "month_inferred" not in date.doubt:
            assert _prints_number(printed, date.month), printed
        if date.day:
            assert _prints_number(printed, date.day), printed
    elif date.year:
        # A year alone, inferred: the date was read from the year's evidence.
        assert date.evidence == date.year_evidence

    for speaker in record.speakers:
        name = _squeezed(_LOST_RE.sub("", _printed(record, speaker.evidence, speaker.name)))
        assert speaker.name in name, (speaker.name, name)
        assert len(speaker.role_evidence) == len(speaker.roles), speaker
        for role, span in zip(speaker.roles, speaker.role_evidence, strict=True):
            printed = _printed(record, span, role)
            if "role_restored" in speaker.doubt and len(printed) == len(role):
                # 组织部?长 restored as 组织部部长: the same office, the lost one aside.
                assert all(a == b or a in "\ufffd?" for a, b in zip(printed, role, strict=True))
            elif "role_from_title" in speaker.doubt:
                assert role.endswith(printed), (role, printed)  # 书记 of the 区委: 区委书记
            else:
                assert role in _LOST_RE.sub("", printed), (role, printed)

    for document in record.documents:
        printed = _squeezed(_printed(record, document.evidence, document.title))
        title = _squeezed(fold(document.title))
        if title.endswith("工作报告") and title not in printed:
            # The standing committee's work report named by description (代表县委常委会作
            # 工作报告): the body and the report, as printed.
            body = title.removesuffix("工作报告")
            assert "报告" in printed and re.sub(r"(19|20)\d\d年度?", "", body) in printed
        elif title not in printed and printed in ("全会决议", "全会公报"):
            # A bare 全会决议 named in full as the plenum's own resolution.
            assert title.startswith("中国共产党") and title.endswith(printed[-2:]), title
        else:
            assert title in printed, (title, printed)

    for n, span in (
        (record.attendance.members, record.attendance.members_evidence),
        (record.attendance.alternates, record.attendance.alternates_evidence),
    ):
        if n is not None:
            assert _prints_number(_printed(record, span, "attendance"), n)


def test_the_check_fails_a_span_that_prints_another_fact():
    # The test above can fail: a document pointed at its neighbour's span is caught.
    seed = SEEDS[0]
    record = parse_bytes(seed.read_bytes(), str(seed))
    first, other = record.documents[0], record.speakers[0]
    first.evidence = other.evidence
    printed = _squeezed(fold(record.text[first.evidence.offset : first.evidence.end]))
    assert _squeezed(fold(first.title)) not in printed


def _fold_both(text: str) -> tuple[str, str]:
    return fold(text), text


def test_a_generic_office_is_doubted_a_local_one_is_not():
    text = "县领导王建国、李红出席会议。县委书记赵伟主持会议。"
    found = find_speakers(*_fold_both(text), "某某县")
    doubts = {s.name: s.doubt for s in found.speakers}
    assert doubts == {"王建国": ["generic_role"], "李红": ["generic_role"], "赵伟": []}


def test_a_person_beside_another_countys_committee_is_doubted():
    # The paragraph last names this county's own committee, but another's too: the office may
    # be that county's (one whose paragraph last names another county is not taken at all).
    text = "沂南县委、沂水县委分别召开全会。县委书记孔德明表示，要抓落实。"
    found = find_speakers(*_fold_both(text), "沂水县")
    assert found.speakers[0].doubt == ["other_county_nearby"]


def test_a_year_without_its_month_and_a_missing_year_are_doubted():
    only_year = find_date(fold("全会总结2024年工作，部署2025年任务。"), 0)
    assert (only_year.date.year, only_year.date.doubt) == (2024, ["year_only"])
    no_year = find_date(fold("12月27日，中共某县第十届委员会第五次全体会议召开。"), 5)
    assert no_year.date.doubt == ["year_unknown"] and no_year.date.evidence == Span(0, 6)
    printed = find_date(fold("2024年12月27日，中共某县第十届委员会第五次全体会议召开。"), 5)
    assert printed.date.doubt == [] and printed.date.evidence == Span(0, 11)


def test_a_title_without_book_marks_or_damaged_is_doubted():
    text = (
        "全会审议通过了区委九届六次全会决议。"
        "全会审议通过了《中共某区委关于推进全面从严治\ufffd党的意见》。"
    )
    documents = find_documents(*_fold_both(text), "某区")
    assert [d.doubt for d in documents] == [["title_without_book_marks"], ["title_damaged"]]
    assert [text[d.evidence.offset : d.evidence.end] for d in documents] == [
        "区委九届六次全会决议",
        "中共某区委关于推进全面从严治\ufffd党的意见",
    ]


def test_alternates_counted_in_words_not_read_are_doubted():
    text = "全会应到县委委员37名，实到37名，符合规定人数。另有县委候补委员8名参与讨论。"
    attendance = find_attendance(fold(text))
    assert (attendance.members, attendance.alternates) == (37, None)
    assert attendance.doubt == ["alternates_unread"]
    both = find_attendance(fold("出席全会的有县委委员30名，候补委员5名。"))
    assert (both.members, both.alternates, both.doubt) == (30, 5, [])
