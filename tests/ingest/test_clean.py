"""Each cleaning step on its own, over the damage reposting sites really do, in both scripts."""

import pytest

from plenums.ingest.clean import (
    STEPS,
    clean,
    drop_blank_lines,
    extract_source_trailer,
    join_broken_lines,
    normalise_punctuation,
    remove_boilerplate_lines,
    remove_caption_lines,
    remove_html_tags,
    remove_image_markdown,
    remove_invisible_chars,
    remove_pinyin_glosses,
    strip_indentation,
    unescape_html_entities,
)


@pytest.mark.parametrize(
    ("text", "want", "count"),
    [
        ("經(jīng)濟(jì)", "經濟", 2),
        ("经(jīng)济(jì)", "经济", 2),
        ("學(xué)習", "學習", 1),
        ("綠(lǜ)水", "綠水", 1),
        ("全(quán)體（tǐ）會議", "全體會議", 2),
        ("重(zhòng)點(diǎn)", "重點", 2),
        ("€(wěn)增長", "€增長", 1),
        ("全体(扩大)会议", "全体(扩大)会议", 0),
        ("增长(5.2%)", "增长(5.2%)", 0),
        ("生产总值(GDP)", "生产总值(GDP)", 0),
        ("區(q)第七屆", "區第七屆", 1),
        ("經(jng)濟(j)", "經濟", 2),
        ("5(xyzq)", "5(xyzq)", 0),
        ("?nèi)σ", "?nèi)σ", 0),
    ],
)
def test_pinyin_glosses(text, want, count):
    assert remove_pinyin_glosses(text) == (want, count)


def test_image_markdown():
    text = "![](https://a.cn/1.jpg)\n全会召开。![图片 1](x.png)全会强调。"
    assert remove_image_markdown(text) == ("\n全会召开。全会强调。", 2)


def test_invisible_and_entities():
    assert remove_invisible_chars("全\u200b会\ufeff") == ("全会", 2)
    assert unescape_html_entities("全会&nbsp;召开&amp;举行&#8220;") == ("全会 召开&举行“", 3)


@pytest.mark.parametrize(
    ("lines", "source", "removed"),
    [
        (
            ["全会召开。", "来源:上海热线新闻网", "标题:某标题", "地址:http://a.cn/1.html"],
            ("上海热线新闻网", "http://a.cn/1.html", "某标题"),
            3,
        ),
        (
            [
                "全会召开。",
                "来源：淳安发布　编辑：李婷",
                "原标题：县委全会召开",
                "链接：https://b.cn/x",
            ],
            ("淳安发布", "https://b.cn/x", "县委全会召开"),
            3,
        ),
        (
            ["全會召開。", "來源：越秀發布", "原標題：區委全會舉行", "網址：http://c.cn/y?id=3"],
            ("越秀發布", "http://c.cn/y?id=3", "區委全會舉行"),
            3,
        ),
        (["【来源：蒲江发布】", "全会召开。"], ("蒲江发布", "", ""), 1),
        (["来源：http://d.cn/z.html", "全会召开。"], ("", "http://d.cn/z.html", ""), 1),
    ],
    ids=["half-width", "full-width", "traditional", "bracketed", "url-only"],
)
def test_source_trailer(lines, source, removed):
    kept, count, found = extract_source_trailer(lines)
    assert count == removed
    assert kept == [line for line in lines if line.endswith("。")]
    assert (found.name, found.url, found.title) == source


def test_source_trailer_absent_or_editor_only():
    assert extract_source_trailer(["全会召开。"]) == (["全会召开。"], 0, None)
    assert extract_source_trailer(["全会召开。", "责任编辑：周敏"]) == (["全会召开。"], 1, None)
    long_line = "来源：" + "全会" * 200
    assert extract_source_trailer([long_line])[1] == 0


@pytest.mark.parametrize(
    "line",
    [
        "本篇文章1897字,读完约5分钟",
        "本篇文章1897字，讀完約5分鐘",
        "本文阅读约需3分钟",
        "扫码关注“蒲江发布”",
        "分享到：微信 微博",
        "【字体：大 中 小】",
        "打印本页 关闭窗口",
        "责任编辑：王某",
    ],
)
def test_boilerplate_lines(line):
    assert remove_boilerplate_lines(["全会召开。", line, "全会强调。"]) == (
        ["全会召开。", "全会强调。"],
        1,
    )


def test_boilerplate_keeps_prose_that_mentions_sharing():
    prose = "全会强调，要推动公共服务共建共享，分享到发展成果的群众越来越多，" * 3
    assert remove_boilerplate_lines([prose]) == ([prose], 0)


def test_caption_lines_repeated_or_equal_to_source_title():
    caption = "中国共产党上海市嘉定区第六届委员会召开第九次全体会议"
    lines = ["全会召开。", caption, "全会指出。", caption, "全会强调。", caption]
    assert remove_caption_lines(lines) == (["全会召开。", "全会指出。", "全会强调。"], 3)
    assert remove_caption_lines(["标题行", "正文。"], "标题行") == (["正文。"], 1)
    # Repeated sentences are prose, not captions.
    assert remove_caption_lines(["全会召开。", "全会召开。"]) == (["全会召开。", "全会召开。"], 0)


