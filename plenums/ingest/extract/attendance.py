"""How many members and alternate members attended."""

import re

from plenums.chinese import parse_number

from ..records import Attendance, Span
from .common import NUM

_SENTENCE_SPLIT_RE = re.compile(r"[^。;\n]+")
_ATTENDING = ("出席", "到会", "实到", "参加")
_COUNT_BEFORE_RE = re.compile(rf"(?P<n>{NUM})\s*名\s*[^,。;、和及与\d]{{0,12}}?(?:委员|成员)")
_COUNT_AFTER_RE = re.compile(
    rf"(?:候补)?(?:委员会)?委员\s*(?:共|有|为|计)?\s*(?P<n>{NUM})\s*(?:名|人)"
)
_ALTERNATES_SIT_IN_RE = re.compile(rf"候补(?:委员)?\s*{NUM}\s*[名人]\s*列席")
_PRESENT = r"(?:实到|实际出席|实出席|实际到会)"
_PRESENT_RE = re.compile(rf"{_PRESENT}\s*(?:会议)?\s*(?P<n>{NUM})\s*(?:名|人)")
_COMBINED_RE = re.compile(r"委员[、和及与]候补委员")
_DUE_OR_PRESENT_END_RE = re.compile(rf"(?:应到|应出席|{_PRESENT})\s*$")
_DUE_BEFORE_RE = re.compile(r"(?:应到|应出席)[^,;]{0,6}$")
_PRESENT_BEFORE_RE = re.compile(rf"{_PRESENT}[^,;]{{0,6}}$")
_PUNCTUATION_RE = re.compile(r"[,、;:()和及与]")
_ALTERNATES_COUNTED_RE = re.compile(
    rf"候补[^,。;\n]{{0,12}}?{NUM}\s*[名人]|{NUM}\s*名[^,。;\n]{{0,8}}?候补"
)


def find_attendance(folded: str) -> Attendance:
    """31名…委员会成员和1名候补…, 委员31人、候补委员1人, 应到委员36名，实到34名: those
    present, in sentences about attending; a number only 应到 (due) is not an attendance. Each
    count carries the span it was read from; the attendance its doubts: counts run together
    without punctuation, alternates counted in words it does not read."""
    found: dict[bool, tuple[int, Span]] = {}  # is_alternate → (count, where)
    doubt: list[str] = []
    for sentence in _SENTENCE_SPLIT_RE.finditer(folded):
        # Clauses of those who sit in (…负责同志列席会议) count nobody present, but alternates
        # sitting in (候补委员8名列席会议, at a first plenum) are at the meeting.
        text = ",".join(
            clause
            if "列席" not in clause or _ALTERNATES_SIT_IN_RE.search(clause)
            else " " * len(clause)  # blanked, not cut: offsets stay the sentence's
            for clause in sentence.group().split(",")
        )
        if not any(word in text for word in _ATTENDING) and not _ALTERNATES_SIT_IN_RE.search(text):
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
        best: dict[bool, tuple[int, int, Span, list[str]]] = {}  # → (rank, count, where, doubt)
        previous_end = 0
        for start, m in counts:
            # Whose count this is: 候补 in the words since the previous count (候补区委委员3人,
            # 3名候补委员), or, for a bare 实到5名, the count before it.
            if start < previous_end:
                continue  # 县委委员27名候补委员4名: 27 is the members', not 27 alternates
            noun = text[previous_end : m.end()]
            # 实到33名候补委员应到6名: counts with nothing between them but words.
            run_on = previous_end > 0 and not _PUNCTUATION_RE.search(text, previous_end, start)
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
            if rank > best.get(alternate, (-1,))[0]:
                why = ["count_unpunctuated"] if run_on else []
                where = Span(sentence.start() + start, m.end() - start)
                best[alternate] = (rank, n, where, why)
        for group, (rank, n, where, why) in best.items():
            if rank > 0 and group not in found:
                found[group] = (n, where)
                doubt.extend(w for w in why if w not in doubt)
        if len(found) == 2:
            break
    members, alternates = found.get(False), found.get(True)
    if members and not alternates and _ALTERNATES_COUNTED_RE.search(folded):
        # 县委候补委员8名列席会议: alternates counted in words this reading does not take.
        doubt.append("alternates_unread")
    return Attendance(
        members[0] if members else None,
        alternates[0] if alternates else None,
        members[1] if members else None,
        alternates[1] if alternates else None,
        doubt,
    )
