"""Personal names as reports print them: surnames, transcribed names, where a name ends."""

import re

from .common import HAN
from .offices import _ROLE

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
# Characters that make a would-be name an office or a body (支部书记, 党委书记).
_BODY_CHARS = frozenset("委部组办局厅处室院会党团支")
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
_HAN_ONLY_RE = re.compile(rf"[{HAN}]+")
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