@pytest.mark.parametrize(
    ("text", "want", "count"),
    [
        ("近日,中共", "近日，中共", 1),
        ("全会指出,2024年", "全会指出，2024年", 1),
        ("增长5.2%,全区", "增长5.2%，全区", 1),
        ("发展, 切实", "发展，切实", 1),
        ("要求:一是", "要求：一是", 1),
        ("任务;要", "任务；要", 1),
        ("全体(扩大)会议", "全体（扩大）会议", 1),
        ("共1,000人", "共1,000人", 0),
        ("我們?nèi)", "我們?nèi)", 0),
        ("怎么办?\n", "怎么办？\n", 1),
        ("近日,中共嘉定區", "近日，中共嘉定區", 1),
    ],
)
def test_punctuation(text, want, count):
    assert normalise_punctuation(text) == (want, count)


def test_layout_steps():
    assert strip_indentation(["\u3000\u3000全会召开。 ", "全会强调。", "  "]) == (
        ["全会召开。", "全会强调。", ""],
        1,
    )
    assert drop_blank_lines(["a", "", "", "b"]) == (["a", "b"], 2)


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        (["全会应到委", "员36名，实到34名。"], ["全会应到委员36名，实到34名。"]),
        (["候补區委委員3人。出席的候", "補委員"], ["候补區委委員3人。出席的候補委員"]),
        (["县委副书", "记王芳主持会议。"], ["县委副书记王芳主持会议。"]),
        (["全会于2022年", "12月30日召开。"], ["全会于2022年12月30日召开。"]),
        (["全会于2022", "年12月30日召开。"], ["全会于2022年12月30日召开。"]),
        (["出席会议的委员36", "名。"], ["出席会议的委员36名。"]),
        (["全会强调，", "要坚持稳中求进。"], ["全会强调，要坚持稳中求进。"]),
        (["三个", "", "不是一个词"], ["三个", "", "不是一个词"]),
    ],
)
def test_broken_lines_joined_inside_words_numbers_and_sentences(lines, want):
    assert join_broken_lines(lines) == (want, len(lines) - len(want))


@pytest.mark.parametrize(
    "lines",
    [
        ["区委十届四次全会召开", "3月2日，会议指出。"],  # a headline before its lead
        ["2022年3月3日09:41", "3月2日，全会召开。"],  # a dateline's clock is not a cut number
        ["全会召开", "会议指出，要坚持。"],
        ["全会强调。", "员工要坚持。"],
    ],
)
def test_paragraph_breaks_are_kept(lines):
    assert join_broken_lines(lines) == (lines, 0)


def test_clean_logs_every_step_in_order():
    cleaned = clean("近日,中共嘉定区第七届委员会第九次全体会议举行。\r\n\r\n全会强调。")
    assert [s.step for s in cleaned.steps] == list(STEPS)
    assert cleaned.text == "近日，中共嘉定区第七届委员会第九次全体会议举行。\n\n全会强调。"
    assert {s.step: s.count for s in cleaned.steps}["punctuation"] == 1
    assert cleaned.source is None


def test_source_line_after_a_dateline():
    kept, count, found = extract_source_trailer(["2025-01-10 09:15 来源：南京日报", "全会召开。"])
    assert (kept, count, found.name) == (["全会召开。"], 1, "南京日报")


@pytest.mark.parametrize(
    "line", ["（记者 王丽 通讯员 李明）", "(融媒体记者 张三)", "（文/图 李四）"]
)
def test_byline_lines_are_boilerplate(line):
    assert remove_boilerplate_lines([line, "全会召开。"]) == (["全会召开。"], 1)


def test_bracketed_page_furniture_is_boilerplate():
    assert remove_boilerplate_lines(["全会召开。", "【打印本页】【关闭窗口】"]) == (
        ["全会召开。"],
        1,
    )


def test_parenthesised_source_line():
    kept, count, found = extract_source_trailer(["全会召开。", "（来源：嘉定报）"])
    assert (kept, count, found.name) == (["全会召开。"], 1, "嘉定报")


def test_photo_captions_and_lead_ins():
    lines = [
        "图为会议现场",
        "全会召开。",
        "全会强调：",
        "要坚持党的领导。",
        "全会强调：",
        "▲ 会议现场",
    ]
    assert remove_caption_lines(lines) == (
        ["全会召开。", "全会强调：", "要坚持党的领导。", "全会强调："],
        2,
    )


def test_html_tags_left_by_reposting_become_line_breaks_or_go():
    text = (
        '<p style="text-indent:2em">全会召开。<br/>会议<strong>强调</strong>。</p>'
        '<p><img src="a.jpg"></p>'
    )
    assert remove_html_tags(text) == ("\n全会召开。\n会议强调。\n\n\n", 8)
    # An escaped tag is text the article printed; entities are unescaped after tags are gone.
    assert clean("写作&lt;p&gt;标签。").text == "写作<p>标签。"
    assert remove_html_tags("一<二>三") == ("一<二>三", 0)
