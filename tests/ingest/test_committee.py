"""The committee when the text says only 县委/区委/旗委: the county the outlet, the source line or
the body names; and a plenum title that lost its 届, read with a warning rather than refused."""

import pytest

from plenums.ingest.parse import parse_bytes
from plenums.ingest.records import ArticleError


def _record(text: str):
    return parse_bytes(text.encode("utf-8"), "article.txt")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "县委十四届十次全会召开\n\n湄潭新闻网讯 12月29日，县委十四届十次全体会议召开。",
            "中共遵义市湄潭县委员会",
        ),
        (
            "旗委十五屆八次全會召開\n\n科爾沁左翼後旗融媒訊 12月20日，旗委十五屆八次全體會議召開。",
            "中共通辽市科尔沁左翼后旗委员会",
        ),
        (
            "2023年12月27日，县委十四届九次全体会议召开。全会强调，要坚持生态保护优先。\n\n"
            "来源：互助土族自治县融媒体中心",
            "中共海东市互助土族自治县委员会",
        ),
        (
            "2024年7月30日，区委十二届七次全体会议召开。\n\n"
            "全会认为，上半年天河区经济运行稳中有进，越秀区、海珠区同比也有增长，天河区领先。",
            "中共广州市天河区委员会",
        ),
    ],
)
def test_county_named_outside_the_committee_title(text, name):
    record = _record(text)
    assert record.committee.name == name
    assert "committee_from_place_name" in {w.kind for w in record.warnings}


def test_a_place_of_another_kind_is_not_the_committee():
    # A 县 named in the body of a 区委 report is not the district.
    text = "区委十二届七次全会召开。全会指出，要加强与平山县的协作。"
    with pytest.raises(ArticleError, match="no district or county committee"):
        _record(text)


def test_a_title_that_lost_its_term_mark_is_read_and_flagged():
    text = "2024年1月12日，中国共产党第三委员会第七次全体会议召开。高昌区委书记王建新作报告。"
    record = _record(text)
    assert (record.committee.region, record.term, record.plenum) == ("高昌区", 3, 7)
    garbled = [w for w in record.warnings if w.kind == "ordinal_garbled"]
    assert [w.excerpt for w in garbled] == ["中国共产党第三委员会第七次全体会议"]


def test_a_name_ending_in_its_kind_before_the_committee():
    record = _record("中共曹县县委十五届六次全会召开。曹县县委书记王明讲话。")
    assert (record.committee.name, record.committee.region) == ("中共菏泽市曹县委员会", "曹县")


def test_a_two_character_county_named_by_the_source_line():
    record = _record("2022年12月30日，县委十四届八次全会召开。\n\n来源：黟县融媒体中心")
    assert record.committee.name == "中共黄山市黟县委员会"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("7月14日，喀左县委召开十七届五次全会。", "中共朝阳市喀喇沁左翼蒙古族自治县委员会"),
        ("中共前郭县委十六届七次全会召开。", "中共松原市前郭尔罗斯蒙古族自治县委员会"),
    ],
)
def test_a_shortened_name_takes_the_county_it_shortens(text, name):
    record = _record(text)
    assert record.committee.name == name
    assert "region_expanded" in {w.kind for w in record.warnings}


def test_prose_before_a_bare_committee_is_no_county():
    # 出席全会的有县委委员: the bare-committee reading must not take prose for a county; the
    # county comes from the source line instead, flagged.
    text = (
        "县委十一届四次全会召开\n\n来源：赞皇县融媒体中心\n\n12月30日，县委十一届四次全会召开。\n\n"
        "出席全会的有县委委员29名，候补委员4名。"
    )
    record = _record(text)
    assert record.committee.name == "中共石家庄市赞皇县委员会"
    assert "committee_from_place_name" in {w.kind for w in record.warnings}


def test_a_county_level_city_named_only_in_a_document_title():
    text = (
        "市委十四届十一次全会召开\n\n12月28日，市委十四届十一次全体会议召开。全会审议通过了"
        "《台山市贯彻落实乡村振兴战略实施方案》。"
    )
    record = _record(text)
    assert record.committee.name == "中共江门市台山市委员会"
    assert "committee_from_place_name" in {w.kind for w in record.warnings}


def test_two_counties_named_alike_are_not_guessed():
    text = "县委十四届十次全会召开。全会指出，要深化与平山县、井陉县的协作。"
    with pytest.raises(ArticleError, match="no district or county committee"):
        _record(text)
