"""Read the facts of one plenum out of cleaned article text: committee, 届/次, date, people,
attendance, documents, key phrases and damage warnings.

Every function works on the *folded* text (Simplified script, half-width ASCII; see
chinese.fold), which has the cleaned text's length, so offsets found in it are offsets in the
cleaned text and printed forms can be sliced from the cleaned text directly.
"""

import datetime
import functools
import re
from collections import Counter
from dataclasses import dataclass

from plenums.chinese import CN_DIGITS, fold, parse_number, to_simplified

from . import gazetteer
from .records import Attendance, Committee, Document, KeyPhrase, SessionDate, Speaker, Warning

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
NUM = rf"[0-9{CN_DIGITS}]{{1,4}}"
_YEAR = r"(?:19|20)\d\d|[一二][〇零一二三四五六七八九]{3}"
_MONTH_DAY = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
# Folded text has half-width ASCII: ， is "," and （ is "(" here.
_CLAUSE_END = ",。;:!?\n"


# ── 届 and 次 ──────────────────────────────────────────────────────────────────────────────
_PLENUM_KIND = r"全体会议|全委会议|全委会|全会|扩大会议|会议"
_ORDINAL_RE = re.compile(
    rf"第?(?P<term>{NUM})届(?P<mid>[^,。;:!?\n届次]{{0,24}}?)第?(?P<plenum>{NUM})次"
    rf"\s*(?P<kind>(?:全体|全委)?\s*(?:\(\s*扩大\s*\))?\s*(?:{_PLENUM_KIND})(?:\s*\(\s*扩大\s*\))?)"
)
# 届/次 pairs that belong to higher committees quoted in the report (十二届市委六次全会,
# 党的二十届三中全会) rather than to the committee holding the plenum.
_HIGHER_RE = re.compile(r"中央|省委|市委|州委|盟委|地委|人大|政协|党代会|党的|代表大会")
_HIGHER_BEFORE_RE = re.compile(r"(中央|省委|市委|州委|盟委|地委|党的|全国)$")


@dataclass
class Ordinal:
    term: int
    plenum: int
    expanded: bool
    start: int
    end: int
    garbled: bool = False
    # Where the text names this plenum again (a headline, then the lead), in reading order.
    mentions: tuple[int, ...] = ()


def _ordinals(folded: str, region: str):
    # A county-level city's own committee is a 市委: only then is 市委 not a higher one.
    allowed = {"市委"} if region.endswith("市") else set()
    for m in _ORDINAL_RE.finditer(folded):
        before = folded[max(0, m.start() - 3) : m.start()]
        higher = set(_HIGHER_RE.findall(m.group("mid"))) | set(_HIGHER_BEFORE_RE.findall(before))
        if higher - allowed:
            continue
        mid = m.group("mid")
        if m.group("kind").strip() == "会议" and "委员会" not in mid:
            continue  # 第三届…第二次会议 of a congress, not a committee plenum
        try:
            term, plenum = parse_number(m.group("term")), parse_number(m.group("plenum"))
        except ValueError:
            continue
        if 1 <= term <= 99 and 1 <= plenum <= 99:
            yield Ordinal(term, plenum, "扩大" in m.group("kind"), m.start(), m.end())


# 届 lost in reposting: 中国共产党第三委员会第七次全体会议 is the third term's seventh plenum.
_GARBLED_ORDINAL_RE = re.compile(
    rf"(?:中共|中国共产党)[{HAN}]{{0,12}}?第(?P<term>{NUM})委员会第?(?P<plenum>{NUM})次"
    r"\s*(?P<kind>全体\s*(?:\(\s*扩大\s*\))?\s*会议|全会)"
)


def find_ordinal(folded: str, region: str = "") -> Ordinal | None:
    """The first 届/次 plenum mention that belongs to a district or county committee; expanded
    when any mention of that plenum says so (a headline often leaves 扩大 out). A title that
    lost its 届 (第三委员会第七次全体会议) is read as one, flagged ``garbled``."""
    found = list(_ordinals(folded, region))
    if not found:
        for m in _GARBLED_ORDINAL_RE.finditer(folded):
            term, plenum = parse_number(m.group("term")), parse_number(m.group("plenum"))
            if 1 <= term <= 99 and 1 <= plenum <= 99:
                expanded = "扩大" in m.group("kind")
                return Ordinal(term, plenum, expanded, m.start(), m.end(), garbled=True)
        return None
    first = found[0]
    same = [o for o in found if (o.term, o.plenum) == (first.term, first.plenum)]
    first.expanded = any(o.expanded for o in same)
    first.mentions = tuple(o.start for o in same)
    return first


# ── committee ──────────────────────────────────────────────────────────────────────────────
_COMMITTEE_RE = re.compile(
    rf"(?:中共|中国共产党)(?P<place>[{HAN}]{{2,24}}?)(?:第?{NUM}届)?(?:委员会|委(?!员))"
)
_PARENT_PART_RE = re.compile(r".+?(?:特别行政区|自治区|省|自治州|地区|市|州|盟)")
_PARENT_END_RE = re.compile(r"(?:特别行政区|自治区|省|自治州|地区|市|州|盟)$")
_REGION_TAIL_RE = re.compile(rf"(?P<prefix>[{HAN}]*?)(?P<region>[{HAN}]{{1,10}}?(?:区|县|旗))$")
_BARE_COMMITTEE_RE = re.compile(
    rf"(?:^|(?<=[,。;:\n“《(]))(?!召开|举行|全|本|我|该|各|在|由|经|对|市|省|近日|日前)"
    rf"(?P<region>(?:(?![区县旗])[{HAN}]){{2,6}}?(?:新区|区|县|旗))"
    rf"(?:委(?![员会])|第?{NUM}届)"
)
_PLACE_SUFFIX_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:区|县|旗)")
_SHORT_COMMITTEE_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:区|县|旗)(?=委|第)")


@dataclass
class CommitteeFound:
    committee: Committee
    warnings: list[Warning]


def _ends_with_parent(prefix: str) -> bool:
    """Whether a county-level name may start right after ``prefix``: nothing, or a city or
    province name (上海市, or its short form 上海)."""
    if not prefix or _PARENT_END_RE.search(prefix):
        return True
    return any(prefix.endswith(short) for short in _parent_short_names())


@functools.cache
def _parent_short_names() -> frozenset[str]:
    return frozenset(
        short for name in gazetteer.parent_names() if len(short := gazetteer.short_name(name)) >= 2
    )


