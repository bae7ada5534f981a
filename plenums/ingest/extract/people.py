"""Who spoke or presided: names, roles and what each did."""

import re
from dataclasses import dataclass

from plenums.chinese import to_simplified

from .. import gazetteer
from ..records import Span, Speaker, Warning
from .common import _CLAUSE_END, HAN

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
# Words that end a name: what a report says a person did, and function words after a name
# (not 提出: transcribed names end in 提, 哈米提出席).
_ENDERS = (
    "所作|关于|根据|按照|安排|表示|发表|针对|宣布|带领|率领|认为|希望|称|说|则|致辞|作出|就任|当选"
)
_FOLLOWERS_RE = re.compile(
    r"(?:代表|作|传达|主持|出席|到会|讲话|宣读|通报|说明|就|在|同志|对|围绕|向|等|强调|指出|要求|参加"
    rf"|列席|并|和|与|及|受|分别|也|一同|通过|总结|部署|汇报|介绍|解读|{_ENDERS}"
    r"|、|,|。|;|:|\s|\(|$)"
)
_COMRADE_RE = re.compile(
    rf"(?:(?<=[,。;:\n、])|^)(?P<name>[{HAN}]{{1,3}})同志"
    r"(?=作|主持|出席|讲话|传达|代表|宣读|就|对|通报|在会上|受)"
)
# A name before a short title, at the start of a sentence (陈宇剑书记代表区委常委会作工作报告,
# 李少骏区长就…作说明): the title is the committee's own (书记 of this 区委) or its government's.
_NAME_TITLE_RE = re.compile(
    rf"(?:(?<=[,。;:\n])|^)(?P<name>[{HAN}]{{2,3}}?)"
    r"(?P<title>(?:常务)?副?书记|(?:副|代理|代)?(?:区长|县长|旗长|市长))"
    r"(?=代表|作|主持|出席|讲话|就|强调|指出|宣读|传达|通报|在会上|对)"
)
# Characters that make a would-be name an office or a body (支部书记, 党委书记).
_BODY_CHARS = frozenset("委部组办局厅处室院会党团支")
_ON_BEHALF_RE = re.compile(r"^受(.{1,12}?)委托所?作的(.+)$")
_ACTION_SPLIT_RE = re.compile(r"并且|并")
_CLAUSE_RE = re.compile(rf"[^{re.escape(_CLAUSE_END)}]*")
_COMPOUND_SURNAMES = frozenset(
    (
        "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 申屠 轩辕 闻人"
    ).split()
)
# Single-character surnames in use today (百家姓 and later), Simplified.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万"
    "钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包"
    "宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳"
    "时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇"
    "栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚"
    "皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容"
    "敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾"
    "戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
# "X同志" carries no office, so the leaders a report quotes (习近平同志对…作出指示) are told
# apart by name; with a local office (市委书记李强) a person is taken as printed.
_CENTRAL_LEADERS = frozenset(
    "习近平 李强 赵乐际 王沪宁 蔡奇 丁薛祥 李希 毛泽东 周恩来 刘少奇 朱德 邓小平 陈云 江泽民 胡锦涛"
    " 李鹏 朱镕基 温家宝 李克强 栗战书 汪洋 韩正".split()
)
# Characters that end a name's span when they would make it read on into prose.
_NON_NAME = frozenset("的了是与及等委并")
# Characters of bodies and places, never in a two- or three-character name (和各镇, 和区直部门).
_NOT_IN_NAME = frozenset("委部办局厅处室院党团府区县市省旗镇乡村各")
# Characters of offices, bodies and prose: never in a name read without a known surname.
_NOT_IN_TRANSCRIBED = _BODY_CHARS | frozenset("府长记任局区县市省旗州镇乡村的了是与及等在对为将作")
# 和 is in transcribed names (孟和巴雅尔) but never ends one: 巴特尔和 reads on into prose.
_NOT_LAST_IN_NAME = frozenset("和与及等")
# Punctuation that ends a name in a list (巴图孟和，旗政协主席…).
_NAME_STOPS = frozenset(",、。;:")


@dataclass
class SpeakersFound:
    speakers: list[Speaker]
    warnings: list[Warning]


