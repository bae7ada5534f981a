"""When the plenum was held, with the precision the article gives and how the year was found."""

import datetime
import re
from dataclasses import dataclass

from plenums.chinese import CN_DIGITS, parse_number

from ..records import SessionDate, Span, Warning
from .common import _MONTH_DAY, _YEAR, _first_paragraphs, _paragraph_bounds
from .document_mentions import _ADOPTED_NOTE_RE

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


def _is_stamp(folded: str, paragraph_start: int, m: re.Match) -> bool:
    """Whether a date dates the page: labelled (发布日期：…) or followed by a clock, a dateline's
    电/讯/消息 or a newspaper's page."""
    return bool(
        _PUBLISHED_LABEL_RE.search(folded, paragraph_start, m.start())
        or _CLOCK_RE.match(folded, m.end())
        or _DATELINE_AFTER_RE.match(folded, m.end())
    )


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
    r"(?<![\d月年号/.-])(?P<d>\d{1,2})\s*日"
    r"(?=\s*(?:上午|下午|晚|,|中共|中国共产党|[区县旗市]委|召开|举行|开幕|闭幕|在))"
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
# A page's date on a line of its own at the head of the page: a newspaper's or bulletin's
# masthead (南阳日报\n2019年12月26日 星期四\n第06版), maybe after the issuing office.
_PAGE_HEAD_LINES = 8
_PAGE_DATE_LINE_RE = re.compile(
    r"^[^\n,。;:!?]{0,24}?(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"\s*(?:(?:星期|周)[一二三四五六日天])?\s*(?:第\s*[a-z]?\d+\s*版[^\n]*)?$",
    re.M,
)
# "Today" in a lead (今天上午，…召开): the plenum was held on the day the page is dated.
_TODAY_RE = re.compile(r"(?:今天|今日)(?:上午|下午|晚上)?(?=[,，]?[^。\n]{0,40}?召开)")
# A dated plan: the plenum decides to hold something later
# (会议决定2022年5月中旬召开区第六次党代会), so it sits before that month.
_PLANNED_EVENT_RE = re.compile(
    rf"(?:决定[^。;\n]{{0,40}}?|定于|拟于|将于|计划于?)\s*(?:于|在)?\s*(?P<y>{_YEAR})\s*年\s*"
    rf"(?P<m>{_MONTH_DAY})\s*月[^,。;\n]{{0,24}}?召开"
)
_DURING_RE = re.compile(
    rf"(?P<y>{_YEAR})年(?:上半年|下半年|前三季度|以来|1-\d+月|一季度|二季度|三季度)"
)


@dataclass(frozen=True)
class PageDate:
    """A date a web page gives outside its text, and the words that say where it came from."""

    date: datetime.date
    evidence: str


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
    """The page's publication date (year, month, day, match), if it gives one: a stamp
    anywhere, or a date on a line of its own among the page's first lines; the earliest."""
    found = []
    for m in _PUBLISHED_RE.finditer(folded):
        y, mo, d = (_first_group(m, g) for g in ("y", "m", "d"))
        y, mo, d = int(y), int(mo), int(d)
        if _valid(y, mo, d):
            found.append((m.start(), y, mo, d, m))
            break
    head = _nth_line_end(folded, _PAGE_HEAD_LINES)
    for m in _PAGE_DATE_LINE_RE.finditer(folded, 0, head):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if _valid(y, mo, d):
            found.append((m.start(), y, mo, d, m))
            break
    if not found:
        return None
    return min(found, key=lambda item: item[0])[1:]


def _nth_line_end(text: str, lines: int) -> int:
    """Where the ``lines``-th non-empty line of ``text`` ends."""
    seen, pos = 0, 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            seen += 1
            if seen == lines:
                return end
        pos = end + 1
    return len(text)


def _evidence_offset(folded: str, m: re.Match, anchor: int) -> int:
    """Where evidence found in the whole page stands in the cleaned text, else ``anchor``."""
    offset = folded.find(m.group())
    return offset if offset >= 0 else anchor


