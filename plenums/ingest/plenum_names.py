"""A plenum's names: as the documents write it, a session's title, a resolution's formal name."""

from plenums.chinese import chinese_numeral

# The plenum's name as the documents write it; the interface translates these two patterns.
PLENUM_NAME = "第%(term)s届委员会第%(plenum)s次全体会议"
PLENUM_NAME_EXPANDED = "第%(term)s届委员会第%(plenum)s次全体(扩大)会议"


def plenum_name(term, plenum, expanded: bool, *, numeral=str, translate=str) -> str:
    """第七届委员会第九次全体(扩大)会议: ``numeral`` writes the numbers (Chinese in titles),
    ``translate`` the pattern (gettext in the interface)."""
    pattern = PLENUM_NAME_EXPANDED if expanded else PLENUM_NAME
    return translate(pattern) % {"term": numeral(term), "plenum": numeral(plenum)}


def session_title(committee, term: int, plenum: int, expanded: bool) -> str:
    """中共上海市嘉定区第七届委员会第九次全体(扩大)会议: a session's title, the committee's
    place with its parent region."""
    region = committee.parent_region + committee.region
    return "中共" + region + plenum_name(term, plenum, expanded, numeral=chinese_numeral)


def formal_name(committee, term: int, plenum: int) -> str:
    """中国共产党西峡县第十四届委员会第二次全体会议, as a resolution's title names its plenum; a
    district with its city (中国共产党上海市嘉定区…)."""
    place = committee.region
    if committee.level == "district":
        place = committee.parent_region + place
    return "中国共产党" + place + plenum_name(term, plenum, False, numeral=chinese_numeral)