_HAN_ONLY_RE = re.compile(rf"[{HAN}]+")
_SPACES_RE = re.compile(r"[ \t\u3000]+")
_PADDED_NAME_RE = re.compile(rf"[{HAN}][ \u3000]{{1,2}}[{HAN}]")
_DOTTED_NAME_RE = re.compile(rf"[{HAN}]{{1,6}}[·•・](?P<last>[{HAN}]{{1,8}})")
_STRONG_VERB_RE = re.compile(
    r"代表|主持|出席|到会|讲话|传达|宣读|通报"
    r"|作(?:了|重要|工作|报告|说明|讲话|安排|部署|动员|总结|\d)"
)
# First characters that start prose, not names, after an office (区委书记、区长分别作讲话).
_NOT_A_SURNAME = frozenset("会们也都分一各全先前后再又并即将均同亦来去要是有在对向和与及等的了为就")
# Single-character enders (称, 说, 则) may be a name's third character: not evidence here.
_MULTI_ENDERS = "|".join(w for w in _ENDERS.split("|") if len(w) > 1)
_VERB_AFTER_NAME_RE = re.compile(
    rf"作|代表|传达|主持|出席|讲话|宣读|通报|强调|指出|在|就|受|对|向|{_MULTI_ENDERS}"
)
# After a name in a list of offices and names: the next entry's office (，县委常委、…).
_NEXT_ENTRY_RE = re.compile(rf"[,、]\s*{_ROLE}")


def _has_surname(name: str) -> bool:
    return name[:2] in _COMPOUND_SURNAMES or name[0] in _SURNAMES


def _read_name(folded: str, pos: int, listed: bool = False) -> int | None:
    """End of a personal name starting at pos, judged by what follows it: 3 or 2 characters
    first, then up to 8 (compound surnames, transcribed names such as 斯琴巴特尔); ``listed``
    when the name follows another in a list after one office (县委常委A、B、C)."""
    if padded := _PADDED_NAME_RE.match(folded, pos):
        # 王　明: two-character names padded to line up with three-character ones.
        if _has_surname(padded.group()) and _FOLLOWERS_RE.match(folded, padded.end()):
            return padded.end()
    if dotted := _DOTTED_NAME_RE.match(folded, pos):
        # 买买提·艾力: transcribed names joined by a middle dot need no surname; the shortest
        # last part that a verb or punctuation follows.
        for end in range(dotted.start("last") + 1, dotted.end() + 1):
            if _FOLLOWERS_RE.match(folded, end):
                return end
    # 赵伟作说明 / 吴杰出席: when a verb starts right after two characters, the name is those two.
    first = (2, 3) if _VERB_AFTER_NAME_RE.match(folded, pos + 2) else (3, 2)
    for length in (*first, 4, 5, 6, 7, 8):
        name = folded[pos : pos + length]
        if len(name) != length or not _HAN_ONLY_RE.fullmatch(name):
            continue
        end = pos + length
        before_stop = folded[end : end + 1] in _NAME_STOPS or end >= len(folded)
        if any(c in _NON_NAME for c in name[1:]) or (
            name[-1] in _NOT_LAST_IN_NAME and not before_stop
        ):
            continue
        if folded[end : end + 1] in ("和", "与", "及") and folded[end + 1 : end + 2] in _NAME_STOPS:
            continue  # 巴图孟和，: a 和 before a stop ends the name, it joins nothing
        if _has_surname(name) and length <= 6:
            if _FOLLOWERS_RE.match(folded, end) and (
                not any(c in (_NOT_IN_NAME if length <= 3 else _NOT_IN_TRANSCRIBED) for c in name)
            ):
                return end
        elif (
            name[0] not in _NOT_A_SURNAME
            and not any(c in _NOT_IN_TRANSCRIBED for c in name)
            and (
                _STRONG_VERB_RE.match(folded, end)
                or folded.startswith(("就", "对"), end)
                or _NEXT_ENTRY_RE.match(folded, end)
                or folded.startswith(("、", ",", "等"), end)
                or (listed and _FOLLOWERS_RE.match(folded, end))
            )
        ):
            # A rarer surname than the list knows, or a transcribed name (其美多吉, 达瓦卓玛,
            # 古丽米拉吾守尔), right before 代表/主持/出席…, a list mark or the next entry's
            # office, or anywhere in a list of names after one office: still a name.
            return end
    return None