def _split_place(place: str) -> tuple[list[str], str] | None:
    """上海市嘉定区 → (['上海市'], '嘉定区'); None when it does not end in a county-level name."""
    known = gazetteer.divisions()
    parents = gazetteer.parent_names()
    if (
        place[-1:] in "区县旗"
        and place[-2:-1] == place[-1]
        and any(place[i:-1] in known for i in range(len(place) - 2))
    ):
        place = place[:-1]  # 曹县县委: a name ending in 县 before 县委
    for i in range(len(place) - 1):
        tail = place[i:]
        if tail in known and (tail not in parents or not tail.endswith("市")):
            if _ends_with_parent(place[:i]):
                return _PARENT_PART_RE.findall(place[:i]), tail
            # A known name ending a longer one the gazetteer lacks (重庆市渝北区 is not 北区).
            break
    # Printed parents first (重庆市), then the rest as a county-level name unknown to the
    # gazetteer.
    parts, rest = [], place
    while (m := _PARENT_PART_RE.match(rest)) and m.group() in parents:
        parts.append(m.group())
        rest = rest[m.end() :]
    if parts and 2 <= len(rest) <= 10 and rest[-1] in "区县旗" and rest not in parents:
        return parts, rest
    if m := _REGION_TAIL_RE.fullmatch(place):
        prefix = m.group("prefix")
        parts = _PARENT_PART_RE.findall(prefix)
        if "".join(parts) == prefix:
            return parts, m.group("region")
    return None


def region_level(region: str) -> str:
    if region.endswith("区"):
        return "district"
    if region.endswith(("县", "旗")):
        return "county"
    return "other"


def _mentions(folded: str, name: str) -> int:
    short = gazetteer.short_name(name)
    return folded.count(short) if short else 0


def _resolve_parent(
    folded: str, region: str, prefixes: list[str], offset: int
) -> tuple[str, list[Warning]]:
    candidates = gazetteer.lookup(region)
    if prefixes:
        wanted = {gazetteer.short_name(p) for p in prefixes}
        narrowed = [
            d
            for d in candidates
            if gazetteer.short_name(d.city) in wanted or gazetteer.short_name(d.province) in wanted
        ]
        if len(narrowed) == 1:
            return narrowed[0].city, []
        if not candidates or (not narrowed and prefixes[-1] in gazetteer.parent_names()):
            # Unknown to the gazetteer (new or renamed), or listed there only under other
            # parents (its table lacks 重庆市江北区): trust the nearest printed parent.
            return prefixes[-1], []
        candidates = narrowed or candidates
    if len(candidates) == 1:
        return candidates[0].city, []
    if candidates:
        # Several divisions share the name (鼓楼区): decide only on the text's own evidence,
        # first a printed 南京市鼓楼区, then the city, then the province named anywhere.
        for evidence in (
            lambda d: (
                folded.count(gazetteer.short_name(d.city) + "市" + region)
                + folded.count(d.city + region)
            ),
            lambda d: _mentions(folded, d.city),
            lambda d: _mentions(folded, d.province),
        ):
            hits = [d for d in candidates if evidence(d)]
            if len(hits) == 1:
                return hits[0].city, []
            if hits:
                candidates = hits
        why = "several divisions share this name: " + "、".join(
            sorted({d.city for d in candidates})
        )
    else:
        why = "not in the gazetteer and no parent region printed"
    return "", [Warning("parent_region_unknown", offset, f"{region} ({why})")]


def _printed_parents(folded: str, start: int) -> list[str]:
    """Parent names printed right before a region (上海市 in 上海市嘉定区委), if any."""
    parents = gazetteer.parent_names()
    for i in range(max(0, start - 12), start - 1):
        parts = _PARENT_PART_RE.findall(folded[i:start])
        if parts and "".join(parts) == folded[i:start] and all(p in parents for p in parts):
            return parts
    return []


# An outlet named after its county opens a report: 湄潭新闻网讯, 科左后旗融媒讯, 【平山融媒】.
_OUTLET_RE = re.compile(
    rf"(?:^|(?<=[\n【\[(]))(?P<name>[{HAN}]{{2,10}}?)"
    r"(?:新闻网|新闻中心|融媒体中心|融媒体|融媒|新闻|发布|日报|电视台|广播电视台|手机台|在线)讯?"
)
_AUTONOMOUS_RE = re.compile(r"^(?P<stem>.+?)(?:[^族]{1,6}?族)+自治[县旗]$")
_KIND_RE = re.compile(r"([区县旗])委(?!员)")


@functools.cache
def _stems() -> dict[str, tuple[str, ...]]:
    """The stems prose and outlets use for county-level names: 湄潭 for 湄潭县, 互助 for
    互助土族自治县; only stems of two characters or more."""
    found: dict[str, set[str]] = {}
    for name in gazetteer.divisions():
        stems = {name[:-1]}
        if m := _AUTONOMOUS_RE.match(name):
            stems.add(m.group("stem"))
        for stem in stems:
            if len(stem) >= 2:
                found.setdefault(stem, set()).add(name)
    return {stem: tuple(sorted(names)) for stem, names in found.items()}


def _named_elsewhere(folded: str, source: str) -> tuple[str, int] | None:
    """The county a report names only outside the committee's own title, when the text says
    just 县委/区委/旗委: the outlet (湄潭新闻网讯), the source (互助土族自治县融媒体中心) or the
    body (上半年天河区经济运行…); the most often named one of the committee's own kind.
    Returns (name, offset), the offset -1 when only the source names it."""
    # The committee's own kind: the most printed of 区委, 县委, 旗委.
    kinds = Counter(_KIND_RE.findall(folded)).most_common(1)
    kinds = {kinds[0][0]} if kinds else set()
    known = gazetteer.divisions()
    votes: dict[str, list[int]] = {}  # name → [weight, -first offset]

    def vote(name: str, offset: int, weight: int) -> None:
        if kinds and name[-1] not in kinds:
            return
        entry = votes.setdefault(name, [0, -offset])
        entry[0] += weight

    for m in _OUTLET_RE.finditer(folded):
        printed = m.group("name")
        if printed in known:
            vote(printed, m.start("name"), 5)
        for name in _stems().get(printed, ()):
            vote(name, m.start("name"), 5)
    for m in _PLACE_SUFFIX_RE.finditer(folded):
        end = m.end()
        # Names of three characters or more: two-character ones (城区) are common words.
        for start in range(max(0, end - 9), end - 2):
            if folded[start:end] in known:
                vote(folded[start:end], start, 1)
                break
    for start in range(len(source)):
        # The source is the publisher: even a two-character name (黟县) is the county's.
        for end in range(len(source), start + 1, -1):
            if source[start:end] in known:
                vote(source[start:end], len(folded), 5)
    if not votes:
        return None
    name = max(votes, key=lambda n: tuple(votes[n]))
    offset = -votes[name][1]
    return name, (offset if offset < len(folded) else -1)


