"""Each extraction function over many phrasings, in Simplified and Traditional script."""

import pytest

from plenums.chinese import fold, to_traditional
from plenums.ingest import extract


def _both_scripts(cases):
    """Every case as printed and rendered in Traditional script (the facts must not change)."""
    out = []
    for case in cases:
        out.append(case)
        out.append((to_traditional(case[0]), *case[1:]))
    return out


# ── 届/次 ──────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("text", "term", "plenum", "expanded"),
    _both_scripts(
        [
            ("中共嘉定区第七届委员会第九次全体会议举行。", 7, 9, False),
            ("十一届区委十一次全会召开。", 11, 11, False),
            ("区委一届十二次全体会议召开。", 1, 12, False),
            ("县委十一届十四次全会召开。", 11, 14, False),
            ("中共某县第十二届委员会第四次全体(扩大)会议召开。", 12, 4, True),
            ("中共某县第十二届委员会第四次全体（扩大）会议召开。", 12, 4, True),
            ("县委十届九次全委(扩大)会议召开。", 10, 9, True),
            ("旗委十届九次全委扩大会议召开。", 10, 9, True),
            ("区委十三届二十九次全会召开。", 13, 29, False),
            ("中共某区第6届委员会第9次全体会议召开。", 6, 9, False),
            ("中共某区第六届委员会召开第九次全体会议。", 6, 9, False),
            ("按照十二届市委六次全会部署，区委七届九次全会召开。", 7, 9, False),
            ("贯彻党的二十届三中全会精神。县委十五届六次全会召开。", 15, 6, False),
        ]
    ),
)
def test_ordinal(text, term, plenum, expanded):
    found = extract.find_ordinal(fold(text))
    assert (found.term, found.plenum, found.expanded) == (term, plenum, expanded)


@pytest.mark.parametrize(
    "text",
    [
        "贯彻十二届市委六次全会精神。",
        "党的二十届三中全会胜利召开。",
        "省委十三届五次全会召开。",
        "区第七届人民代表大会第三次会议开幕。",
        "中共嘉定区委召开常委会会议。",
    ],
)
def test_no_ordinal_of_the_committee(text):
    assert extract.find_ordinal(fold(text)) is None


# ── committee ──────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("text", "name", "region", "parent", "level"),
    _both_scripts(
        [
            (
                "中共嘉定区第七届委员会第九次全体会议举行。",
                "中共上海市嘉定区委员会",
                "嘉定区",
                "上海市",
                "district",
            ),
            (
                "中共上海市嘉定区第六届委员会召开。",
                "中共上海市嘉定区委员会",
                "嘉定区",
                "上海市",
                "district",
            ),
            (
                "中共淳安县委十五届六次全会召开。",
                "中共杭州市淳安县委员会",
                "淳安县",
                "杭州市",
                "county",
            ),
            (
                "中国共产党浙江省淳安县第十五届委员会",
                "中共杭州市淳安县委员会",
                "淳安县",
                "杭州市",
                "county",
            ),
            (
                "中共南京市鼓楼区委十二届九次全会召开。",
                "中共南京市鼓楼区委员会",
                "鼓楼区",
                "南京市",
                "district",
            ),
            (
                "中共鼓楼区委全会召开，为福州发展贡献力量。",
                "中共福州市鼓楼区委员会",
                "鼓楼区",
                "福州市",
                "district",
            ),
            (
                "中共济南市市中区委全会召开。",
                "中共济南市市中区委员会",
                "市中区",
                "济南市",
                "district",
            ),
            (
                "中共乐东黎族自治县委全会召开。",
                "中共海南省乐东黎族自治县委员会",
                "乐东黎族自治县",
                "海南省",
                "county",
            ),
            (
                "中共鄂温克族自治旗委员会十届九次全委会",
                "中共呼伦贝尔市鄂温克族自治旗委员会",
                "鄂温克族自治旗",
                "呼伦贝尔市",
                "county",
            ),
            (
                "中共昆山市委十四届五次全会召开。",
                "中共苏州市昆山市委员会",
                "昆山市",
                "苏州市",
                "other",
            ),
            (
                "嘉定区委七届九次全会召开。",
                "中共上海市嘉定区委员会",
                "嘉定区",
                "上海市",
                "district",
            ),
        ]
    ),
)
def test_committee(text, name, region, parent, level):
    found = extract.find_committee(fold(text))
    c = found.committee
    assert (c.name, c.region, c.parent_region, c.level) == (name, region, parent, level)
    assert found.warnings == []


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("中共鼓楼区委十二届九次全会召开。", "鼓楼区"),
        ("中共朝阳区委全会召开。", "朝阳区"),
        ("中共新设区第一届委员会第二次全体会议召开。", "新设区"),
    ],
)
def test_committee_parent_unknown_is_flagged_not_guessed(text, region):
    found = extract.find_committee(fold(text))
    assert found.committee.region == region
    assert found.committee.parent_region == ""
    assert found.committee.name == f"中共{region}委员会"
    assert [w.kind for w in found.warnings] == ["parent_region_unknown"]


