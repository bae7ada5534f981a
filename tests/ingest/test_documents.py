"""Documents the plenum acted on, as reports print them: the article that is itself the
resolution or communiqué, titles without 《》, and documents explained to the plenum."""

import pytest

from plenums.ingest.parse import parse_bytes

LEAD = "中共青田县委十四届四次全会召开。\n\n"


def _documents(text: str) -> list[tuple[str, str]]:
    record = parse_bytes(text.encode("utf-8"), "article.txt")
    return [(d.title, d.action) for d in record.documents]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "中国共产党青田县第十四届委员会第四次全体会议决议\n\n"
            "（2023年12月18日中国共产党青田县第十四届委员会第四次全体会议通过）\n\n"
            "全会充分肯定县委常委会的工作。",
            [("中国共产党青田县第十四届委员会第四次全体会议决议", "审议通过")],
        ),
        (
            "中國共產黨青田縣第十四屆委員會第四次全體會議公報\n\n"
            "中國共產黨青田縣第十四屆委員會第四次全體會議，於2023年12月18日舉行。",
            [("中国共产党青田县第十四届委员会第四次全体会议公报", "审议通过")],
        ),
        (
            "中共青田县委关于深化改革的决定\n\n"
            "（2023年12月18日中国共产党青田县第十四届委员会第四次全体会议通过）\n\n"
            "为贯彻落实县委十四届四次全会精神，作出如下决定。",
            [("中共青田县委关于深化改革的决定", "审议通过")],
        ),
    ],
)
def test_the_article_is_the_document(text, want):
    assert _documents(text) == want


def test_a_news_headline_is_not_a_document():
    text = "青田县委十四届四次全会审议通过全会决议\n\n" + LEAD + "全会审议通过了全会决议。"
    assert _documents(text) == [("中国共产党青田县第十四届委员会第四次全体会议决议", "审议通过")]


@pytest.mark.parametrize(
    ("body", "want"),
    [
        # A bare 全会决议 is named in full, as the plenum's own resolution.
        (
            "全会审议通过了全会决议。",
            [("中国共产党青田县第十四届委员会第四次全体会议决议", "审议通过")],
        ),
        (
            "全会审议通过了中共青田县委十四届四次全会决议。",
            [("中共青田县委十四届四次全会决议", "审议通过")],
        ),
        (
            "全会审议通过了《县委2023年工作报告》和全会决议。",
            [
                ("县委2023年工作报告", "审议通过"),
                ("中国共产党青田县第十四届委员会第四次全体会议决议", "审议通过"),
            ],
        ),
        (
            "全会表决通过了县委十四届四次全会决议，通过了《关于加强基层治理的意见》。",
            [("县委十四届四次全会决议", "表决通过"), ("关于加强基层治理的意见", "通过")],
        ),
        (
            "全会审议通过了《中国共产党青田县第十四届委员会第四次全体会议决议》。"
            "全会审议通过了全会决议。",
            [("中国共产党青田县第十四届委员会第四次全体会议决议", "审议通过")],
        ),
    ],
)
def test_titles_without_book_marks(body, want):
    assert _documents(LEAD + body) == want


@pytest.mark.parametrize(
    ("body", "want"),
    [
        (
            "县长李明就《关于制定国民经济和社会发展规划的建议（讨论稿）》起草情况向全会作说明。",
            [("关于制定国民经济和社会发展规划的建议（讨论稿）", "作说明")],
        ),
        (
            "縣長李明作了關於《青田縣實施方案（草案）》的說明。",
            [("青田县实施方案（草案）", "作说明")],
        ),
        (
            "县长李明就《关于制定规划的建议（讨论稿）》向全会作说明。"
            "全会审议通过了《关于制定规划的建议》。",
            [("关于制定规划的建议", "审议通过")],
        ),
    ],
)
def test_documents_explained_to_the_plenum(body, want):
    assert _documents(LEAD + body) == want


@pytest.mark.parametrize(
    "body",
    [
        "要通过深化改革，推动高质量发展。",
        "全会认为，县委的决定是正确的。",
        "会议传达了上级关于表彰的决定。",
    ],
)
def test_prose_is_not_a_document(body):
    assert _documents(LEAD + body) == []