def _is_shortening(short: str, name: str) -> bool:
    """Whether ``short`` keeps ``name``'s first character and the rest in order (喀左 of
    喀喇沁左翼蒙古族自治县, 前郭 of 前郭尔罗斯蒙古族自治县)."""
    if not short or short[0] != name[0]:
        return False
    rest = iter(name[1:])
    return all(ch in rest for ch in short[1:])


def _expansion(region: str, text: str) -> str | None:
    """The one county-level name that ``region`` (unknown to the gazetteer) shortens, of the
    same kind: the one the text prints if several could be meant, else the only one."""
    stem, kind = region[:-1], region[-1]
    if len(stem) < 2:
        return None
    fits = [
        name
        for name in gazetteer.divisions()
        if name[-1] == kind and len(name) >= len(region) + 2 and _is_shortening(stem, name)
    ]
    printed = [name for name in fits if name in text]
    if len(printed) == 1:
        return printed[0]
    return fits[0] if len(fits) == 1 else None


def find_committee(folded: str, source: str = "") -> CommitteeFound | None:
    """The district/county committee: 中共上海市嘉定区第七届委员会, or failing that 嘉定区委,
    or a bare 区委 of the county the outlet, the ``source`` (folded) or the body names."""
    found = None
    for m in _COMMITTEE_RE.finditer(folded):
        split = _split_place(m.group("place"))
        if split:
            found = (split[0], split[1], m.start("place"))
            break
    if found is None:
        known = gazetteer.divisions()
        for m in _SHORT_COMMITTEE_RE.finditer(folded):
            end = m.end()
            for start in range(max(0, end - 9), end - 1):
                if folded[start:end] in known:
                    found = (_printed_parents(folded, start), folded[start:end], start)
                    break
            if found:
                break
    if found is None:
        # 嘉定区委 for a division the gazetteer does not know: only at a clause's start, so
        # that no prose is taken for a place name.
        if m := _BARE_COMMITTEE_RE.search(folded):
            found = ([], m.group("region"), m.start("region"))
    warnings: list[Warning] = []
    if found is None and (named := _named_elsewhere(folded, source)):
        region, start = named
        found = (_printed_parents(folded, start) if start >= 0 else [], region, max(start, 0))
        warnings.append(Warning("committee_from_place_name", max(start, 0), region))
    if found is None:
        return None
    prefixes, region, offset = found
    if region not in gazetteer.divisions() and (full := _expansion(region, folded + source)):
        # 喀左县 is how prose shortens 喀喇沁左翼蒙古族自治县: the committee takes the full name.
        warnings.append(Warning("region_expanded", offset, f"{region} → {full}"))
        region = full
    if not prefixes:
        # A printed parent elsewhere (a resolution's title: 中国共产党上海市嘉定区…).
        for m in _COMMITTEE_RE.finditer(folded):
            split = _split_place(m.group("place"))
            if split and split[1] == region and split[0]:
                prefixes = split[0]
                break
    parent, parent_warnings = _resolve_parent(folded, region, prefixes, offset)
    warnings += parent_warnings
    name = f"中共{parent}{region}委员会"
    return CommitteeFound(Committee(name, region, parent, region_level(region)), warnings)


# ── date ───────────────────────────────────────────────────────────────────────────────────
_FULL_DATE_RE = re.compile(
    rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_MONTH_DAY})\s*月\s*(?P<d>{_MONTH_DAY})\s*[日号]"
    # Digits run together by reposting: 20221230日.
    r"|(?<!\d)(?P<y2>(?:19|20)\d\d)(?P<m2>0[1-9]|1[0-2])(?P<d2>[0-3]\d)\s*[日号]"
)
# A clock after a date makes it a page's timestamp (2022年3月3日09:41), not the plenum's day;
# so does a news agency's dateline (新华网南宁12月29日电, 南海网临高12月27日消息, 12月29日讯) or a
# newspaper's page (2024年07月22日 第05版).
_CLOCK_RE = re.compile(r"\s*\d{1,2}:\d{2}")
_DATELINE_AFTER_RE = re.compile(
    r"\s*(?:专电|电|讯|消息)(?=\s|[(:]|记者|$)|\s*第\s*[a-z]?\d+\s*版|\s*(?:星期|周)[一二三四五六日天]"
)


def _stamp_after(folded: str, end: int) -> bool:
    return bool(_CLOCK_RE.match(folded, end) or _DATELINE_AFTER_RE.match(folded, end))


_MONTH_DAY_RE = re.compile(
    rf"(?<![年\d{CN_DIGITS}])(?P<m>{_MONTH_DAY})\s*月\s*(?P<d>{_MONTH_DAY})\s*[日号]"
)
_YEAR_MONTH_RE = re.compile(
    rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_MONTH_DAY})\s*月(?![\d{CN_DIGITS}份]*[日号])(?:初|上旬)?"
    r"(?=\s*[,，]?\s*(?:中共|中国共产党|[区县旗]委))"
)
# A plenum that sums up year N is held at the end of N (or, for a January one, early N+1); one
# that plans year N without summing up is held at the end of N-1; one reviewing the first half
# of N is held in N.
_SUMMARY_RE = re.compile(
    rf"总结(?:回顾)?(?P<y>{_YEAR})年|(?P<y2>{_YEAR})年(?:全年)?(?:工作|经济社会发展(?:情况)?)"
    r"(?:总结|回顾)|回顾(?P<y3>(?:19|20)\d\d)年"
)
_PLAN_RE = re.compile(
    rf"(?:部署|制定|谋划)(?P<y>{_YEAR})年|(?P<y2>{_YEAR})年(?:全年)?(?:经济社会发展|工作)?"
    r"(?:主要)?(?:目标任务|重点任务|工作安排|重点工作|工作部署|工作思路|工作的?(?:意见|安排|部署))"
    rf"|(?:部署|安排|做好|抓好|关于|对)(?P<y3>{_YEAR})年(?:全县|全区|全旗)?经济工作"
)
_YEAR_IS_RE = re.compile(rf"(?P<y>{_YEAR})年是")
# A day with no month, as local papers date a report's lead (本报讯 28日，…; 28日上午，…).
_DAY_ONLY_RE = re.compile(
    r"(?<![\d月年号/.-])(?P<d>\d{1,2})\s*日(?=\s*(?:上午|下午|晚|,|中共|中国共产党|[区县旗市]委|召开|在))"
)
# A publication-date label (发布日期：, 更新时间 ...).
_PUBLISHED_LABEL = r"(?:发布|发表|更新|刊发|出版|见报)?(?:时间|日期)\s*:?\s*"
_PUBLISHED_LABEL_RE = re.compile(_PUBLISHED_LABEL + r"\Z")
# When the page was published: a numeric date (2025-07-30, 2025/7/30, 2025.07.30, never how
# prose writes a date), or a Chinese one right after a label (发布日期：2023年08月03日).
_PUBLISHED_RE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.])"
    rf"|{_PUBLISHED_LABEL}"
    r"(?P<y2>(?:19|20)\d\d)\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
    # A Chinese date with a clock (a dateline: 2022年3月3日09:41).
    r"|(?P<y3>(?:19|20)\d\d)\s*年\s*(?P<m3>\d{1,2})\s*月\s*(?P<d3>\d{1,2})\s*日\s*\d{1,2}:\d{2}"
    # A newspaper's page (甘肃日报 2024年07月22日 第05版).
    r"|(?P<y5>(?:19|20)\d\d)\s*年\s*(?P<m5>\d{1,2})\s*月\s*(?P<d5>\d{1,2})\s*日\s*第\s*[a-z]?\d+\s*版"
    # Day first, as some sites stamp pages (03.03.2022 09:41).
    r"|(?<![\d.])(?P<d4>\d{1,2})(?P<sep4>[-/.])(?P<m4>\d{1,2})(?P=sep4)(?P<y4>(?:19|20)\d\d)(?![\d.])"
)
# A dated plan: the plenum decides to hold something later
# (会议决定2022年5月中旬召开区第六次党代会), so it sits before that month.
_PLANNED_EVENT_RE = re.compile(
    rf"(?:决定[^。;\n]{{0,40}}?|定于|拟于|将于|计划于?)\s*(?:于|在)?\s*(?P<y>{_YEAR})\s*年\s*"
    rf"(?P<m>{_MONTH_DAY})\s*月[^,。;\n]{{0,24}}?召开"
)
_DURING_RE = re.compile(
    rf"(?P<y>{_YEAR})年(?:上半年|下半年|前三季度|以来|1-\d+月|一季度|二季度|三季度)"
)