def _infer_year(
    folded: str,
    month: int | None,
    day: int | None,
    page: str,
    anchor: int,
    page_date: PageDate | None = None,
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
    if page_date is not None:
        # A web page's own date (its metadata, or when an archive captured it): the year only,
        # the year before for a plenum whose month and day fall after it.
        year = page_date.date.year
        if month is not None and (month, day or 1) > (page_date.date.month, page_date.date.day):
            year -= 1
        return year, anchor, page_date.evidence
    if m := _PLANNED_EVENT_RE.search(folded):
        year, planned_month = _year(m.group("y")), parse_number(m.group("m"))
        if month is not None and month > planned_month:
            year -= 1
        return year, m.start(), m.group()
    if m := _SUMMARY_RE.search(folded):
        year = _year(_first_group(m, "y"))
        if month is not None and month <= 3:
            year += 1
        return year, m.start(), m.group()
    if m := _PLAN_RE.search(folded):
        year = _year(_first_group(m, "y"))
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


def find_date(
    folded: str,
    anchor: int,
    page: str | None = None,
    mentions: tuple[int, ...] = (),
    page_date: PageDate | None = None,
) -> DateFound:
    """The plenum's date, looked for in the paragraph that names the plenum, then the others
    that name it (``mentions``), then the first five (a headline, a stamp or a 【导语】 may stand
    before the dated lead); a resolution's (…全体会议通过) note last, as it dates the plenum's
    last day. A missing year is inferred from ``page`` (the folded original, default
    ``folded``): its publication date first, then ``page_date`` (a web page's metadata), which
    dates the year only, never the month or day."""
    naming, spans = _paragraphs_to_search(folded, anchor, mentions)
    month = day = None
    printed: Span | None = None  # where the chosen date is printed
    doubt: list[str] = []
    for start, end in spans:
        if first := _first_date(folded, start, end):
            at, year, month, day, stop = first
            printed = Span(at, stop - at)
            if (start, end) not in naming:
                doubt.append("date_outside_plenum_paragraph")
            if year is not None:
                return DateFound(SessionDate(year, month, day, False, printed, None, doubt), [])
            break
        if (start, end) in naming and _DAY_ONLY_RE.search(folded, start, end):
            break  # 本报讯 8日召开: the day the plenum's own paragraph gives, dated by the page
    page = folded if page is None else page
    if month is None and (today := _held_today(folded, page, anchor, naming)):
        return today
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
                day_span = Span(only_day.start(), only_day.end() - only_day.start())
                date = SessionDate(year, month, day, True, day_span, _found_at(folded, evidence))
                date.doubt = ["month_inferred"]
                return DateFound(date, [evidence])
    inferred = _infer_year(folded, month, day, page, anchor, page_date)
    if inferred is None:
        doubt.append("year_unknown")
        return DateFound(
            SessionDate(None, month, day, False, printed, None, doubt),
            [Warning("date_unknown", anchor, "no year for the plenum found in the text")],
        )
    year, offset, evidence = inferred
    warning = Warning("date_inferred", offset, evidence)
    year_span = _found_at(folded, warning)
    # A year alone was read from its evidence only: that is where the date comes from.
    date = SessionDate(year, month, day, True, printed or year_span, year_span)
    # An inferred year is no doubt by itself (on the test articles it is right 75 times in 80);
    # a year without its month is: the plenum's own date was not found at all.
    if month is None:
        doubt.append("year_only")
    date.doubt = doubt
    return DateFound(date, [warning])


def _found_at(folded: str, warning: Warning) -> Span | None:
    """The span of an inferred year's evidence, when it stands in the cleaned text (a dateline
    that cleaning removed has none)."""
    at = warning.offset
    if folded[at : at + len(warning.excerpt)] == warning.excerpt:
        return Span(at, len(warning.excerpt))
    return None


def _paragraphs_to_search(
    folded: str, anchor: int, mentions: tuple[int, ...]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(the paragraphs naming the plenum, every paragraph to look in, in order): those naming
    it, then the first five; a resolution's (…全体会议通过) note last."""
    own = _paragraph_bounds(folded, anchor)
    naming = [own] + [_paragraph_bounds(folded, m) for m in mentions]
    spans: list[tuple[int, int]] = []
    for span in naming + _first_paragraphs(folded, 5):
        if span not in spans:
            spans.append(span)
    spans.sort(key=lambda span: bool(_ADOPTED_NOTE_RE.match(folded[span[0] : span[1]].strip())))
    return naming, spans


def _first_date(
    folded: str, start: int, end: int
) -> tuple[int, int | None, int, int | None, int] | None:
    """(start, year, month, day, end) of the first date a paragraph gives, in reading order: a
    full date later in it (a rule in force from 2023年1月1日) or a labelled publication date is
    not the plenum's."""
    found = []
    for m in _FULL_DATE_RE.finditer(folded, start, end):
        y, mo, d = (_first_group(m, g) for g in ("y", "m", "d"))
        y, mo, d = _year(y), parse_number(mo), parse_number(d)
        if _valid(y, mo, d) and not _is_stamp(folded, start, m):
            found.append((m.start(), y, mo, d, m.end()))
    for m in _YEAR_MONTH_RE.finditer(folded, start, end):
        y, mo = _year(m.group("y")), parse_number(m.group("m"))
        if _valid(y, mo, None):
            found.append((m.start(), y, mo, None, m.end()))
    for m in _MONTH_DAY_RE.finditer(folded, start, end):
        mo, d = parse_number(m.group("m")), parse_number(m.group("d"))
        if _valid(None, mo, d) and not _is_stamp(folded, start, m):
            found.append((m.start(), None, mo, d, m.end()))
    return min(found) if found else None


def _held_today(
    folded: str, page: str, anchor: int, naming: list[tuple[int, int]]
) -> DateFound | None:
    """今天上午…召开 in a paragraph naming the plenum: held on the day the page (a broadcast, a
    same-day post) is dated, when it is."""
    today = next(filter(None, (_TODAY_RE.search(folded, *span) for span in naming)), None)
    if not today or not (published := _published(page)):
        return None
    year, month, day, m = published
    evidence = Warning("date_inferred", _evidence_offset(folded, m, anchor), m.group())
    # The page's date is where month and day are printed; 今天 only points at it.
    page_span = _found_at(folded, evidence)
    date = SessionDate(year, month, day, True, page_span, page_span)
    date.doubt = ["day_from_page"]
    return DateFound(date, [evidence])