def test_a_heading_set_on_two_lines():
    text = (
        "中國共產黨瓊中黎族苗族自治縣第十五屆委員會\n第六次全體會議公報\n\n"
        "中國共產黨瓊中黎族苗族自治縣第十五屆委員會第六次全體會議，於2024年7月25日舉行。"
    )
    assert _documents(text) == [
        ("中国共产党琼中黎族苗族自治县第十五届委员会第六次全体会议公报", "审议通过")
    ]


@pytest.mark.parametrize(
    ("body", "want"),
    [
        (
            "全会审议通过了中共青田县委关于深化改革推进公园建设的实施意见。",
            [("中共青田县委关于深化改革推进公园建设的实施意见", "审议通过")],
        ),
        ("全会通过征求意见，凝聚了共识。", []),
        ("要通过改革创新，落实好各项建议。", []),
    ],
)
def test_opinions_without_book_marks_need_their_issuer(body, want):
    assert _documents(LEAD + body) == want


def test_a_short_title_of_a_document_listed_in_full_is_the_same_document():
    body = (
        "全会审议通过了《中共青田县委关于制定国民经济和社会发展第十五个五年规划的建议》。"
        "县长李明就《建议（讨论稿）》向全会作了说明。"
    )
    assert _documents(LEAD + body) == [
        ("中共青田县委关于制定国民经济和社会发展第十五个五年规划的建议", "审议通过")
    ]


def test_the_document_heading_after_a_portal_header_or_an_outlet_name():
    portal = (
        "索引号：640221000/2024-00012\n\n发布机构：中共平罗县委办公室\n\n发布日期：2024-01-08\n\n"
        "中国共产党平罗县第十五届委员会第八次全体会议决议\n\n"
        "（2024年1月5日中国共产党平罗县第十五届委员会第八次全体会议通过）\n\n全会认为。"
    )
    assert _documents(portal) == [("中国共产党平罗县第十五届委员会第八次全体会议决议", "审议通过")]
    outlet = (
        "哈密零距离 | 中国共产党巴里坤哈萨克自治县第十五届委员会第九次全体会议公报\n\n"
        "中国共产党巴里坤哈萨克自治县第十五届委员会\n\n第九次全体会议公报\n\n"
        "（二〇二五年十二月二十七日中国共产党巴里坤哈萨克自治县第十五届委员会第九次全体会议通过）"
    )
    assert _documents(outlet) == [
        ("中国共产党巴里坤哈萨克自治县第十五届委员会第九次全体会议公报", "审议通过")
    ]


def test_documents_in_the_order_the_text_first_names_them():
    body = (
        "县委书记陈宏伟代表县委常委会作《县委常委会2023年工作报告》，并就《关于建设示范县的"
        "实施意见（讨论稿）》向全会作说明。全会审议了《县委常委会2023年工作报告》，讨论通过了"
        "《关于建设示范县的实施意见》。县长就《规划纲要（草案）》编制情况作说明。"
    )
    assert _documents(LEAD + body) == [
        ("县委常委会2023年工作报告", "审议"),
        ("关于建设示范县的实施意见", "讨论通过"),
        ("规划纲要（草案）", "作说明"),
    ]


def test_a_navigation_line_is_never_half_of_a_heading():
    text = (
        "大化瑶族自治县人民政府门户网站 > 政务动态 > 工作动态\n"
        "中国共产党大化瑶族自治县第十四届委员会第九次全体会议决议\n\n"
        "（2025年12月29日中国共产党大化瑶族自治县第十四届委员会第九次全体会议通过）"
    )
    assert _documents(text) == [
        ("中国共产党大化瑶族自治县第十四届委员会第九次全体会议决议", "审议通过")
    ]


# --- documents as mentions: every title gathered with its clause, then chosen -------------------


