"""Speakers as reports from every region print them: acting heads and candidates, transcribed
names of any length, and offices damaged in reposting."""

import pytest

from plenums.chinese import fold
from plenums.ingest import extract


def _speakers(text: str, region: str = "某县") -> list[tuple[str, list[str]]]:
    found = extract.find_speakers(fold(text), text, region)
    return [(s.name, s.roles) for s in found.speakers]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("县委副书记、代理县长巴特尔作说明。", [("巴特尔", ["县委副书记", "代理县长"])]),
        ("旗委副書記、代理旗長斯琴圖雅主持會議。", [("斯琴图雅", ["旗委副书记", "代理旗长"])]),
        ("县委副书记、县长候选人李明主持会议。", [("李明", ["县委副书记", "县长候选人"])]),
        ("县委副书记、代县长王芳讲话。", [("王芳", ["县委副书记", "代县长"])]),
    ],
)
def test_acting_heads_and_candidates(text, want):
    assert _speakers(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "縣委副書記、縣長阿不都熱合曼代表縣委常委會作報告。",
            [("阿不都热合曼", ["县委副书记", "县长"])],
        ),
        ("县委副书记、县长其美多吉主持会议。", [("其美多吉", ["县委副书记", "县长"])]),
        (
            "县委常委、组织部部长达瓦卓玛，县委常委、常务副县长次仁旺堆出席会议。",
            [("达瓦卓玛", ["县委常委", "组织部部长"]), ("次仁旺堆", ["县委常委", "常务副县长"])],
        ),
        ("县委常委、宣传部部长其曼古丽出席会议。", [("其曼古丽", ["县委常委", "宣传部部长"])]),
    ],
)
def test_transcribed_names_of_any_length(text, want):
    assert _speakers(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("区委书\ufffd记刘建华代表区委常委会作报告。", [("刘建华", ["区委书记"])]),
        ("縣委書\ufffd記張強主持會議並講話。", [("张强", ["县委书记"])]),
        ("区委副书?记、区长陈慧敏主持会议。", [("陈慧敏", ["区委副书记", "区长"])]),
    ],
)
def test_an_office_damaged_in_reposting(text, want):
    assert _speakers(text, "某区") == want


def test_offsets_of_warnings_stay_those_of_the_text():
    text = "区委书\ufffd记刘建华讲话。鲁同志主持会议。"
    found = extract.find_speakers(fold(text), text, "某区")
    assert [(w.kind, w.offset, w.excerpt) for w in found.warnings] == [
        ("surname_only_speaker", text.index("鲁"), "鲁同志")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "县长主持会议。",
        "县委书记代表县委常委会作报告。",
        "区委书记、区长分别作讲话。",
        "县委副书记在讲话中指出，要抓好落实。",
    ],
)
def test_prose_after_an_office_is_not_a_name(text):
    assert _speakers(text) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "县委常委海来拉惹、杨晓华、俄木日哈在主席台就座。",
            [(n, ["县委常委"]) for n in ("海来拉惹", "杨晓华", "俄木日哈")],
        ),
        (
            "旗委副書記朝魯門、李建國，旗委常委、組織部部長蘇日娜出席會議。",
            [
                ("朝鲁门", ["旗委副书记"]),
                ("李建国", ["旗委副书记"]),
                ("苏日娜", ["旗委常委", "组织部部长"]),
            ],
        ),
        (
            "区委常委、组织部部长古丽米拉吾守尔宣读有关决定。",
            [("古丽米拉吾守尔", ["区委常委", "组织部部长"])],
        ),
    ],
)
def test_names_listed_after_one_office_and_long_transcriptions(text, want):
    assert _speakers(text) == want


def test_an_office_the_roles_do_not_know_is_not_a_name():
    assert _speakers("县委常委、区政府副区长、县委办主任出席会议。") == []


def test_an_office_of_a_body_inside_the_county_after_another_office():
    text = "区委常委、汾湖高新区党工委书记张振宇，区委常委邱晨出席会议。"
    assert _speakers(text, "吴江区") == [
        ("张振宇", ["区委常委", "汾湖高新区党工委书记"]),
        ("邱晨", ["区委常委"]),
    ]


def test_a_character_replaced_by_a_question_mark_inside_an_office():
    text = "區委副書記陳曉敏，區委常委、組織部?長李文博出席會議。"
    assert _speakers(text, "南山区") == [
        ("陈晓敏", ["区委副书记"]),
        ("李文博", ["区委常委", "组织部部长"]),
    ]


def test_bodies_attending_are_not_people():
    text = "区委委员出席会议，区纪委委员和区直部门、各街道主要负责同志列席会议。"
    assert _speakers(text, "历城区") == []


def test_a_higher_leader_quoted_is_not_at_the_plenum():
    text = (
        "县委书记马正德讲话。武威市委书记赵文涛在调研民勤时指出，要坚持以水定城。"
        "市委常委、县委书记王明出席会议。"
    )
    assert _speakers(text, "民勤县") == [
        ("马正德", ["县委书记"]),
        ("王明", ["市委常委", "县委书记"]),
    ]


def test_a_higher_leader_attending_is_at_the_plenum():
    assert _speakers("市委副书记李强出席会议并讲话。", "民勤县") == [("李强", ["市委副书记"])]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "区委副书记、区长扎西平措就全区经济工作作安排部署。",
            [("扎西平措", ["区委副书记", "区长"])],
        ),
        ("县委副书记、县 长陇文达主持会议。", [("陇文达", ["县委副书记", "县长"])]),
    ],
)
def test_a_transcribed_name_before_jiu_and_a_space_inside_an_office(text, want):
    assert _speakers(text) == want


