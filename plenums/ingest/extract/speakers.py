"""Who spoke or presided at the plenum: each person's name, offices and what they did."""

import re
from dataclasses import dataclass

from plenums.chinese import to_simplified

from ..records import Span, Speaker, Warning
from .common import _CLAUSE_END, HAN, _paragraph_bounds
from .names import _BODY_CHARS, _NON_NAME, _has_surname, _read_name
from .offices import (
    _HIGHER_ROLE_RE,
    _ROLE_AT_RE,
    _ROLE_CHAIN_RE,
    _extend_chain,
    _repair_role,
    _role_across,
    _role_stem,
    another_county,
    counties_named,
    of_another_county,
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
_ON_BEHALF_RE = re.compile(r"^受(.{1,12}?)委托所?作的(.+)$")
_ACTION_SPLIT_RE = re.compile(r"并且|并")
_CLAUSE_RE = re.compile(rf"[^{re.escape(_CLAUSE_END)}]*")
# "X同志" carries no office, so the leaders a report quotes (习近平同志对…作出指示) are told
# apart by name; with a local office (市委书记李强) a person is taken as printed.
_CENTRAL_LEADERS = frozenset(
    "习近平 李强 赵乐际 王沪宁 蔡奇 丁薛祥 李希 毛泽东 周恩来 刘少奇 朱德 邓小平 陈云 江泽民 胡锦涛"
    " 李鹏 朱镕基 温家宝 李克强 栗战书 汪洋 韩正".split()
)
_SPACES_RE = re.compile(r"[ \t\u3000]+")
_AT_THE_PLENUM_RE = re.compile(r"^(?:出席|到会|莅临|参加|列席|讲话|作讲话|指导|主持)")
# A character lost inside a word: U+FFFD, or a ? standing between two Han characters; or a
# space reposting put inside an office (县 长).
_LOST_CHAR_RE = re.compile(rf"\ufffd|(?<=[{HAN}])\?|(?<=[{HAN}]) (?=[{HAN}])")


@dataclass
class SpeakersFound:
    speakers: list[Speaker]
    warnings: list[Warning]


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
    """The speakers of a text whose lost characters are read past (see find_speakers)."""
    warnings: list[Warning] = []
    kind = region[-1] if region[-1:] in ("区", "县", "旗", "市") else ""
    hits = _office_hits(folded, cleaned, region)
    hits += _comrade_hits(folded, cleaned, warnings)
    hits += _title_hits(folded, cleaned, kind)
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
    found: dict[str, Speaker] = {}
    for hit in hits:
        paragraph = _paragraph_bounds(folded, hit.start)
        if any(another_county(place, region) for place in counties_named(folded, *paragraph)):
            # Another county's committee named beside the person: the office may be its.
            hit.doubt = [*hit.doubt, "other_county_nearby"]
        if hit.roles and all(_HIGHER_ROLE_RE.match(r) for r in hit.roles) and kind != "市":
            if not any(_AT_THE_PLENUM_RE.search(a) for a in hit.actions):
                continue  # 市委书记X在调研时指出: a higher leader quoted, not at the plenum
            hit.doubt = [*hit.doubt, "higher_office_only"]
        _add(found, cleaned, hit)
    return SpeakersFound(list(found.values()), warnings)


def _add(found: dict[str, Speaker], cleaned: str, hit: _Hit) -> None:
    """Add a hit to the speaker of its name (one speaker however often named), with the
    doubts of how the name and its roles were read."""
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


def _office_hits(folded: str, cleaned: str, region: str) -> list[_Hit]:
    """Names after a chain of local offices (区委常委、副区长张三), a list of names sharing
    them (区委常委冯捷、顾惠文…); never another county's office."""
    stem = _role_stem(region)
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
        if of_another_county(folded, m.start(), roles[0], region):
            # 沂南县委书记孔德明 in a report on 沂水县: another county's plenum, in passing.
            pos = names[-1][1]
            continue
        actions = _actions(folded, cleaned, names[-1][1])
        doubt = ["name_after_line_break"] if broken else []
        hits.extend(_Hit(start, end, roles, actions, role_spans, doubt) for start, end in names)
        pos = names[-1][1]
    return hits


def _comrade_hits(folded: str, cleaned: str, warnings: list[Warning]) -> list[_Hit]:
    """X同志 with no office; a surname alone (王同志) is kept as printed and warned of."""
    hits = []
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
    return hits


def _title_hits(folded: str, cleaned: str, kind: str) -> list[_Hit]:
    """A name before its short title at the start of a sentence (陈宇剑书记代表…): 书记 is
    the committee's own (of ``kind``: 区, 县, 旗 or 市)."""
    hits = []
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
    return hits