def _actions(folded: str, cleaned: str, pos: int) -> list[str]:
    """The clause after a name, split at 并: 代表区委常委会作工作报告并讲话 → two actions,
    printed in Simplified with the text's own punctuation."""
    end = _CLAUSE_RE.match(folded, pos).end()
    for prefix in ("同志", "等"):
        if folded.startswith(prefix, pos):
            pos += len(prefix)
    actions, start = [], pos
    for m in [*_ACTION_SPLIT_RE.finditer(folded, pos, end), None]:
        stop = m.start() if m else end
        if action := to_simplified(cleaned[start:stop]).strip():
            # 听取…区委书记X受区委常委会委托所作的工作报告: the person made the report.
            actions.append(_ON_BEHALF_RE.sub(r"受\1委托作\2", action))
        start = m.end() if m else end
    return actions


def _skip_spaces(folded: str, pos: int) -> int:
    while pos < len(folded) and folded[pos] in " \t":
        pos += 1
    return pos


def _role_stem(region: str) -> str:
    # 通州区 → 通州: roles may be printed with the place (通州区委书记) after another office.
    return region[:-1] if len(region) > 2 else ""


# An office of a body inside the county, after another office in a chain (区委常委、汾湖高新区
# 党工委书记张振宇); never on its own, where it could read prose as a place.
_LOCAL_BODY_ROLE_RE = re.compile(
    rf"[{HAN}]{{2,10}}?(?:党工委|管委会|党委|街道|镇|乡)(?:常务)?副?(?:书记|主任|镇长|乡长)"
)
# Offices of higher committees and governments; a holder of only those is at the plenum only
# when the text says so (出席, 到会, 讲话…), else merely quoted.
_HIGHER_ROLE_RE = re.compile(
    r"(?:[省市州盟](?:委|人大|政协|纪委|监委|人民政府|政府)|[省市州盟]长|副[省市州盟]长|地委|行署)"
)
_AT_THE_PLENUM_RE = re.compile(r"^(?:出席|到会|莅临|参加|列席|讲话|作讲话|指导|主持)")


_BARE_TITLE_RE = re.compile(
    r"(?:常务)?副?(?:主任|主席|书记|部长|局长|院长|检察长)(?=[、,]|[\u4e00-\u9fff])"
)


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


# A character lost inside a word: U+FFFD, or a ? standing between two Han characters; or a
# space reposting put inside an office (县 长).
_LOST_CHAR_RE = re.compile(rf"\ufffd|(?<=[{HAN}])\?|(?<=[{HAN}]) (?=[{HAN}])")
# Characters of the offices a lost one may have been (组织部?长 is 组织部部长).
_ROLE_CHARS = "书记长部委主任席副常务区县旗市政府协人大纪监组织宣传统战法院检察武"


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


def find_speakers(folded: str, cleaned: str, region: str = "") -> SpeakersFound:
    """People at the plenum: <local roles><name>, lists of names after one role, X同志, and a
    name before its short title at the start of a sentence (陈宇剑书记代表…). Characters lost
    in reposting inside an office (区委书\ufffd记) are read past; offsets stay the text's."""
    lost: set[int] = set()
    repaired: set[int] = set()
    for m in _LOST_CHAR_RE.finditer(folded):
        at, space = m.start(), m.group() == " "
        deleted = _role_across(folded[:at] + folded[at + 1 :], at, at)
        repair = None if space else _repair_role(folded, at)
        if repair and _role_across(folded[:at] + repair + folded[at + 1 :], at, at) > deleted:
            # One character replaced (组织部?长 is 组织部部长, longer than 组织部长 read past it).
            folded = folded[:at] + repair + folded[at + 1 :]
            repaired.add(at)
        elif deleted:
            lost.add(at)  # a character or space inserted: 区委书\ufffd记, 县 长
        elif space:
            continue  # a space elsewhere stays (王　明 is a padded name)
        else:
            lost.add(at)
    if not lost:
        found = _find_speakers(folded, cleaned, region)
        _doubt_restored(found, repaired)
        return found
    kept = [i for i in range(len(folded)) if i not in lost]
    found = _find_speakers(
        "".join(folded[i] for i in kept), "".join(cleaned[i] for i in kept), region
    )
    kept.append(len(folded))

    def back(span: Span) -> Span:
        # The span in the text with the lost characters: from its first kept one to its last.
        start = kept[span.offset]
        return Span(start, kept[span.end - 1] + 1 - start)

    for warning in found.warnings:
        warning.offset = kept[warning.offset]
    for speaker in found.speakers:
        speaker.evidence = back(speaker.evidence)
        speaker.role_evidence = [back(span) for span in speaker.role_evidence]
    _doubt_restored(found, repaired | lost)
    return found