def test_bodies_listed_with_and_are_not_people():
    assert _speakers("县纪委委员和各镇、县直各部门主要负责同志列席会议。") == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "旗委书记孟和巴雅尔代表旗委常委会作工作报告。旗委副书记、旗长萨仁高娃对全旗经济工作作安排。",
            [("孟和巴雅尔", ["旗委书记"]), ("萨仁高娃", ["旗委副书记", "旗长"])],
        ),
        ("县委副书?、县长胡晓军主持会议。", [("胡晓军", ["县委副书记", "县长"])]),
        ("县政协主\ufffd扎西出席会议。", [("扎西", ["县政协主席"])]),
        ("县人大常委会主?王明出席会议。", [("王明", ["县人大常委会主任"])]),
    ],
)
def test_more_transcribed_names_and_restored_offices(text, want):
    assert _speakers(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # A name ends before the word that says what the person did.
        ("全会听取了县长王明所作的说明。", [("王明", ["县长"])]),
        ("县委书记王明根据县委常委会的安排作报告。", [("王明", ["县委书记"])]),
        ("县委副书记李华安排部署了下半年工作。", [("李华", ["县委副书记"])]),
        ("县委副书记孔德明表示，要抓好落实。", [("孔德明", ["县委副书记"])]),
        (
            "县委书记何永强发表讲话，县长王立东则针对经济工作作出部署。",
            [("何永强", ["县委书记"]), ("王立东", ["县长"])],
        ),
        # 候选人 is part of an office, not of the name after it.
        ("区监委主任候选人李强出席会议。", [("李强", ["区监委主任候选人"])]),
        # Offices of the county's other bodies, a bare title continuing a body's chain.
        (
            "县人大常委会党组书记、主任张伟，县政协党组书记、主席刘芳出席会议。",
            [("张伟", ["县人大常委会党组书记", "主任"]), ("刘芳", ["县政协党组书记", "主席"])],
        ),
        (
            "经开区党工委副书记、管委会主任陈刚，高新区管委会主任赵军出席会议。",
            [("陈刚", ["经开区党工委副书记", "管委会主任"]), ("赵军", ["高新区管委会主任"])],
        ),
        ("县委常委、组织部长孙丽宣读了决定。", [("孙丽", ["县委常委", "组织部长"])]),
        (
            "副县长、县公安局局长张卫东，县法院院长赵振国出席会议。",
            [("张卫东", ["副县长", "县公安局局长"]), ("赵振国", ["县法院院长"])],
        ),
        # A transcribed name may end in 和 when a stop follows it.
        (
            "旗人大常委会主任巴图孟和，旗政协主席萨仁格日乐出席会议。",
            [("巴图孟和", ["旗人大常委会主任"]), ("萨仁格日乐", ["旗政协主席"])],
        ),
        ("旗委书记朝鲁门作讲话。", [("朝鲁门", ["旗委书记"])]),
        ("县委副书记次仁罗布等县级领导出席会议。", [("次仁罗布", ["县委副书记"])]),
    ],
)
def test_names_by_their_edges(text, want):
    assert _speakers(text) == want


def test_a_generic_leader_title_needs_a_known_surname():
    assert _speakers("对重大项目、重点工作实行县领导挂点联系，确保落实。") == []


@pytest.mark.parametrize(
    "text",
    [
        # Another county's plenum in passing: its offices are not this committee's.
        "沂南县委书记孔德明表示，要把全会确定的目标落到实处。",
        "沂南县委十四届四次全会提出，加快建设影视基地。县委书记孔德明表示，要抓好落实。",
    ],
)
def test_officials_of_another_county_are_not_speakers(text):
    assert _speakers(text, "沂水县") == []


def test_a_county_named_inside_a_longer_name_is_not_another_county():
    # 安吉县 holds 吉县, a county of its own: the longest known name is the one printed.
    text = "县长钱立新就《中共安吉县委关于建设样板的决定》作说明。县领导吴国良、潘慧在主席台就座。"
    assert [name for name, _roles in _speakers(text, "安吉县")] == ["钱立新", "吴国良", "潘慧"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "县人民法院党组书记、院长高峰，县人民检察院党组书记、检察长江涛出席会议。",
            [
                ("高峰", ["县人民法院党组书记", "院长"]),
                ("江涛", ["县人民检察院党组书记", "检察长"]),
            ],
        ),
        # Higher officials who come to the plenum (到会指导) are at it.
        ("市委常委、市委秘书长陈国栋到会指导。", [("陈国栋", ["市委常委", "市委秘书长"])]),
        ("地委委员、行署副专员李宏伟出席会议并讲话。", [("李宏伟", ["地委委员", "行署副专员"])]),
        ("县委副书记、县长次仁多吉作2017年经济工作报告。", [("次仁多吉", ["县委副书记", "县长"])]),
        (
            "会议听取了县委常委、常务副县长符永强关于实施意见的说明。",
            [("符永强", ["县委常委", "常务副县长"])],
        ),
    ],
)
def test_offices_of_courts_higher_guests_and_a_report_with_its_year(text, want):
    assert _speakers(text) == want