@dataclass
class DateFound:
    date: SessionDate
    warnings: list[Warning]


def _year(group: str) -> int:
    return parse_number(group)


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    try:
        datetime.date(y or 2000, m or 1, d or 1)
    except ValueError:
        return False
    return 1949 <= (y or 2000) <= 2100


def _first_group(m: re.Match, name: str) -> str:
    """The value of ``name`` or of its numbered twin (y, y2, y3…) in an alternation."""
    for suffix in ("", "2", "3", "4", "5"):
        key = name + suffix
        if key in m.re.groupindex and m.group(key) is not None:
            return m.group(key)
    raise KeyError(name)


def _published(folded: str) -> tuple[int, int, int, re.Match] | None:
    """The page's publication date (year, month, day, match), if it gives one."""
    for m in _PUBLISHED_RE.finditer(folded):
        y, mo, d = (_first_group(m, g) for g in ("y", "m", "d"))
        y, mo, d = int(y), int(mo), int(d)
        if _valid(y, mo, d):
            return y, mo, d, m
    return None


def _evidence_offset(folded: str, m: re.Match, anchor: int) -> int:
    """Where evidence found in the whole page stands in the cleaned text, else ``anchor``."""
    offset = folded.find(m.group())
    return offset if offset >= 0 else anchor


def _infer_year(
    folded: str, month: int | None, day: int | None, page: str, anchor: int
) -> tuple[int, int, str] | None:
    """(year, offset, evidence) from the page's publication date or, failing that, from how the
    report speaks of years; None when neither tells. ``page`` is the whole folded page, with
    the datelines and trailers that cleaning removed; evidence found only there is placed at
    ``anchor``."""
    if published := _published(page):
        year, pub_month, pub_day, m = published
        # A report follows its plenum: a plenum dated after the publication day (in the
        # calendar) was held the year before, as for a 12月30日 plenum published on 2 January.
        if month is not None and (month, day or 1) > (pub_month, pub_day):
            year -= 1
        return year, _evidence_offset(folded, m, anchor), m.group()
    if m := _PLANNED_EVENT_RE.search(folded):
        year, planned_month = _year(m.group("y")), parse_number(m.group("m"))
        if month is not None and month > planned_month:
            year -= 1
        return year, m.start(), m.group()
    if m := _SUMMARY_RE.search(folded):
        year = _year(m.group("y") or m.group("y2") or m.group("y3"))
        if month is not None and month <= 3:
            year += 1
        return year, m.start(), m.group()
    if m := _PLAN_RE.search(folded):
        year = _year(m.group("y") or m.group("y2") or m.group("y3"))
        if month is None or month >= 7:
            year -= 1
        return year, m.start(), m.group()
    spoken_of = {_year(m.group("y")): m for m in _YEAR_IS_RE.finditer(folded)}
    for year in sorted(spoken_of):
        if year + 1 in spoken_of:
            # "N年是…关键一年 … N+1年是…收官之年": a year-end report standing in N.
            m = spoken_of[year]
            return (year + 1 if month is not None and month <= 3 else year), m.start(), m.group()
    if m := _DURING_RE.search(folded):
        return _year(m.group("y")), m.start(), m.group()
    return None


def _paragraph_bounds(folded: str, offset: int) -> tuple[int, int]:
    start = folded.rfind("\n", 0, offset) + 1
    end = folded.find("\n", offset)
    return start, len(folded) if end < 0 else end