_NAMED_COMMITTEE_RE = re.compile(rf"([{HAN}]{{2,8}}?[区县旗])委")


def _of_another_county(folded: str, start: int, role: str, region: str) -> bool:
    """Whether an office of a 区/县/旗 belongs to a county other than the committee's own: the
    place printed right before it (沂南县委书记 in a report on 沂水县), or, for an office
    printed bare, the county whose committee its paragraph last named (沂南县委十四届四次全会
    提出…。县委书记孔德明表示…)."""
    if not region or role[:1] not in ("区", "县", "旗"):
        return False
    known = gazetteer.divisions()

    def foreign(place: str) -> bool:
        return place != region and not region.startswith(place[:-1])

    for length in range(8, 1, -1):  # the longest name first: 安吉县, never 吉县
        place = folded[max(0, start - length) : start] + role[0]
        if len(place) == length + 1 and place in known:
            return foreign(place)
    paragraph = folded.rfind("\n", 0, start) + 1
    named = None
    for m in _NAMED_COMMITTEE_RE.finditer(folded, paragraph, start):
        place = m.group(1)
        for cut in range(len(place) - 1):
            if place[cut:] in known:
                named = place[cut:]
                break
    return named is not None and named[-1] == role[0] and foreign(named)


def _doubt_restored(found: SpeakersFound, restored: set[int]) -> None:
    """Doubt a speaker whose name or role was read across a character lost in reposting."""

    def across(span: Span | None) -> bool:
        return span is not None and any(span.offset <= at < span.end for at in restored)

    for speaker in found.speakers:
        if any(across(span) for span in speaker.role_evidence):
            speaker.doubt.append("role_restored")
        if across(speaker.evidence):
            speaker.doubt.append("name_damaged")


