"""Local offices (区委书记, 县人民法院院长…): their patterns and chains, and whose they are."""

import re

from .. import gazetteer
from ..records import Span
from .common import HAN

# Local offices only: national titles (总书记, 国家主席) are never matched, so central leaders
# quoted in the report are not taken for people at the plenum.
# Any body may be followed by its 党组 (县人民法院党组书记).
_ORG = (
    r"(?:(?:省|市|区|县|旗|州|盟)(?:委(?:组织部|宣传部|统战部|政法委|办公室|办)?|人大常委会|人大"
    r"|政协|纪委(?:监委)?|监委|人民政府|政府|人武部|人民法院|法院|人民检察院|检察院"
    r"|总工会|工商联|妇联|团委|公安局|财政局|发改局|[\u4e00-\u9fff]{2,8}?事务局)"
    # A prefecture's committee and office in Xinjiang (地委委员、行署副专员).
    r"|地委|行署)(?:党组)?"
)
# The county's development zones (西青经济技术开发区党工委, 经开区管委会), as a body of offices.
_ZONE = (
    r"(?:[\u4e00-\u9fff]{0,8}?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|经开区"
    r"|园区|新区))?(?:党工委|管委会)"
)
_TITLE = r"(?:常务)?副?(?:书记|常委|主任|主席|部长|秘书长|委员|政委|政治委员|局长|院长|检察长|专员)"
_STANDALONE = (
    r"(?:常务)?(?:副|代理|代)?(?:区长|县长|旗长|市长|州长|省长|盟长)(?:候选人)?"
    r"|(?:组织部|宣传部|统战部)(?:常务)?副?部长|(?:组织|宣传|统战)部长"
    r"|政法委(?:常务)?副?书记|纪委(?:常务)?副?书记|监委(?:常务)?副?主任(?:候选人)?"
    r"|(?:人民法院)院长|(?:人民检察院)检察长|人武部(?:部长|政委|政治委员)|(?:市|区|县|旗)领导"
    rf"|{_ZONE}(?:常务)?副?(?:书记|主任|委员)"
)
# 候选人 and 代理 are parts of an office (区监委主任候选人, 代理县长).
_ROLE = rf"(?:(?:{_ORG}{_TITLE}|{_STANDALONE})(?:候选人)?)"
_ROLE_CHAIN_RE = re.compile(rf"{_ROLE}(?:、{_ROLE})*")
_ROLE_AT_RE = re.compile(_ROLE)

# Offices of higher committees and governments; a holder of only those is at the plenum only
# when the text says so (出席, 到会, 讲话…), else merely quoted.
_HIGHER_ROLE_RE = re.compile(
    r"(?:[省市州盟](?:委|人大|政协|纪委|监委|人民政府|政府)|[省市州盟]长|副[省市州盟]长|地委|行署)"
)
# An office of a body inside the county, after another office in a chain (区委常委、汾湖高新区
# 党工委书记张振宇); never on its own, where it could read prose as a place.
_LOCAL_BODY_ROLE_RE = re.compile(
    rf"[{HAN}]{{2,10}}?(?:党工委|管委会|党委|街道|镇|乡)(?:常务)?副?(?:书记|主任|镇长|乡长)"
)
_BARE_TITLE_RE = re.compile(
    r"(?:常务)?副?(?:主任|主席|书记|部长|局长|院长|检察长)(?=[、,]|[\u4e00-\u9fff])"
)
# Characters of the offices a lost one may have been (组织部?长 is 组织部部长).
_ROLE_CHARS = "书记长部委主任席副常务区县旗市政府协人大纪监组织宣传统战法院检察武"


def _role_stem(region: str) -> str:
    # 通州区 → 通州: roles may be printed with the place (通州区委书记) after another office.
    return region[:-1] if len(region) > 2 else ""


def _extend_chain(
    folded: str, end: int, roles: list[str], stem: str, spans: list[Span] | None = None
) -> int:
    """Roles after a comma, or prefixed by the place (市委常委、副市长，通州区委书记孟庆丰);
    each role's span goes to ``spans``."""
    while end < len(folded) and folded[end] in "、,":
        at = end + 1
        if stem and folded.startswith(stem, at):
            at += len(stem)
        role = (
            _ROLE_AT_RE.match(folded, at)
            or _LOCAL_BODY_ROLE_RE.match(folded, at)
            # 县人大常委会党组副书记、副主任: a bare title after a body's office is that body's.
            or _BARE_TITLE_RE.match(folded, at)
        )
        if role is None:
            break
        roles.append(role.group())
        if spans is not None:
            spans.append(Span(role.start(), role.end() - role.start()))
        end = role.end()
    return end


def _role_across(folded: str, first: int, last: int) -> int:
    """The length of the longest office that runs over positions first..last, else 0."""
    best = 0
    for start in range(max(0, first - 14), first + 1):
        if (m := _ROLE_AT_RE.match(folded, start)) and m.end() > last:
            best = max(best, m.end() - m.start())
    return best


def _repair_role(folded: str, at: int) -> str | None:
    """The character that, standing at ``at``, completes the longest office there, if any."""
    scored = []
    for ch in _ROLE_CHARS:
        repaired = folded[:at] + ch + folded[at + 1 :]
        if length := _role_across(repaired, at, at):
            # Equally long offices (政协主任, 政协主席): the one the text prints elsewhere, else
            # the usual title of that body.
            word = repaired[max(0, at - 3) : at + 2]
            usual = ch == "席" and "协" in folded[max(0, at - 4) : at]
            scored.append((length, folded.count(word), usual, -_ROLE_CHARS.index(ch), ch))
    return max(scored)[-1] if scored else None


# A county's committee named in passing (沂南县委十四届四次全会…): the shortest run of characters
# before 区委/县委/旗委, of which the county is the longest known name ending it.
_NAMED_COMMITTEE_RE = re.compile(rf"([{HAN}]{{2,8}}?[区县旗])委")


def counties_named(folded: str, start: int, end: int) -> list[str]:
    """The counties whose committee ``folded[start:end]`` names (沂南县委), in order: of each,
    the longest name the gazetteer knows (安吉县, never 吉县)."""
    known = gazetteer.divisions()
    named = []
    for m in _NAMED_COMMITTEE_RE.finditer(folded, start, end):
        place = m.group(1)
        named += [place[cut:] for cut in range(len(place) - 1) if place[cut:] in known][:1]
    return named


def another_county(place: str, region: str) -> bool:
    """Whether a county named is not ``region``, the committee's own (nor its stem: 沂水 of
    沂水县); never when the committee's region is unknown."""
    return bool(region) and place != region and not region.startswith(place[:-1])


def of_another_county(folded: str, start: int, role: str, region: str) -> bool:
    """Whether an office of a 区/县/旗 belongs to a county other than the committee's own: the
    place printed right before it (沂南县委书记 in a report on 沂水县), or, for an office
    printed bare, the county whose committee its paragraph last named (沂南县委十四届四次全会
    提出…。县委书记孔德明表示…)."""
    if not region or role[:1] not in ("区", "县", "旗"):
        return False
    known = gazetteer.divisions()
    for length in range(8, 1, -1):  # the longest name first: 安吉县, never 吉县
        place = folded[max(0, start - length) : start] + role[0]
        if len(place) == length + 1 and place in known:
            return another_county(place, region)
    named = counties_named(folded, folded.rfind("\n", 0, start) + 1, start)
    return bool(named) and named[-1][-1] == role[0] and another_county(named[-1], region)