def test_committee_of_a_city_is_not_a_district():
    assert extract.find_committee(fold("中共上海市委十二届六次全会召开。")) is None


# ── date ───────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("text", "date"),
    _both_scripts(
        [
            ("2020年6月29日，中共某区第六届委员会召开第九次全体会议。", (2020, 6, 29, False)),
            (
                "二〇二五年七月二十四日，中共某区第十二届委员会第七次全体会议举行。",
                (2025, 7, 24, False),
            ),
            ("中共某区第六届委员会第九次全体会议于2023年1月10日召开。", (2023, 1, 10, False)),
            ("12月27日，中共某县十五届六次全会召开。会议总结2024年工作。", (2024, 12, 27, True)),
            ("1月8日，中共某县十五届六次全会召开。会议总结2024年工作。", (2025, 1, 8, True)),
            (
                "近日，中共某区第七届委员会第九次全体会议举行。认真总结2024年工作，部署2025年目标任务。",
                (2024, None, None, True),
            ),
            (
                "近日，中共某县十四届八次全会召开。全面部署2025年经济社会发展目标任务。",
                (2024, None, None, True),
            ),
            (
                "近日，某区委七届九次全会召开。2024年是关键一年。2025年是收官之年。",
                (2024, None, None, True),
            ),
            (
                "7月26日，中共某区第五届委员会第八次全体会议召开。2024年上半年经济增长。",
                (2024, 7, 26, True),
            ),
            ("2024年12月，中共某县十五届六次全会召开。", (2024, 12, None, False)),
        ]
    ),
)
def test_date(text, date):
    folded = fold(text)
    ordinal = extract.find_ordinal(folded)
    found = extract.find_date(folded, ordinal.start)
    d = found.date
    assert (d.year, d.month, d.day, d.inferred) == date
    assert bool(found.warnings) == date[3]


def test_date_unknown_is_warned():
    folded = fold("近日，中共某县十四届八次全会召开。")
    found = extract.find_date(folded, 0)
    assert (found.date.year, found.date.day) == (None, None)
    assert [w.kind for w in found.warnings] == ["date_unknown"]


# ── speakers ───────────────────────────────────────────────────────────────────────────────
def _speakers(text, region="嘉定区"):
    found = extract.find_speakers(fold(text), text, region)
    return [(s.name, s.roles, s.actions) for s in found.speakers], found.warnings