@pytest.mark.parametrize(
    ("body", "want"),
    [
        (
            # One verb governs a list of titles inside 关于…的说明.
            "全会审议通过了关于《中共青田县委关于深化改革的决定（讨论稿）》和《中共青田县委关于"
            "制定规划的建议（讨论稿）》的说明。",
            [
                ("中共青田县委关于深化改革的决定", "审议通过"),
                ("中共青田县委关于制定规划的建议", "审议通过"),
            ],
        ),
        (
            "全会讨论了《中共青田县第十四届委员会报告（审议稿）》。",
            [("中共青田县第十四届委员会报告（审议稿）", "讨论")],
        ),
        (
            # A report delivered under a title of its own is a document of the plenum.
            "全会听取和讨论了县委书记王明受县委常委会委托所作的题为《坚定信心 为建设现代化新青田"
            "而奋斗》的报告。",
            [("坚定信心 为建设现代化新青田而奋斗", "讨论")],
        ),
        (
            "全会审议了《中国共产党青田县第十四届委员会第四次全体会议公报（讨论稿）》和"
            "《关于召开县第十五次党代会的公告（草案）》。",
            [
                ("中国共产党青田县第十四届委员会第四次全体会议公报（讨论稿）", "审议"),
                ("关于召开县第十五次党代会的公告（草案）", "审议"),
            ],
        ),
    ],
)
def test_the_clause_decides_what_the_plenum_acted_on(body, want):
    assert _documents(LEAD + body) == want


@pytest.mark.parametrize(
    "body",
    [
        # The central decision the county's resolution implements is cited, not adopted.
        "全会审议通过了贯彻落实《中共中央关于进一步全面深化改革、推进中国式现代化的决定》的意见。",
        "全会深入学习贯彻《中共中央关于进一步全面深化改革、推进中国式现代化的决定》。",
        "全会一致认为，党的二十届三中全会审议通过的《中共中央关于进一步全面深化改革、推进中国式"
        "现代化的决定》，是指导新征程上进一步全面深化改革的纲领性文件。",
        "会议传达了《中共浙江省委关于推进高质量发展的决定》和《中共丽水市委关于实施意见的通知》。",
        "全会按照《中共青田县委关于深化改革的决定》的部署，研究了下一步工作。",
        # 《决定》 that stands for no title given here is another body's short form.
        "党的十九届四中全会意义重大。全会审议通过的《决定》，是纲领性文献。",
    ],
)
def test_documents_only_cited_are_not_the_plenums(body):
    assert _documents(LEAD + body) == []


def test_a_city_document_is_cited_but_the_countys_own_is_adopted():
    body = (
        "全会审议通过了《中共丽水市委关于推进共同富裕的决定》，审议通过了《中共青田县委关于推进"
        "共同富裕的实施意见》。"
    )
    assert _documents(LEAD + body) == [("中共青田县委关于推进共同富裕的实施意见", "审议通过")]


@pytest.mark.parametrize(
    ("body", "want"),
    [
        (
            "县委书记王明代表县委常委会作工作报告。全会听取和讨论了王明受县委常委会委托所作的"
            "工作报告，审议通过了《中共青田县委关于深化改革的决定》。",
            [("县委常委会工作报告", "讨论"), ("中共青田县委关于深化改革的决定", "审议通过")],
        ),
        (
            "全会审议通过了县委常委会2023年工作报告，表决通过了全会决议。",
            [
                ("县委常委会2023年工作报告", "审议通过"),
                ("中国共产党青田县第十四届委员会第四次全体会议决议", "表决通过"),
            ],
        ),
        (
            # The untitled mention comes first; the titled one names it in full.
            "县委书记王明代表县委常委会作工作报告。全会审议通过了《中共青田县委常委会2023年工作"
            "报告》和《中共青田县委关于深化改革的决定》。",
            [
                ("中共青田县委常委会2023年工作报告", "审议通过"),
                ("中共青田县委关于深化改革的决定", "审议通过"),
            ],
        ),
        (
            "县委书记王明代表县委常委会作题为《凝心聚力 为建设现代化新青田而奋斗》的工作报告。"
            "全会审议通过了工作报告。",
            [("凝心聚力 为建设现代化新青田而奋斗", "审议通过")],
        ),
    ],
)
def test_the_work_report_however_it_is_named(body, want):
    assert _documents(LEAD + body) == want


@pytest.mark.parametrize(
    ("body", "want"),
    [
        (
            "县长李明就《中共青田县委关于制定国民经济和社会发展第十五个五年规划的建议（讨论稿）》"
            "（以下简称《建议》）向全会作说明。全会审议通过了《建议》。",
            [("中共青田县委关于制定国民经济和社会发展第十五个五年规划的建议", "审议通过")],
        ),
        (
            "全会听取了《中共青田县委常委会2023年工作报告》。与会同志讨论了《报告》。",
            [("中共青田县委常委会2023年工作报告", "讨论")],
        ),
        (
            "全会审议通过了《中国共产党青田县第十四届委员会第四次全体会议决议》。县委副书记就"
            "《决议（草案）》作了说明。",
            [("中国共产党青田县第十四届委员会第四次全体会议决议", "审议通过")],
        ),
        (
            "全会审议通过了《中共青田县委关于深化改革的决定》。与会同志分组讨论了《决定（讨论稿）》"
            "和《中共青田县委关于制定规划的建议（讨论稿）》。",
            [
                ("中共青田县委关于深化改革的决定", "审议通过"),
                ("中共青田县委关于制定规划的建议（讨论稿）", "讨论"),
            ],
        ),
    ],
)
def test_a_short_form_is_the_document_it_stands_for(body, want):
    assert _documents(LEAD + body) == want