def _first_paragraphs(folded: str, limit: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(folded) and len(spans) < limit:
        end = folded.find("\n", start)
        end = len(folded) if end < 0 else end
        if end > start:
            spans.append((start, end))
        start = end + 1
    return spans


def find_date(
    folded: str, anchor: int, page: str | None = None, mentions: tuple[int, ...] = ()
) -> DateFound:
    """The plenum's date, looked for in the paragraph that names the plenum, then the others
    that name it (``mentions``), then the first five (a headline, a stamp or a 【导语】 may stand
    before the dated lead); a resolution's (…全体会议通过) note last, as it dates the plenum's
    last day. A missing year is inferred from ``page`` (the folded original, default
    ``folded``): its publication date first."""
    own = _paragraph_bounds(folded, anchor)
    naming = [own] + [_paragraph_bounds(folded, m) for m in mentions]
    spans: list[tuple[int, int]] = []
    for span in naming + _first_paragraphs(folded, 5):
        if span not in spans:
            spans.append(span)
    spans.sort(key=lambda span: bool(_ADOPTED_NOTE_RE.match(folded[span[0] : span[1]].strip())))
    month = day = None
    for start, end in spans:
        # The first date the paragraph gives, in reading order: a full date later in it (a rule
        # in force from 2023年1月1日) or a labelled publication date is not the plenum's.
        found = []
        for m in _FULL_DATE_RE.finditer(folded, start, end):
            y, mo, d = (_first_group(m, g) for g in ("y", "m", "d"))
            y, mo, d = _year(y), parse_number(mo), parse_number(d)
            stamp = _PUBLISHED_LABEL_RE.search(folded, start, m.start()) or _stamp_after(
                folded, m.end()
            )
            if _valid(y, mo, d) and not stamp:
                found.append((m.start(), y, mo, d))
        for m in _YEAR_MONTH_RE.finditer(folded, start, end):
            y, mo = _year(m.group("y")), parse_number(m.group("m"))
            if _valid(y, mo, None):
                found.append((m.start(), y, mo, None))
        for m in _MONTH_DAY_RE.finditer(folded, start, end):
            mo, d = parse_number(m.group("m")), parse_number(m.group("d"))
            stamp = _PUBLISHED_LABEL_RE.search(folded, start, m.start()) or _stamp_after(
                folded, m.end()
            )
            if _valid(None, mo, d) and not stamp:
                found.append((m.start(), None, mo, d))
        if found:
            _, year, month, day = min(found)
            if year is not None:
                return DateFound(SessionDate(year, month, day, False), [])
            break
        if (start, end) in naming and _DAY_ONLY_RE.search(folded, start, end):
            break  # 本报讯 8日召开: the day the plenum's own paragraph gives, dated by the page
    page = folded if page is None else page
    only_day = next(filter(None, (_DAY_ONLY_RE.search(folded, *span) for span in naming)), None)
    if month is None and only_day:
        # 本报讯 28日，…召开: the month (and year) of the page's publication date, the month
        # before when the day is later than the publication day.
        if published := _published(page):
            year, pub_month, pub_day, m = published
            day = int(only_day.group("d"))
            month = pub_month if day <= pub_day else pub_month - 1
            if month == 0:
                year, month = year - 1, 12
            if _valid(year, month, day):
                evidence = Warning("date_inferred", _evidence_offset(folded, m, anchor), m.group())
                return DateFound(SessionDate(year, month, day, True), [evidence])
    inferred = _infer_year(folded, month, day, page, anchor)
    if inferred is None:
        return DateFound(
            SessionDate(None, month, day, False),
            [Warning("date_unknown", anchor, "no year for the plenum found in the text")],
        )
    year, offset, evidence = inferred
    return DateFound(
        SessionDate(year, month, day, True), [Warning("date_inferred", offset, evidence)]
    )


# ── speakers ───────────────────────────────────────────────────────────────────────────────
# Local offices only: national titles (总书记, 国家主席) are never matched, so central leaders
# quoted in the report are not taken for people at the plenum.
_ORG = (
    r"(?:省|市|区|县|旗|州|盟)(?:委(?:组织部|宣传部|统战部|政法委|办公室|办)?|人大常委会|人大|政协"
    r"|纪委|监委|人民政府|政府|人武部)"
)
_TITLE = r"(?:常务)?副?(?:书记|常委|主任|主席|部长|秘书长|委员|政委|政治委员)"
_STANDALONE = (
    r"(?:常务)?(?:副|代理|代)?(?:区长|县长|旗长|市长|州长|省长|盟长)(?:候选人)?"
    r"|(?:组织部|宣传部|统战部)(?:常务)?副?部长"
    r"|政法委(?:常务)?副?书记|纪委(?:常务)?副?书记|监委(?:常务)?副?主任"
    r"|(?:人民法院)院长|(?:人民检察院)检察长|人武部(?:部长|政委|政治委员)|(?:市|区|县|旗)领导"
)
_ROLE = rf"(?:{_ORG}{_TITLE}|{_STANDALONE})"
_ROLE_CHAIN_RE = re.compile(rf"{_ROLE}(?:、{_ROLE})*")
_ROLE_AT_RE = re.compile(_ROLE)
_FOLLOWERS_RE = re.compile(
    r"(?:代表|作|传达|主持|出席|讲话|宣读|通报|说明|就|在|同志|对|围绕|向|等|强调|指出|要求|参加"
    r"|列席|并|和|与|及|受|分别|也|一同|通过|总结|部署|汇报|介绍|解读|、|,|。|;|:|\s|\(|$)"
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
_NOT_IN_TRANSCRIBED = _BODY_CHARS | frozenset("府长记任局区县市省旗州镇乡村的了是与及等在对为将")
# 和 is in transcribed names (孟和巴雅尔) but never ends one: 巴特尔和 reads on into prose.
_NOT_LAST_IN_NAME = frozenset("和与及等")


@dataclass
class SpeakersFound:
    speakers: list[Speaker]
    warnings: list[Warning]


_HAN_ONLY_RE = re.compile(rf"[{HAN}]+")
_SPACES_RE = re.compile(r"[ \t\u3000]+")
_PADDED_NAME_RE = re.compile(rf"[{HAN}][ \u3000]{{1,2}}[{HAN}]")
_DOTTED_NAME_RE = re.compile(rf"[{HAN}]{{1,6}}[·•・](?P<last>[{HAN}]{{1,8}})")
_STRONG_VERB_RE = re.compile(r"代表|主持|出席|讲话|传达|宣读|通报|作(?:了|重要|工作|报告|说明)")
# First characters that start prose, not names, after an office (区委书记、区长分别作讲话).
_NOT_A_SURNAME = frozenset("会们也都分一各全先前后再又并即将均同亦来去要是有在对向和与及等的了为就")
_VERB_AFTER_NAME_RE = re.compile(r"作|代表|传达|主持|出席|讲话|宣读|通报|强调|指出|在|就|受|对|向")


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
        if any(c in _NON_NAME for c in name[1:]) or name[-1] in _NOT_LAST_IN_NAME:
            continue
        end = pos + length
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
                or folded.startswith(("、", ","), end)
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
    r"(?:[省市州盟](?:委|人大|政协|纪委|监委|人民政府|政府)|[省市州盟]长|副[省市州盟]长)"
)
_AT_THE_PLENUM_RE = re.compile(r"^(?:出席|到会|莅临|参加|列席|讲话|作讲话|指导|主持)")


def _extend_chain(folded: str, end: int, roles: list[str], stem: str) -> int:
    """Roles after a comma, or prefixed by the place (市委常委、副市长，通州区委书记孟庆丰)."""
    while end < len(folded) and folded[end] in "、,":
        at = end + 1
        if stem and folded.startswith(stem, at):
            at += len(stem)
        role = _ROLE_AT_RE.match(folded, at) or _LOCAL_BODY_ROLE_RE.match(folded, at)
        if role is None:
            break
        roles.append(role.group())
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
    for m in _LOST_CHAR_RE.finditer(folded):
        at, space = m.start(), m.group() == " "
        if _role_across(folded[:at] + folded[at + 1 :], at, at):
            lost.add(at)  # a character or space inserted: 区委书\ufffd记, 县 长
        elif space:
            continue  # a space elsewhere stays (王　明 is a padded name)
        elif repair := _repair_role(folded, at):
            folded = folded[:at] + repair + folded[at + 1 :]  # one replaced: 组织部?长
        else:
            lost.add(at)
    if not lost:
        return _find_speakers(folded, cleaned, region)
    kept = [i for i in range(len(folded)) if i not in lost]
    found = _find_speakers(
        "".join(folded[i] for i in kept), "".join(cleaned[i] for i in kept), region
    )
    kept.append(len(folded))
    for warning in found.warnings:
        warning.offset = kept[warning.offset]
    return found


def _find_speakers(folded: str, cleaned: str, region: str) -> SpeakersFound:
    stem = _role_stem(region)
    found: dict[str, Speaker] = {}
    warnings: list[Warning] = []

    def add(start: int, end: int, roles: list[str], actions: list[str]) -> None:
        printed = cleaned[start:end]
        name = to_simplified(_SPACES_RE.sub("", printed))
        speaker = found.setdefault(name, Speaker(name, printed))
        speaker.roles.extend(r for r in roles if r not in speaker.roles)
        speaker.actions.extend(a for a in actions if a not in speaker.actions)

    hits: list[tuple[int, int, list[str], list[str]]] = []  # start, end, roles, actions
    pos = 0
    while m := _ROLE_CHAIN_RE.search(folded, pos):
        roles = m.group().split("、")
        names, cursor = [], _extend_chain(folded, m.end(), roles, stem)
        cursor = _skip_spaces(folded, cursor)
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
        if not names:
            pos = m.start() + 1
            continue
        actions = _actions(folded, cleaned, names[-1][1])
        hits.extend((start, end, roles, actions) for start, end in names)
        pos = names[-1][1]
    for m in _COMRADE_RE.finditer(folded):
        start, end = m.span("name")
        if not _has_surname(m.group("name")) or m.group("name") in _CENTRAL_LEADERS:
            continue
        if end - start == 1:
            # Only a surname survived reposting: keep it as printed, with 同志, and flag it.
            end = m.end()
            warnings.append(Warning("surname_only_speaker", start, cleaned[start:end]))
        hits.append((start, end, [], _actions(folded, cleaned, m.end())))
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
        hits.append((start, end, [role], _actions(folded, cleaned, m.end())))
    hits.sort(key=lambda h: h[0])
    for i in range(len(hits) - 2, -1, -1):
        start, end, roles, actions = hits[i]
        following = hits[i + 1]
        if not actions and folded.startswith(",", end) and "。" not in folded[end : following[0]]:
            # 区委副书记袁志刚，区委常委何建…出席会议: one verb for the whole sentence.
            hits[i] = (start, end, roles, following[3])
    for start, end, roles, actions in hits:
        if roles and all(_HIGHER_ROLE_RE.match(r) for r in roles) and kind != "市":
            if not any(_AT_THE_PLENUM_RE.search(a) for a in actions):
                continue  # 市委书记X在调研时指出: a higher leader quoted, not at the plenum
        add(start, end, roles, actions)
    return SpeakersFound(list(found.values()), warnings)


# ── attendance ─────────────────────────────────────────────────────────────────────────────
_SENTENCE_SPLIT_RE = re.compile(r"[^。;\n]+")
_ATTENDING = ("出席", "到会", "实到", "参加")
_COUNT_BEFORE_RE = re.compile(rf"(?P<n>{NUM})\s*名\s*[^,。;、和及与\d]{{0,12}}?(?:委员|成员)")
_COUNT_AFTER_RE = re.compile(
    rf"(?:候补)?(?:委员会)?委员\s*(?:共|有|为|计)?\s*(?P<n>{NUM})\s*(?:名|人)"
)
_PRESENT = r"(?:实到|实际出席|实出席|实际到会)"
_PRESENT_RE = re.compile(rf"{_PRESENT}\s*(?:会议)?\s*(?P<n>{NUM})\s*(?:名|人)")
_COMBINED_RE = re.compile(r"委员[、和及与]候补委员")
_DUE_OR_PRESENT_END_RE = re.compile(rf"(?:应到|应出席|{_PRESENT})\s*$")
_DUE_BEFORE_RE = re.compile(r"(?:应到|应出席)[^,;]{0,6}$")
_PRESENT_BEFORE_RE = re.compile(rf"{_PRESENT}[^,;]{{0,6}}$")


def find_attendance(folded: str) -> Attendance:
    """31名…委员会成员和1名候补…, 委员31人、候补委员1人, 应到委员36名，实到34名: those
    present, in sentences about attending; a number only 应到 (due) is not an attendance."""
    found: dict[bool, int] = {}  # is_alternate → count
    for sentence in _SENTENCE_SPLIT_RE.finditer(folded):
        text = sentence.group()
        if not any(word in text for word in _ATTENDING) or ("列席" in text and "出席" not in text):
            continue
        counts = sorted(
            (m.start(), m)
            for pattern in (_COUNT_BEFORE_RE, _COUNT_AFTER_RE, _PRESENT_RE)
            for m in pattern.finditer(text)
            # 实到33名候补委员应到6名: unpunctuated, 33 is those present, not 33 alternates.
            if pattern is not _COUNT_BEFORE_RE
            or not _DUE_OR_PRESENT_END_RE.search(text, 0, m.start())
        )
        alternate = False
        best: dict[bool, tuple[int, int]] = {}  # is_alternate → (rank, count)
        previous_end = 0
        for start, m in counts:
            # Whose count this is: 候补 in the words since the previous count (候补区委委员3人,
            # 3名候补委员), or, for a bare 实到5名, the count before it.
            if start < previous_end:
                continue  # 县委委员27名候补委员4名: 27 is the members', not 27 alternates
            noun = text[previous_end : m.end()]
            previous_end = m.end()
            try:
                n = parse_number(m.group("n"))
            except ValueError:
                continue
            if _COMBINED_RE.search(text, max(0, start - 4), m.end()):
                continue  # 委员、候补委员共45人: a total of both, neither count
            if m.re is not _PRESENT_RE or "候补" in noun:
                # 实到5名 after 应到候补委员5名 counts the alternates: remember whose turn it is.
                alternate = "候补" in noun
            before = text[max(0, start - 8) : start]
            if m.re is _PRESENT_RE or _PRESENT_BEFORE_RE.search(before):
                rank = 2
            elif _DUE_BEFORE_RE.search(before):
                rank = 0
            else:
                rank = 1
            if rank > best.get(alternate, (-1, 0))[0]:
                best[alternate] = (rank, n)
        for group, (rank, n) in best.items():
            if rank > 0:
                found.setdefault(group, n)
        if len(found) == 2:
            break
    return Attendance(found.get(False), found.get(True))


# ── documents ──────────────────────────────────────────────────────────────────────────────
_BOOK_RE = re.compile(r"《([^《》\n]{2,120})》")
_DOC_VERB_RE = re.compile(
    r"审议并通过|审议和通过|审议通过|讨论并通过|讨论通过|表决通过|审议|讨论|通过|听取|审查"
)
# What may stand between the verb and the title: 了, other titles, connectives, and the
# attribution of a report (区委常委会受区委委托所作的).
_DOC_GAP = r"[了和及与、,\s]|以及|《[^《》]*》"
_DOC_GAP_RE = re.compile(rf"(?:{_DOC_GAP})*")
_DOC_ATTRIBUTION_RE = re.compile(r"了?[^,。;]{0,30}?的")
_DOC_AFTER_RE = re.compile(
    r"^(?:\([^()]{1,8}\))?\s*(?:进行了?|经(?:全会|会议)?|提交(?:全会|会议)?)(审议通过|讨论通过|审议|讨论|通过)"
)
_DOC_SUFFIX_RE = re.compile(r"\s*\([^()]{1,8}\)\s*$")


def _document_kind(title: str) -> str:
    core = _DOC_SUFFIX_RE.sub("", title)
    for kind in ("决议", "意见", "报告", "建议"):
        if core.endswith(kind):
            return kind
    return "其他"


def _normalise_action(verb: str) -> str:
    if "审议" in verb and "通过" in verb:
        return "审议通过"
    if "讨论" in verb and "通过" in verb:
        return "讨论通过"
    return verb


# A document explained to the plenum (就《X》起草情况向全会作说明, 作关于《X》的说明).
_EXPLAINED_AFTER_RE = re.compile(
    r"^\s*(?:\([^()]{1,8}\))?的?(?:起草|编制|修订|修改|制定|有关)?(?:情况|过程)?的?"
    r"(?:向(?:全会|会议|大会))?(?:作|做)了?(?:起草)?说明"
)
_EXPLAINED_AROUND_RE = re.compile(r"(?:作|做)了?关于$")
_EXPLANATION_AFTER_RE = re.compile(r"^\s*(?:\([^()]{1,8}\))?的(?:起草)?说明")
# How strongly the plenum acted on a document: a later, stronger verb replaces a weaker one.
_ACTION_RANK = {"听取": 1, "作说明": 1, "审议": 2, "讨论": 2, "审查": 2}
# A title printed without 《》 after an adopting verb (全会审议通过了区委九届六次全会决议).
_BARE_TITLE_RE = re.compile(
    r"(?P<verb>审议并通过|审议和通过|审议通过|讨论并通过|讨论通过|表决通过|通过)了?"
    r"(?:《[^《》\n]*》(?:[、和及与]|以及)?)*"
    r"(?P<title>[^,。;:!?、《》“”\"\s()]{2,60}?(?:决议|决定|公报|意见|建议|方案|纲要))"
    r"(?=[,。;:、和及与\s)]|$)"
)
# Opinions, proposals and plans without 《》 count only when named by their issuer
# (中共某县委关于…的实施意见), never prose such as 通过征求意见.
_ISSUED_TITLE_RE = re.compile(r"^(?:中共|中国共产党|关于|[区县旗市]委|[区县旗]人民政府)")
_GENERIC_TITLE_RE = re.compile(r"^(?:本次|这次)?(?:全会|会议|大会)?(?:决议|决定|公报)$")
_ADOPTING_VERBS = ("通过", "召开", "举行", "审议", "闭幕", "开幕")
# The article is itself the document: a heading naming the plenum's resolution or communiqué
# (中国共产党某县第十五届委员会第七次全体会议决议), or one followed by (…全体会议通过).
_HEADING_DOC_RE = re.compile(r"^[^,。;:!?\n]{4,80}?(?:决议|决定|公报)$")
_ADOPTED_NOTE_RE = re.compile(r"^\([^()\n]{0,60}?(?:全体会议|全会)[^()\n]{0,10}?通过\)$")


_DRAFT_SUFFIX_RE = re.compile(r"\s*[(（](?:讨论稿|草案|征求意见稿|送审稿|审议稿)[)）]\s*$")


def _rank(action: str) -> int:
    return _ACTION_RANK.get(action, 3)


# What separates a site's name or navigation from a heading (哈密零距离 | …, 首页 > 政务动态 > …).
_NAV = ("|", "丨", ">", "›", "»")


def _heading_document(folded: str, cleaned: str) -> Document | None:
    """The document the article itself is: a heading among the first paragraphs (after a
    portal's 索引号/发布机构 lines), maybe set on two lines or behind an outlet's name
    (哈密零距离 | 中国共产党…公报), one followed by its adoption note first."""
    paragraphs = _first_paragraphs(folded, 12)
    found: list[tuple[bool, int, str]] = []  # (no note after it, position, title)
    for i in range(len(paragraphs)):
        for lines in (paragraphs[i : i + 1], paragraphs[i : i + 2]):
            if len(lines) == 2 and i + 1 >= len(paragraphs):
                continue
            heading = "".join(folded[a:b].strip() for a, b in lines)
            if len(lines) == 2 and any(sep in folded[lines[0][0] : lines[0][1]] for sep in _NAV):
                continue  # a site's navigation line is never half of a heading
            cut = max(heading.rfind(sep) for sep in _NAV) + 1
            heading = heading[cut:].strip()
            if not _HEADING_DOC_RE.match(heading) or any(v in heading for v in _ADOPTING_VERBS):
                continue
            after = paragraphs[i + len(lines) : i + len(lines) + 1]
            noted = any(_ADOPTED_NOTE_RE.match(folded[a:b].strip()) for a, b in after)
            if noted or any(True for _ in _ordinals(heading, "")):
                printed = "".join(cleaned[a:b].strip() for a, b in lines)
                title = to_simplified(printed[len(printed) - len(heading) :])
                found.append((not noted, i, title))
    if not found:
        return None
    title = min(found)[2]
    return Document(title, "审议通过", _document_kind(title))


def find_documents(folded: str, cleaned: str) -> list[Document]:
    """Documents the plenum acted on: titles in 《》 after or before a verb (审议通过, 讨论…, 作
    说明), titles printed without 《》 after an adopting verb, and the document the article
    itself is (its heading); titles quoted in prose are not."""
    # One entry per document, its draft (…（讨论稿）) included: base title → (offset, document).
    documents: dict[str, tuple[int, Document]] = {}

    def add(offset: int, title: str, action: str) -> None:
        base = _DRAFT_SUFFIX_RE.sub("", title)
        # A short title of a document listed in full (《建议（讨论稿）》 after 《…的建议》).
        base = next((b for b in documents if b.endswith(base) or base.endswith(b)), base)
        known = documents.get(base)
        if known is None:
            documents[base] = (offset, Document(title, action, _document_kind(title)))
        elif _rank(action) > _rank(known[1].action):
            # The adopted document is named as adopted, not as the draft explained earlier.
            known[1].action = action
            if len(_DRAFT_SUFFIX_RE.sub("", title)) >= len(
                _DRAFT_SUFFIX_RE.sub("", known[1].title)
            ):
                known[1].title = title
                known[1].kind = _document_kind(title)

    if heading := _heading_document(folded, cleaned):
        add(-1, heading.title, heading.action)
    previous_action, previous_end = None, -1
    for m in _BOOK_RE.finditer(folded):
        sentence_start = max(folded.rfind(c, 0, m.start()) for c in "。;\n") + 1
        before = folded[sentence_start : m.start()]
        after = folded[m.end() : m.end() + 30]
        action = None
        for verb in reversed(list(_DOC_VERB_RE.finditer(before))):
            gap = before[verb.end() :]
            if _DOC_GAP_RE.fullmatch(gap) or _DOC_ATTRIBUTION_RE.fullmatch(gap):
                action = _normalise_action(verb.group())
            break
        if action is None and (adopted := _DOC_AFTER_RE.match(after)):
            action = _normalise_action(adopted.group(1))
        if action is None and (
            _EXPLAINED_AFTER_RE.match(after)
            or (_EXPLAINED_AROUND_RE.search(before) and _EXPLANATION_AFTER_RE.match(after))
        ):
            action = "作说明"
        if (
            action is None
            and previous_action
            and _DOC_GAP_RE.fullmatch(folded[previous_end : m.start()])
        ):
            action = previous_action  # 《A》、《B》和《C》 share one verb
        if action is None:
            continue
        previous_action, previous_end = action, m.end()
        add(m.start(), to_simplified(cleaned[m.start(1) : m.end(1)]).strip(), action)
    for m in _BARE_TITLE_RE.finditer(folded):
        title = to_simplified(cleaned[m.start("title") : m.end("title")]).strip()
        if not title.endswith(("决议", "决定", "公报")) and not _ISSUED_TITLE_RE.match(title):
            continue
        kind = _document_kind(title)
        if _GENERIC_TITLE_RE.match(title) and any(
            _document_kind(d.title) == kind or d.title.endswith(title[-2:])
            for _offset, d in documents.values()
        ):
            continue  # 全会决议 standing for the resolution already listed
        add(m.start("title"), title, _normalise_action(m.group("verb")))

    # In the order the text first names them (作《…报告》 before 审议了《…报告》 counts).
    def first_named(item: tuple[int, Document]) -> int:
        offset, doc = item
        named = folded.find(fold(_DRAFT_SUFFIX_RE.sub("", doc.title)))
        return offset if named < 0 else min(offset, named)

    return [doc for _offset, doc in sorted(documents.values(), key=first_named)]


# ── key phrases ────────────────────────────────────────────────────────────────────────────
_QUOTED_RE = re.compile(
    r"“([^“”\n]{2,12})”|「([^「」\n]{2,12})」|『([^『』\n]{2,12})』|\"([^\"\n]{2,12})\""
    r"|‘([^‘’\n]{2,12})’"
)
_NOT_A_SET_PHRASE_RE = re.compile(r"[,。;:!?，。；：！？…]")
_HAN_RE = re.compile(rf"[{HAN}]")
_HAN_OR_DIGIT_RE = re.compile(rf"[{HAN}0-9]")
_SENTENCE_RE = re.compile(r"[^。！？!?\n]*[。！？!?]?")


def _sentence_at(cleaned: str, offset: int) -> str:
    start = max(cleaned.rfind(c, 0, offset) for c in "。！？!?\n") + 1
    return _SENTENCE_RE.match(cleaned, start).group().strip()


def find_key_phrases(folded: str, cleaned: str) -> list[KeyPhrase]:
    """Quoted set phrases (“十四五”, 「兩個確立」), counted wherever they occur in the text."""
    first: dict[str, tuple[str, int]] = {}  # folded phrase → (printed in Simplified, offset)
    for m in _QUOTED_RE.finditer(folded):
        group = next(i for i, g in enumerate(m.groups(), 1) if g is not None)
        key = m.group(group).strip()
        if (
            len(key) < 2
            or _NOT_A_SET_PHRASE_RE.search(key)
            or not _HAN_OR_DIGIT_RE.search(key)
            or key in first
        ):
            continue
        # Folding lower-cases ASCII; the phrase keeps its printed letters (“5G”).
        printed = to_simplified(cleaned[m.start(group) : m.end(group)]).strip()
        first[key] = (printed, m.start())
    phrases = [
        KeyPhrase(printed, folded.count(key), _sentence_at(cleaned, offset))
        for key, (printed, offset) in first.items()
    ]
    return sorted(phrases, key=lambda k: (-k.count, k.phrase))


# ── damage ─────────────────────────────────────────────────────────────────────────────────
_MOJIBAKE_TOKEN_RE = re.compile(
    r"[?\ufffd]|[a-zü\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]*[\u00c0-\u00d6\u00d8-\u00f6"
    r"\u00f8-\u024f][a-zü\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]*\)?|[a-z]{1,6}\)"
    r"|[\u0370-\u03ff\u0400-\u04ff€\u0080-\u009f¤¦¨¬¯´¸¿\u2500-\u257f\ue000-\uf8ff]"
    r"|锟斤拷|烫烫烫|屯屯屯"
)
_MOJIBAKE_GAP = 2
_URL_RE = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")


def find_mojibake(cleaned: str) -> list[Warning]:
    """Spans of characters lost in reposting (?, stray pinyin, σ€…), flagged, never deleted."""
    spans: list[list[int]] = []
    urls = [u.span() for u in _URL_RE.finditer(cleaned)]
    for m in _MOJIBAKE_TOKEN_RE.finditer(cleaned):
        if any(start <= m.start() < end for start, end in urls):
            continue  # a query string's ? is not a lost character
        if spans:
            gap = cleaned[spans[-1][1] : m.start()]
            if len(gap) <= _MOJIBAKE_GAP and all(_HAN_RE.match(c) for c in gap):
                spans[-1][1] = m.end()
                continue
        spans.append([m.start(), m.end()])
    return [Warning("mojibake", start, cleaned[start:end]) for start, end in spans]