@pytest.mark.parametrize(
    ("text", "want"),
    _both_scripts(
        [
            (
                "区委书记陆方舟代表区委常委会作工作报告并讲话。",
                [("陆方舟", ["区委书记"], ["代表区委常委会作工作报告", "讲话"])],
            ),
            (
                "区委副书记、区长高香传达十二届市委六次全会精神，总结部署工作。",
                [("高香", ["区委副书记", "区长"], ["传达十二届市委六次全会精神"])],
            ),
            (
                "市政协副主席、区委书记王建国主持会议。",
                [("王建国", ["市政协副主席", "区委书记"], ["主持会议"])],
            ),
            ("县委书记李明讲话。", [("李明", ["县委书记"], ["讲话"])]),
            (
                "区委常委冯捷、顾惠文、魏化勇出席会议。",
                [(n, ["区委常委"], ["出席会议"]) for n in ("冯捷", "顾惠文", "魏化勇")],
            ),
            (
                "区委副书记吴杰，区委常委张丽萍、何建出席会议。",
                [
                    ("吴杰", ["区委副书记"], ["出席会议"]),
                    ("张丽萍", ["区委常委"], ["出席会议"]),
                    ("何建", ["区委常委"], ["出席会议"]),
                ],
            ),
            (
                "全会由区委书记欧阳明辉主持。",
                [("欧阳明辉", ["区委书记"], ["主持"])],
            ),
            (
                "旗委书记斯琴巴特尔主持会议。",
                [("斯琴巴特尔", ["旗委书记"], ["主持会议"])],
            ),
            (
                "区委副书记、代区长林振华传达了市委全会精神。",
                [("林振华", ["区委副书记", "代区长"], ["传达了市委全会精神"])],
            ),
            (
                "会上，刘华同志就规划实施情况作了通报。",
                [("刘华", [], ["就规划实施情况作了通报"])],
            ),
            (
                "县委常委、常务副县长赵伟作说明。",
                [("赵伟", ["县委常委", "常务副县长"], ["作说明"])],
            ),
            (
                "区人大常委会主任郑建平，区政协主席黄秋萍出席会议。",
                [
                    ("郑建平", ["区人大常委会主任"], ["出席会议"]),
                    ("黄秋萍", ["区政协主席"], ["出席会议"]),
                ],
            ),
        ]
    ),
)
def test_speakers(text, want):
    got, warnings = _speakers(text)
    assert got == want
    assert warnings == []


def test_speaker_place_prefixed_role_after_a_comma():
    got, _ = _speakers("市委常委、副市长，通州区委书记孟庆丰讲话。", region="通州区")
    assert got == [("孟庆丰", ["市委常委", "副市长", "区委书记"], ["讲话"])]


def test_traditional_name_is_printed_as_is_and_canonical_in_simplified():
    found = extract.find_speakers(fold("區委書記陸方舟講話。"), "區委書記陸方舟講話。", "嘉定区")
    assert [(s.name, s.name_as_printed) for s in found.speakers] == [("陆方舟", "陸方舟")]


def test_surname_only_speaker_is_kept_as_printed_and_flagged():
    got, warnings = _speakers("全会传达了精神。鲁同志作了讲话。")
    assert got == [("鲁同志", [], ["作了讲话"])]
    assert [(w.kind, w.offset, w.excerpt) for w in warnings] == [
        ("surname_only_speaker", 8, "鲁同志")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "深入学习贯彻习近平总书记考察上海重要讲话精神。",
        "团结在以习近平同志为核心的党中央周围。",
        "全会指出，要坚持党的领导。全会由区委常委会主持。",
        "市委第十检查组负责同志、有关方面负责同志出席了全会。",
        "习近平总书记指出，要坚持人民城市人民建。",
        "区委常委会工作报告经全会审议通过。",
        "全会指出，习近平同志对上海工作作出重要指示。",
        "以毛泽东同志为主要代表的中国共产党人。",
    ],
)
def test_no_speakers_invented(text):
    assert _speakers(text) == ([], [])


# ── attendance ─────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("text", "members", "alternates"),
    _both_scripts(
        [
            ("出席全体会议的有31名地区委员会成员和1名候补地区委员会成员。", 31, 1),
            ("出席全会的有县委委员33人、候补委员4人。", 33, 4),
            ("出席全会的有区委委员41名，候补委员6名。", 41, 6),
            ("出席全会的有27名区委委员和4名区委候补委员。", 27, 4),
            ("会议应到委员29名，实到委员27名、候补委员3名。", 27, 3),
            ("应到委员35名，实到33名。", 33, None),
            ("出席会议的区委委员三十一名、候补委员二名。", 31, 2),
            ("全会召开。区纪委委员列席会议。", None, None),
            ("全会强调，要发挥31名委员作用。", None, None),
        ]
    ),
)
def test_attendance(text, members, alternates):
    found = extract.find_attendance(fold(text))
    assert (found.members, found.alternates) == (members, alternates)