def test_a_titled_work_report_printed_without_its_de_is_the_work_report():
    body = (
        "区委书记杨波代表区委常委会作工作报告。全会听取和审议了杨波代表区委常委会所作的《奋力开创"
        "新局面 建设幸福青田》工作报告，审议通过了《中共青田县委关于深化改革的决定》。"
    )
    assert _documents(LEAD + body) == [
        ("奋力开创新局面 建设幸福青田", "审议"),
        ("中共青田县委关于深化改革的决定", "审议通过"),
    ]


def test_a_title_damaged_in_reposting_is_the_same_document():
    body = (
        "县长陈秋明就《中共青田县委关于进一步推进全面从严治党的实施意见（讨论稿）》作说明。"
        "全会审议通过了《中共青田县委关于进一步推进全\ufffd从严治党的实施意见》。"
    )
    assert _documents(LEAD + body) == [
        ("中共青田县委关于进一步推进全面从严治党的实施意见", "审议通过")
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "中共嘉定区委七届九次全会召开。\n\n全会审议通过了全会决议。",
            "中国共产党上海市嘉定区第七届委员会第九次全体会议决议",
        ),
        (
            # An aside between the titles and the bare one does not hide it.
            LEAD
            + "全会审议通过了《中共青田县委关于深化改革的决定》（以下简称《决定》）和全会决议。",
            "中国共产党青田县第十四届委员会第四次全体会议决议",
        ),
    ],
)
def test_a_bare_resolution_is_named_as_the_plenums_own(text, want):
    assert _documents(text)[-1] == (want, "审议通过")


def test_a_work_report_of_a_half_year_delivered_on_the_committees_behalf():
    body = (
        "县委书记王明受县委常委会委托作工作报告。全会听取和审议了王明所作的《县委常委会2017年上半年"
        "工作报告》。"
    )
    assert _documents(LEAD + body) == [("县委常委会2017年上半年工作报告", "审议")]


@pytest.mark.parametrize(
    ("body", "want"),
    [
        (
            # 关于《X》的说明 after a speaker, then 该《实施意见》 referring back.
            "会议听取了县委常委、常务副县长符永强关于《中共青田县委关于推进改革的实施意见（征求"
            "意见稿）》的说明，审议通过了该《实施意见》。",
            [("中共青田县委关于推进改革的实施意见", "审议通过")],
        ),
        (
            # An untitled work report standing in a list before a title.
            "会议审议通过了县委常委会工作报告和《中共青田县委关于深化改革的决定》。",
            [("县委常委会工作报告", "审议通过"), ("中共青田县委关于深化改革的决定", "审议通过")],
        ),
        (
            # 代表县委常委会所作的工作报告, acted on by the clause's verb.
            "全会听取和讨论了赵立群代表县委常委会所作的工作报告。",
            [("县委常委会工作报告", "讨论")],
        ),
    ],
)
def test_more_ways_of_naming_what_the_plenum_acted_on(body, want):
    assert _documents(LEAD + body) == want


def test_a_headline_summary_and_a_headline_short_form_are_the_full_document():
    text = (
        "青田县委十四届四次全会审议通过深入学习贯彻党的十九大精神的决定和《决定》\n\n"
        "中共青田县委十四届四次全会召开。\n\n县委书记王明代表县委常委会作工作报告。全会审议通过了"
        "《中共青田县委关于深入学习贯彻党的十九大精神 加快建设生态强县的决定》。"
    )
    # The headline neither adds a document nor places the 决定 before the work report.
    assert _documents(text) == [
        ("县委常委会工作报告", "听取"),
        ("中共青田县委关于深入学习贯彻党的十九大精神 加快建设生态强县的决定", "审议通过"),
    ]
