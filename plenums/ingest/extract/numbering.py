"""Which plenum a report is about: 第N届…第N次全体会议 and its short forms."""

import re
from dataclasses import dataclass

from plenums.chinese import parse_number

from .common import HAN, NUM

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