# ── documents ──────────────────────────────────────────────────────────────────────────────
def _documents(text):
    return [(d.title, d.action, d.kind) for d in extract.find_documents(fold(text), text)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "全会审议通过《中国共产党上海市嘉定区第七届委员会第九次全体会议决议》。",
            [("中国共产党上海市嘉定区第七届委员会第九次全体会议决议", "审议通过", "决议")],
        ),
        (
            "全會審議通過《中國共產黨上海市嘉定區第七屆委員會第九次全體會議決議》。",
            [("中国共产党上海市嘉定区第七届委员会第九次全体会议决议", "审议通过", "决议")],
        ),
        (
            "全会审议通过了《关于制定规划的建议》和《全会决议》，讨论了《实事项目（草案）》。",
            [
                ("关于制定规划的建议", "审议通过", "建议"),
                ("全会决议", "审议通过", "决议"),
                ("实事项目（草案）", "讨论", "其他"),
            ],
        ),
        (
            "全会审议并通过了《县委关于全面深化改革的实施意见》《县委2023年工作报告》。",
            [
                ("县委关于全面深化改革的实施意见", "审议通过", "意见"),
                ("县委2023年工作报告", "审议通过", "报告"),
            ],
        ),
        (
            "全会听取和讨论了区委书记受区委常委会委托所作的《工作报告》。",
            [("工作报告", "讨论", "报告")],
        ),
        (
            "会议表决通过了《全会决议》。",
            [("全会决议", "表决通过", "决议")],
        ),
        (
            "《区委关于加强基层治理的决定》经全会审议通过。",
            [("区委关于加强基层治理的决定", "审议通过", "其他")],
        ),
    ],
)
def test_documents(text, want):
    assert _documents(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "对于更好地实现《依靠人民》的“一流城市，一流治理”，具有重大意义。",
        "全会组织学习了《习近平谈治国理政》第四卷。",
        "区委副书记宣读了《关于表彰先进集体的决定》。",
        "要通过学习，深刻领会《决议》精神。",
    ],
)
def test_books_quoted_in_prose_are_not_documents(text):
    assert _documents(text) == []


# ── key phrases ────────────────────────────────────────────────────────────────────────────
def test_key_phrases_counted_in_folded_text_with_first_sentence():
    text = "全会指出，实现“十四五”目标。要坚决做到「兩個維護」。編制十四五規劃，落實“兩個維護”。"
    found = extract.find_key_phrases(fold(text), text)
    assert [(k.phrase, k.count) for k in found] == [("两个维护", 2), ("十四五", 2)]
    assert found[1].sentence == "全会指出，实现“十四五”目标。"
    assert found[0].sentence == "要坚决做到「兩個維護」。"


@pytest.mark.parametrize(
    "quote",
    [
        "“人民城市是人民建设的，人民城市是为人民服务的”",
        "“一流城市，一流治理”",
        "“创新活力、融合发展、人文魅力足的现代新城”",
        "“a”",
        "“GDP”",
    ],
)
def test_long_quotations_are_not_key_phrases(quote):
    text = f"全会强调，要坚持{quote}。"
    assert extract.find_key_phrases(fold(text), text) == []


def test_key_phrase_with_pause_mark_and_digits():
    text = "以“时不我待、只争朝夕”的紧迫感，坚持“3820”战略工程。"
    found = {k.phrase for k in extract.find_key_phrases(fold(text), text)}
    assert found == {"时不我待、只争朝夕", "3820"}


# ── damage ─────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("text", "excerpts"),
    [
        ("我們?nèi)σ愿胺€增長", ["?nèi)σ愿胺€"]),
        ("千斤重?fù)?dān)眾人挑", ["?fù)?dān)"]),
        ("全会\ufffd\ufffd召开", ["\ufffd\ufffd"]),
        ("锟斤拷锟斤拷全会", ["锟斤拷锟斤拷"]),
        ("全会召开。增长5.2%，GDP达到3000亿元。", []),
        ("买买提·艾力出席会议。", []),
    ],
)
def test_mojibake_is_flagged_with_offsets(text, excerpts):
    found = extract.find_mojibake(text)
    assert [w.excerpt for w in found] == excerpts
    for w in found:
        assert w.kind == "mojibake"
        assert text[w.offset : w.offset + len(w.excerpt)] == w.excerpt