def _find_speakers(folded: str, cleaned: str, region: str) -> SpeakersFound:
    stem = _role_stem(region)
    found: dict[str, Speaker] = {}
    warnings: list[Warning] = []

    def add(hit: _Hit) -> None:
        start, end = hit.start, hit.end
        printed = cleaned[start:end]
        name = to_simplified(_SPACES_RE.sub("", printed))
        speaker = found.setdefault(name, Speaker(name, printed, evidence=Span(start, end - start)))
        for role, span in zip(hit.roles, hit.role_spans, strict=True):
            if role not in speaker.roles:
                speaker.roles.append(role)
                speaker.role_evidence.append(span)
        speaker.actions.extend(a for a in hit.actions if a not in speaker.actions)
        doubt = list(hit.doubt)
        if not _has_surname(name) and len(name) <= 3:
            # A long transcribed name (其美多吉) is read by its edges; a short one without a
            # known surname may be a word taken for a name.
            doubt.append("name_without_known_surname")
        if any(role.endswith("领导") for role in hit.roles):
            doubt.append("generic_role")  # 县领导: an office the text does not give
        speaker.doubt.extend(d for d in doubt if d not in speaker.doubt)

    hits: list[_Hit] = []
    pos = 0
    while m := _ROLE_CHAIN_RE.search(folded, pos):
        roles = m.group().split("、")
        role_spans, at = [], m.start()
        for role in roles:
            role_spans.append(Span(at, len(role)))
            at += len(role) + 1
        names, cursor = [], _extend_chain(folded, m.end(), roles, stem, role_spans)
        cursor = _skip_spaces(folded, cursor)
        broken = False
        if folded.startswith("\n", cursor) and not folded.startswith("\n", cursor + 1):
            # 县委副书记\n袁敏就…: a line broken mid-sentence between an office and its name.
            cursor += 1
            broken = True
        if folded.startswith(":", cursor):  # 区委常委：张三、李四
            cursor = _skip_spaces(folded, cursor + 1)
        while (end := _read_name(folded, cursor, listed=bool(names))) is not None:
            names.append((cursor, end))
            cursor = end
            # A list of names shares the roles before it (区委常委冯捷、顾惠文…出席会议),
            # until a new role starts another entry.
            if folded.startswith("、", cursor) and not _ROLE_AT_RE.match(folded, cursor + 1):
                cursor = _skip_spaces(folded, cursor + 1)
                continue
            break
        if roles[-1].endswith("领导"):
            # 县领导挂点联系: after a generic 领导 only a name with a known surname is a person.
            names = [(a, b) for a, b in names if _has_surname(folded[a:b])]
        if not names:
            pos = m.start() + 1
            continue
        if _of_another_county(folded, m.start(), roles[0], region):
            # 沂南县委书记孔德明 in a report on 沂水县: another county's plenum, in passing.
            pos = names[-1][1]
            continue
        actions = _actions(folded, cleaned, names[-1][1])
        doubt = ["name_after_line_break"] if broken else []
        hits.extend(_Hit(start, end, roles, actions, role_spans, doubt) for start, end in names)
        pos = names[-1][1]
    for m in _COMRADE_RE.finditer(folded):
        start, end = m.span("name")
        if not _has_surname(m.group("name")) or m.group("name") in _CENTRAL_LEADERS:
            continue
        doubt = ["no_role"]
        if end - start == 1:
            # Only a surname survived reposting: keep it as printed, with 同志, and flag it.
            end = m.end()
            warnings.append(Warning("surname_only_speaker", start, cleaned[start:end]))
            doubt.append("surname_only")
        hits.append(_Hit(start, end, [], _actions(folded, cleaned, m.end()), [], doubt))
    kind = region[-1] if region[-1:] in ("区", "县", "旗", "市") else ""
    for m in _NAME_TITLE_RE.finditer(folded):
        name, title = m.group("name"), m.group("title")
        if (
            not _has_surname(name)
            or name in _CENTRAL_LEADERS
            or any(c in _BODY_CHARS or c in _NON_NAME for c in name)
        ):
            continue
        role = f"{kind}委{title}" if title.endswith("书记") and kind else title
        start, end = m.span("name")
        title_span = Span(m.start("title"), m.end("title") - m.start("title"))
        doubt = ["role_from_title"] if role != title else []
        actions = _actions(folded, cleaned, m.end())
        hits.append(_Hit(start, end, [role], actions, [title_span], doubt))
    hits.sort(key=lambda h: h.start)
    for i in range(len(hits) - 2, -1, -1):
        hit, following = hits[i], hits[i + 1]
        if (
            not hit.actions
            and folded.startswith(",", hit.end)
            and "。" not in folded[hit.end : following.start]
        ):
            # 区委副书记袁志刚，区委常委何建…出席会议: one verb for the whole sentence.
            hit.actions = following.actions
    for hit in hits:
        if _other_county(folded, hit.start, region):
            hit.doubt = [*hit.doubt, "other_county_nearby"]
        if hit.roles and all(_HIGHER_ROLE_RE.match(r) for r in hit.roles) and kind != "市":
            if not any(_AT_THE_PLENUM_RE.search(a) for a in hit.actions):
                continue  # 市委书记X在调研时指出: a higher leader quoted, not at the plenum
            hit.doubt = [*hit.doubt, "higher_office_only"]
        add(hit)
    return SpeakersFound(list(found.values()), warnings)


# Another county's committee (沂南县委) named in a report that covers several counties.
_COUNTY_COMMITTEE_RE = re.compile(rf"(?=(?P<place>[{HAN}]{{2,9}}?[县区旗])委(?![员会]))")


def _other_county(folded: str, at: int, region: str) -> bool:
    """Whether the paragraph naming a person names a county committee other than ``region``'s
    and not its own (one the gazetteer knows): the person may hold that county's office."""
    start = folded.rfind("\n", 0, at) + 1
    end = folded.find("\n", at)
    stem = _role_stem(region) or region
    known = gazetteer.divisions()
    for m in _COUNTY_COMMITTEE_RE.finditer(folded, start, len(folded) if end < 0 else end):
        place = m.group("place")
        if place in known and stem not in place and place not in region:
            return True
    return False


@dataclass
class _Hit:
    """One place a person is named: the name's span, the roles before it (with their spans),
    what the clause says they did, and the doubts of how it was read."""

    start: int
    end: int
    roles: list[str]
    actions: list[str]
    role_spans: list[Span]
    doubt: list[str]
