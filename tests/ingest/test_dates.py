"""The plenum's date in the forms reposted reports print it: after the plenum's name, in Chinese
numerals, run together or broken by a line, or as a month and day dated by the page."""

import pytest

from plenums.ingest.parse import parse_bytes
from plenums.ingest.records import SessionDate


def _date(text: str) -> SessionDate:
    return parse_bytes(text.encode("utf-8"), "article.txt").date


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "中国共产党民勤县第九届委员会于2023年12月18日召开第六次全体会议。全会听取了报告。",
            SessionDate(2023, 12, 18, False),
        ),
        (
            "中国共产党罗江区第二届委员会第三次全体会议，于2022年4月15日在区委礼堂召开。",
            SessionDate(2022, 4, 15, False),
        ),
        (
            "中國共產黨羅江區第二屆委員會第三次全體會議，於2022年4月15日召開。",
            SessionDate(2022, 4, 15, False),
        ),
        (
            "中国共产党平山县第十五届委员会第六次全体会议决议\n\n"
            "（二〇二三年十二月十八日中国共产党平山县第十五届委员会第六次全体会议通过）\n\n"
            "全会认为，一年来全县上下团结奋斗。",
            SessionDate(2023, 12, 18, False),
        ),
        (
            "中共肥乡区委九届六次全会召开\n\n20221230日，中共肥乡区委九届六次全会召开。",
            SessionDate(2022, 12, 30, False),
        ),
        (
            "中共肥乡区委九届六次全会召开\n\n2022年 12 月\n30日，中共肥乡区委九届六次全会召开。",
            SessionDate(2022, 12, 30, False),
        ),
    ],
)
def test_printed_dates(text, want):
    assert _date(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "日期：2022-03-03\n\n3月2日，中共青田县委十四届四次全会召开。",
            SessionDate(2022, 3, 2, True),
        ),
        (
            "3月2日，中共青田县委十四届四次全会召开。\n\n发布时间：2022-03-03 09:41",
            SessionDate(2022, 3, 2, True),
        ),
        (
            "2022年3月3日09:41\n\n3月2日，中共青田县委十四届四次全会召开。",
            SessionDate(2022, 3, 2, True),
        ),
        (
            "03.03.2022 09:41\n\n3月2日，中共青田县委十四届四次全会召开。",
            SessionDate(2022, 3, 2, True),
        ),
        (
            "12月29日，中共青田县委十四届五次全会召开。\n\n發佈時間：2023-01-04 10:02",
            SessionDate(2022, 12, 29, True),
        ),
        (
            "3月2日，中共青田县委十四届四次全会召开。会议决定2022年5月中旬召开县第十五次党代会。",
            SessionDate(2022, 3, 2, True),
        ),
        (
            "12月2日，中共青田县委十四届四次全会召开。会议决定，2022年1月召开县第十五次党代会。",
            SessionDate(2021, 12, 2, True),
        ),
        (
            "4月8日，中共兰考县委十四届十二次全会召开。会议决定，中国共产党兰考县第十五次代表大会"
            "于2021年5月中旬召开。",
            SessionDate(2021, 4, 8, True),
        ),
    ],
)
def test_month_and_day_dated_by_the_page(text, want):
    assert _date(text) == want


def test_a_timestamp_in_the_lead_is_not_the_plenum_date():
    # 近日 gives no day: the stamp dates the page, so only the year is taken, as inferred.
    text = "2022年3月3日 09:41\n\n近日，中共青田县委十四届四次全会召开。"
    assert _date(text) == SessionDate(2022, None, None, True)