@pytest.mark.parametrize(
    ("text", "members", "alternates"),
    [
        ("全会应到委员36名，实到34名；应到候补委员5名，实到5名。", 34, 5),
        ("全会应到委员31人，实到29人；候补委员4人，实到3人。", 29, 3),
        ("全会应出席委员41名，实际出席39名。", 39, None),
        ("应到委员35名。", None, None),
    ],
)
def test_attendance_due_and_present(text, members, alternates):
    found = extract.find_attendance(fold(text))
    assert (found.members, found.alternates) == (members, alternates)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("县委常委、县委办主任王小明出席会议。", [("王小明", ["县委常委", "县委办主任"])]),
        ("区委常委、区人武部政委李强出席会议。", [("李强", ["区委常委", "区人武部政委"])]),
        ("区委常委，副区长张伟出席。", [("张伟", ["区委常委", "副区长"])]),
        ("县委书记王明在讲话中指出。", [("王明", ["县委书记"])]),
        ("县委书记张向东讲话。", [("张向东", ["县委书记"])]),
        ("区长李在明主持。", [("李在明", ["区长"])]),
        (
            "区委常委、组织部部长、统战部部长陈华出席。",
            [("陈华", ["区委常委", "组织部部长", "统战部部长"])],
        ),
        ("区委书记、区长分别作讲话。", []),
    ],
)
def test_speaker_name_boundaries(text, want):
    found = extract.find_speakers(fold(text), text, "某某县")
    assert [(s.name, s.roles) for s in found.speakers] == want


def test_leaders_listed_without_office():
    text = "县领导刘明、李娟、张敏出席会议。"
    found = extract.find_speakers(fold(text), text, "平江县")
    assert [(s.name, s.roles, s.actions) for s in found.speakers] == [
        (n, ["县领导"], ["出席会议"]) for n in ("刘明", "李娟", "张敏")
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("县委副书记、县长买买提·艾力主持会议。", [("买买提·艾力", ["县委副书记", "县长"])]),
        ("区委书记訾明远代表区委常委会作报告。", [("訾明远", ["区委书记"])]),
        ("区委常委会作出部署。", []),
    ],
)
def test_names_outside_the_surname_list(text, want):
    found = extract.find_speakers(fold(text), text, "某某县")
    assert [(s.name, s.roles) for s in found.speakers] == want


def test_combined_total_is_not_a_count():
    found = extract.find_attendance(fold("出席全会的有委员、候补委员共45人。"))
    assert (found.members, found.alternates) == (None, None)


def test_corner_bracket_quotes():
    text = "坚持『两个确立』。"
    assert [k.phrase for k in extract.find_key_phrases(fold(text), text)] == ["两个确立"]


def test_question_mark_in_a_url_is_not_mojibake():
    text = "详见http://www.example.cn/a.html?id=3。全会召开。"
    assert extract.find_mojibake(text) == []


def test_key_phrase_keeps_printed_letters_and_counts_folded():
    text = "加快“5G+工业互联网”建设，推动５Ｇ+工业互联网发展。"
    found = extract.find_key_phrases(fold(text), text)
    assert [(k.phrase, k.count) for k in found] == [("5G+工业互联网", 2)]


