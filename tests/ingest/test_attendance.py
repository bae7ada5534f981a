"""Attendance counts as reports print them: those present, members and alternates apart, in
either script, whatever line breaks reposting left inside the words."""

import pytest

from plenums.ingest.parse import parse_bytes
from plenums.ingest.records import Attendance

LEAD = "中共青田县委十四届四次全会召开。\n\n"


def _attendance(body: str) -> Attendance:
    return parse_bytes((LEAD + body).encode("utf-8"), "article.txt").attendance


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ("出席会议的有县委委员29人，候补县委委员3人。", Attendance(29, 3)),
        ("出席全会的县委委\n员29名，候\n补委员3名。", Attendance(29, 3)),
        ("全会应出席委员35人，实出席33人；应出席候补委员5人，实出席4人。", Attendance(33, 4)),
        ("全会应到县委委员31名，实到29名，候补县委委员应到4名，实到4名。", Attendance(29, 4)),
        ("出席會議的有縣委委員29名，候補委員3名。", Attendance(29, 3)),
        ("應到委員31名，實到30名；應到候補委員5名，實到5名。", Attendance(30, 5)),
        ("参加会议的委员有31人，候补委员有4人。", Attendance(31, 4)),
        ("全会应出席县委委员32名，实际到会30名。", Attendance(30, None)),
    ],
)
def test_attendance_forms(body, want):
    assert _attendance(body) == want


def test_due_only_is_not_attendance():
    assert _attendance("全会应到委员31名。县委常委会主持会议。") == Attendance(None, None)


def test_unpunctuated_due_and_present_counts():
    body = "全会应到县委委员35名实到33名候补委员应到6名实到5名。"
    assert _attendance(body) == Attendance(33, 5)


def test_unpunctuated_members_then_alternates():
    assert _attendance("出席会议的县委委员27名候补委员4名。") == Attendance(27, 4)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # Those who sit in, in a clause of their own, count nobody out of the present.
        (
            "县委委员25名、候补委员4名参加会议，县纪委委员、县直各部门主要负责同志列席会议。",
            (25, 4),
        ),
        # Alternates sitting in at a first plenum are at the meeting.
        ("全会应到委员47名，实到46名；候补委员8名列席会议。", (46, 8)),
    ],
)
def test_sitting_in_clauses(text, want):
    found = _attendance(text)
    assert (found.members, found.alternates) == want
