"""Which district or county committee held the plenum, and its parent region."""

import functools
import re
from collections import Counter
from dataclasses import dataclass

from .. import gazetteer
from ..records import Committee, Span, Warning
from .common import HAN, NUM

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
_PLACE_SUFFIX_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:区|县|旗|市)")
# Characters of prose, never inside a county's name (出席全会的有县委委员…).
_PROSE_CHARS = frozenset("的了是在有和与及对为就将把被从向会议席召开举行全体各这那其")
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
_KIND_RE = re.compile(r"([区县旗市])委(?!员)")


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


def _known_name_ending(folded: str, end: int, shortest: int) -> int | None:
    """Where the longest county-level name the gazetteer knows that ends at ``end`` starts
    (names of ``shortest`` characters or more), if one does."""
    known = gazetteer.divisions()
    for start in range(max(0, end - 9), end - shortest + 1):
        if folded[start:end] in known:
            return start
    return None


def _named_elsewhere(folded: str, source: str) -> tuple[str, int | None, int] | None:
    """The county a report names only outside the committee's own title, when the text says
    just 县委/区委/旗委: the outlet (湄潭新闻网讯), the source (互助土族自治县融媒体中心) or the
    body (上半年天河区经济运行…); the most often named one of the committee's own kind.
    Returns (name, offset, printed length), the offset None when only the source names it."""
    # The committee's own kind: the most printed of 区委, 县委, 旗委; 市委 (a county-level
    # city's) only when the text prints none of those.
    counted = Counter(_KIND_RE.findall(folded))
    local = Counter({k: n for k, n in counted.items() if k != "市"})
    kinds = {(local or counted).most_common(1)[0][0]} if counted else set()
    known = gazetteer.divisions()
    parents = gazetteer.parent_names()
    votes: dict[str, list[int]] = {}  # name → [weight, -first offset, printed length]

    def vote(name: str, offset: int, weight: int, printed: int) -> None:
        if kinds and name[-1] not in kinds:
            return
        if name.endswith("市") and name in parents:
            return  # a prefecture-level city is a parent, never the committee's county
        entry = votes.setdefault(name, [0, -offset, printed])
        if -offset > entry[1]:
            entry[1:] = [-offset, printed]
        entry[0] += weight

    for m in _OUTLET_RE.finditer(folded):
        printed = m.group("name")
        if printed in known:
            vote(printed, m.start("name"), 5, len(printed))
        for name in _stems().get(printed, ()):
            vote(name, m.start("name"), 5, len(printed))
    for m in _PLACE_SUFFIX_RE.finditer(folded):
        # Names of three characters or more: two-character ones (城区) are common words.
        if (start := _known_name_ending(folded, m.end(), shortest=3)) is not None:
            vote(folded[start : m.end()], start, 1, m.end() - start)
    for start in range(len(source)):
        # The source is the publisher: even a two-character name (黟县) is the county's.
        for end in range(len(source), start + 1, -1):
            if source[start:end] in known:
                vote(source[start:end], len(folded), 5, end - start)
    if not votes:
        return None
    name = max(votes, key=lambda n: tuple(votes[n][:2]))
    if sum(1 for n in votes if votes[n][0] == votes[name][0]) > 1:
        return None  # two counties of the kind named alike: the text does not say which
    offset, printed = -votes[name][1], votes[name][2]
    return name, (offset if offset < len(folded) else None), printed


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
    or a bare 区委 of the county the outlet, the ``source`` (folded) or the body names. The
    committee carries the span of the place as printed and its doubts: named only as a place
    elsewhere, a shortened name expanded, a name the gazetteer does not know, no parent."""
    found = None
    doubt: list[str] = []
    for m in _COMMITTEE_RE.finditer(folded):
        split = _split_place(m.group("place"))
        if split:
            found = (split[0], split[1], m.start("place"), m.end("place"))
            break
    if found is None:
        for m in _SHORT_COMMITTEE_RE.finditer(folded):
            if (start := _known_name_ending(folded, m.end(), shortest=2)) is not None:
                found = (_printed_parents(folded, start), folded[start : m.end()], start, m.end())
                break
    if found is None:
        # 嘉定区委 for a division the gazetteer does not know: only at a clause's start, and
        # only a name without prose in it (出席全会的有县委委员 names no county).
        for m in _BARE_COMMITTEE_RE.finditer(folded):
            if not _PROSE_CHARS.intersection(m.group("region")[:-1]):
                found = ([], m.group("region"), m.start("region"), m.end("region"))
                break
    warnings: list[Warning] = []
    if found is None and (named := _named_elsewhere(folded, source)):
        region, start, printed = named
        if start is None:  # named only by the source line, which cleaning may have kept
            at = folded.find(region)
            found = ([], region, 0, None) if at < 0 else ([], region, at, at + len(region))
        else:
            found = (_printed_parents(folded, start), region, start, start + printed)
        warnings.append(Warning("committee_from_place_name", found[2], region))
        doubt.append("committee_from_place_name")
    if found is None:
        return None
    prefixes, region, offset, end = found
    evidence = Span(offset, end - offset) if end is not None else None
    if region not in gazetteer.divisions() and (full := _expansion(region, folded + source)):
        # 喀左县 is how prose shortens 喀喇沁左翼蒙古族自治县: the committee takes the full name.
        warnings.append(Warning("region_expanded", offset, f"{region} → {full}"))
        doubt.append("region_expanded")
        region = full
    elif region not in gazetteer.divisions():
        doubt.append("region_not_in_gazetteer")
    if not prefixes:
        # A printed parent elsewhere (a resolution's title: 中国共产党上海市嘉定区…).
        for m in _COMMITTEE_RE.finditer(folded):
            split = _split_place(m.group("place"))
            if split and split[1] == region and split[0]:
                prefixes = split[0]
                break
    parent, parent_warnings = _resolve_parent(folded, region, prefixes, offset)
    warnings += parent_warnings
    if parent_warnings:
        doubt.append("parent_region_unknown")
    elif parent.endswith(("省", "自治区")):
        # A county directly under its province: whether its name carries the province
        # (中共海南省屯昌县委员会) is a convention the text rarely settles.
        doubt.append("parent_is_province")
    name = f"中共{parent}{region}委员会"
    committee = Committee(name, region, parent, region_level(region), evidence, doubt)
    return CommitteeFound(committee, warnings)