@pytest.mark.parametrize(
    ("text", "region", "parent"),
    [
        ("会议在上海市嘉定区委礼堂举行。区委七届九次全会召开。", "嘉定区", "上海市"),
        ("，两江新区委一届三次全会召开。", "两江新区", "重庆市"),
        ("，望海新区委一届三次全会召开。", "望海新区", ""),
        # Names the gazetteer lacks, or lists only elsewhere: the printed name and parent win,
        # never a known name the printed one merely ends with (渝北区 is not 北区).
        ("中国共产党重庆市渝北区第十六届委员会第七次全体会议召开。", "渝北区", "重庆市"),
        ("中共渝北区委十六届七次全会召开。", "渝北区", ""),
        ("中共重庆市江北区委十六届七次全会召开。", "江北区", "重庆市"),
        ("中共宁波市江北区委十五届八次全会召开。", "江北区", "宁波市"),
    ],
)
def test_committee_short_forms(text, region, parent):
    found = extract.find_committee(fold(text))
    assert (found.committee.region, found.committee.parent_region) == (region, parent)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("近日，县委十五届七次全会召开。会议对做好2025年经济工作作出部署。", 2024),
        ("近日，县委十五届七次全会召开。2024年经济工作稳中有进。", None),
        # 关于N年工作的意见: a January plenum plans its own year, a December one the next.
        ("1月8日，县委十五届九次全会召开。审议《关于2025年工作的意见》。", 2025),
        ("12月28日，县委十五届九次全会召开。讨论关于2026年工作的意见。", 2025),
    ],
)
def test_year_from_economic_work_planning(text, year):
    folded = fold(text)
    assert extract.find_date(folded, 0).date.year == year


def test_month_and_day_without_any_year_evidence():
    folded = fold("12月26日，中共某县十五届七次全会召开。")
    found = extract.find_date(folded, 0)
    d = found.date
    assert (d.year, d.month, d.day, d.inferred) == (None, 12, 26, False)
    assert [w.kind for w in found.warnings] == ["date_unknown"]


def test_expanded_when_the_body_says_so_but_not_the_headline():
    text = "县委十五届七次全会召开\n\n中共某县第十五届委员会第七次全体（扩大）会议召开。"
    found = extract.find_ordinal(fold(text))
    assert (found.term, found.plenum, found.expanded, found.start) == (15, 7, True, 2)


def test_county_level_city_accepts_its_own_shi_wei_but_not_the_province():
    text = "贯彻省委十四届五次全会精神。昆山市委十四届六次全会召开。"
    found = extract.find_ordinal(fold(text), "昆山市")
    assert (found.term, found.plenum) == (14, 6)
    assert extract.find_ordinal(fold("贯彻市委十二届六次全会精神。"), "嘉定区") is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("区委书记 陆方舟 代表区委常委会作报告。", [("陆方舟", "陆方舟")]),
        (
            "区委常委王　明、顾惠文、李  强出席会议。",
            [("王明", "王　明"), ("顾惠文", "顾惠文"), ("李强", "李  强")],
        ),
    ],
)
def test_names_with_spaces(text, want):
    found = extract.find_speakers(fold(text), text, "嘉定区")
    assert [(s.name, s.name_as_printed) for s in found.speakers] == want


def test_report_made_on_behalf_of_the_standing_committee():
    text = "全会听取和讨论了区委书记陈晓辉受区委常委会委托所作的工作报告。"
    found = extract.find_speakers(fold(text), text, "鼓楼区")
    assert [(s.name, s.actions) for s in found.speakers] == [
        ("陈晓辉", ["受区委常委会委托作工作报告"])
    ]


def test_names_after_a_colon():
    text = "出席会议的区委常委：张三丰、李四光。"
    found = extract.find_speakers(fold(text), text, "嘉定区")
    assert [(s.name, s.roles) for s in found.speakers] == [
        ("张三丰", ["区委常委"]),
        ("李四光", ["区委常委"]),
    ]


def test_committee_from_a_place_name_in_the_lead_is_flagged():
    found = extract.find_committee(fold("近日，嘉定区召开区委七届九次全会。推进城区更新。"))
    assert (found.committee.region, found.committee.parent_region) == ("嘉定区", "上海市")
    assert [w.kind for w in found.warnings] == ["committee_from_place_name"]
    assert extract.find_committee(fold("近日，召开区委七届九次全会。推进城区更新。")) is None