def test_a_past_event_does_not_date_the_plenum():
    text = (
        "4月8日，中共兰考县委十四届十二次全会召开。县第十四次党代会于2016年5月召开以来，成绩显著。"
    )
    assert _date(text) == SessionDate(None, 4, 8, False)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "【权威发布】县委十七届八次全会召开\n\n原创 长白发布 2024年12月27日 18:42 吉林\n\n"
            "点击上方蓝字 关注我们\n\n12月26日，中国共产党长白朝鲜族自治县第十七届委员会"
            "第八次全体会议召开。",
            SessionDate(2024, 12, 26, True),
        ),
        (
            "肥西新闻联播 | 中共肥西县第十五届委员会第八次全体会议召开\n\n播出时间：2023-12-30\n\n"
            "【导语】\n\n【正文】\n\n本台消息 12月28日至29日，中国共产党肥西县第十五届委员会"
            "第八次全体会议召开。",
            SessionDate(2023, 12, 28, True),
        ),
    ],
)
def test_the_lead_after_page_furniture_dates_the_plenum(text, want):
    assert _date(text) == want


def test_a_resolution_note_dates_the_last_day_so_the_held_line_wins():
    text = (
        "中国共产党象山县第十五届委员会第九次全体会议公报\n\n"
        "（2025年12月28日中国共产党象山县第十五届委员会第九次全体会议通过）\n\n"
        "中国共产党象山县第十五届委员会第九次全体会议，于2025年12月27日至28日在象山召开。"
    )
    assert _date(text) == SessionDate(2025, 12, 27, False)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "新华网南宁12月29日电（通讯员 黄海燕）2023年12月27日，中国共产党百色市田阳区"
            "第一届委员会第九次全体会议召开。",
            SessionDate(2023, 12, 27, False),
        ),
        (
            "2025-12-27 09:35\n\n南海网临高12月27日消息 中共临高县第十五届委员会第九次全体会议"
            "于12月25日至26日召开。",
            SessionDate(2025, 12, 25, True),
        ),
        (
            "2025-12-29 10:12:31\n\n红网时刻新闻12月29日讯（通讯员 杨秀莲）28日，中共通道侗族"
            "自治县第十五届委员会第九次全体会议召开。",
            SessionDate(2025, 12, 28, True),
        ),
        (
            "甘肃日报 2024年07月22日 第05版：市州新闻\n\n本报武威讯 中共民勤县委十六届七次全体"
            "（扩大）会议7月19日召开。",
            SessionDate(2024, 7, 19, True),
        ),
        (
            "7月14日，喀左县委召开十七届五次全会。全会审议通过了《喀左县2022年下半年重点工作"
            "计划》。",
            SessionDate(2022, 7, 14, True),
        ),
    ],
)
def test_datelines_and_newspaper_pages_date_the_page_not_the_plenum(text, want):
    assert _date(text) == want


def test_a_day_in_the_plenums_own_paragraph_beats_the_newspapers_page_date():
    text = (
        "海南日报 2024年01月09日 第A04版：市县新闻\n\n"
        "本报保城1月8日电（记者 王迎春）中共保亭黎族苗族自治县第十六届委员会第六次全体会议"
        "8日召开。"
    )
    assert _date(text) == SessionDate(2024, 1, 8, True)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            # A newspaper's masthead: the page's date on a line of its own, with its weekday.
            "南阳日报\n2019年12月26日 星期四\n第06版：县区新闻\n\n西峡县委十四届九次全会召开\n\n"
            "本报讯 12月24日，中共西峡县第十四届委员会第九次全体会议召开。",
            SessionDate(2019, 12, 24, True),
        ),
        (
            # A bulletin's masthead: the issuing office and the date on one line.
            "梨树信息\n（第23期）\n\n中共梨树县委办公室　　　　2020年8月3日\n\n"
            "7月31日，中国共产党梨树县第十五届委员会第十次全体会议召开。",
            SessionDate(2020, 7, 31, True),
        ),
        (
            # A day alone after the plenum's name, the month and year from the page.
            "2026/07/29 14:20\n\n中共临洮县第十六届委员会第十一次全体会议28日举行。",
            SessionDate(2026, 7, 28, True),
        ),
        (
            # 今天上午 in a broadcast: the day the page is dated.
            "2021年12月29日 18:30\n\n【导语】今天上午，"
            "中共宝坻区第十二届委员会第二次全体会议召开。",
            SessionDate(2021, 12, 29, True),
        ),
    ],
)
def test_a_date_dated_by_the_page_head(text, want):
    assert _date(text) == want