@pytest.mark.parametrize(
    ("page", "date"),
    [
        # A dateline (numeric, as pages print them) gives the year of the plenum before it.
        ("2025-07-30 08:12 来源：某区新闻网\n7月29日，中共某区十五届八次全会召开。", (2025, 7, 29)),
        ("7月29日，中共某区十五届八次全会召开。\n发布日期：2023年08月03日", (2023, 7, 29)),
        ("7月29日，中共某区十五届八次全会召开。\n更新时间: 2023/8/3", (2023, 7, 29)),
        # Held on 30 December, reported on 2 January: the year before.
        ("2025.01.02\n12月30日，中共某县十五届七次全会召开。", (2024, 12, 30)),
        # No month or day at all: the publication year.
        ("2024-06-28\n近日，中共某县十五届七次全会召开。", (2024, None, None)),
    ],
)
def test_year_from_the_publication_date(page, date):
    found = extract.find_date(fold(page), 0)
    d = found.date
    assert (d.year, d.month, d.day, d.inferred) == (*date, True)
    assert [w.kind for w in found.warnings] == ["date_inferred"]


def test_a_date_in_the_prose_is_not_a_publication_date():
    # A full date elsewhere in the body (a rule taking effect) says nothing of the plenum's year.
    folded = fold("7月29日，中共某区十五届八次全会召开。条例自2023年1月1日起施行。")
    assert extract.find_date(folded, 0).date.year is None


def test_year_from_a_dateline_that_cleaning_removed():
    from plenums.ingest.parse import parse_bytes

    text = (
        "中共某市某某区委十五届八次全会召开\n2025-07-30 08:12  来源：某区新闻网\n"
        "7月29日，中国共产党宁波市鄞州区第十五届委员会第八次全体会议召开。全会由区委常委会主持。\n"
    )
    record = parse_bytes(text.encode("utf-8"), "dateline.txt")
    assert "2025-07-30" not in record.text  # the dateline went with the source line
    assert (record.date.year, record.date.month, record.date.day) == (2025, 7, 29)
    assert record.date.inferred
    assert any(w.kind == "date_inferred" and "2025-07-30" in w.excerpt for w in record.warnings)


@pytest.mark.parametrize(
    ("text", "region", "want"),
    [
        (
            "全会召开。陈宇剑书记代表区委常委会作工作报告。李少骏区长就《决定》作说明。",
            "闵行区",
            [
                ("陈宇剑", ["区委书记"], ["代表区委常委会作工作报告"]),
                ("李少骏", ["区长"], ["就《决定》作说明"]),
            ],
        ),
        ("全会召开。\n王强代县长作说明。", "长兴县", [("王强", ["代县长"], ["作说明"])]),
        # The same person named both ways is one speaker with both roles.
        (
            "县委书记黄晓峰主持会议。黄晓峰书记强调，要抓落实。",
            "苍南县",
            [("黄晓峰", ["县委书记"], ["主持会议", "强调"])],
        ),
        # Bodies and offices are not names; nor is a name inside a sentence.
        ("会议指出。支部书记强调，要抓落实。党委书记作表态发言。", "苍南县", []),
        ("会上听取了张伟书记作的报告。", "鄞州区", []),
    ],
)
def test_name_before_its_short_title(text, region, want):
    assert _speakers(text, region)[0] == want
    traditional = to_traditional(text)
    assert [s[0] for s in _speakers(traditional, region)[0]] == [w[0] for w in want]


@pytest.mark.parametrize(
    ("page", "date"),
    [
        ("2025-07-30 来源：某区新闻网\n本报讯 28日，中共某区十五届八次全会召开。", (2025, 7, 28)),
        ("2025-07-30\n29日上午，中共某区十五届八次全会召开。", (2025, 7, 29)),
        # Later in the month than the page: the month before (and the year before in January).
        ("2025-08-02\n30日，中共某区十五届八次全会召开。", (2025, 7, 30)),
        ("2025-01-02\n31日，中共某区十五届八次全会召开。", (2024, 12, 31)),
    ],
)
def test_a_day_without_a_month_takes_the_publication_month(page, date):
    found = extract.find_date(fold(page), page.index("中共"))
    d = found.date
    assert (d.year, d.month, d.day, d.inferred) == (*date, True)
    assert [w.kind for w in found.warnings] == ["date_inferred"]


def test_a_day_without_a_month_and_no_publication_date_is_not_kept():
    found = extract.find_date(fold("28日，中共某区十五届八次全会召开。"), 3)
    assert (found.date.year, found.date.month, found.date.day) == (None, None, None)
