"""rebuild_index: progress on a terminal (a real pseudo-terminal), quiet elsewhere, and the
options it cannot honour refused by name."""

import io
import os
import select

import pytest
from django.core.management import CommandError, call_command

from plenums.management.progress import TerminalProgress
from tests.support.rows import make_committee, make_session


@pytest.fixture
def sessions(db, index):
    committee = make_committee()
    for plenum in range(1, 13):
        make_session(committee, term=1, plenum=plenum, text=f"全会第{plenum}次召开,研究经济工作。")
    return 12


def _drain(fd: int) -> str:
    """Everything written to the terminal: one read may return only part of it."""
    chunks = []
    while select.select([fd], [], [], 0.5)[0]:
        chunks.append(os.read(fd, 65536))
    return b"".join(chunks).decode()


def test_progress_is_drawn_on_a_terminal(sessions, index):
    leader, follower = os.openpty()
    try:
        with open(follower, "w", encoding="utf-8", closefd=False) as tty:
            assert tty.isatty()
            call_command("rebuild_index", interactive=False, stdout=tty)
        shown = _drain(leader)
    finally:
        os.close(leader)
        os.close(follower)
    assert f"default: {sessions}/{sessions} documents (100%)" in shown
    assert "/s" in shown and "\r" in shown
    assert f"default: indexed {sessions} documents" in shown
    assert index.document_count() == sessions


def test_nothing_but_the_count_when_not_on_a_terminal(sessions, index):
    out = io.StringIO()
    call_command("rebuild_index", interactive=False, stdout=out)
    assert out.getvalue() == f"default: indexed {sessions} documents\n"
    quiet = io.StringIO()
    call_command("rebuild_index", interactive=False, stdout=quiet, verbosity=0)
    assert quiet.getvalue() == ""


@pytest.mark.parametrize("workers", [1, 3])
def test_workers_sets_the_writer_processes(sessions, index, workers):
    call_command("rebuild_index", "--workers", str(workers), interactive=False, verbosity=0)
    assert index.document_count() == sessions


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--nocommit"], "--nocommit is not supported"),
        (["--max-retries", "3"], "--max-retries is not supported"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--batch-size", "0"], "--batch-size must be at least 1"),
    ],
)
def test_options_it_cannot_honour_are_refused(sessions, index, argv, message):
    before = index.document_count()
    with pytest.raises(CommandError, match=message):
        call_command("rebuild_index", *argv, interactive=False, verbosity=0)
    assert index.document_count() == before


def test_the_line_gives_rate_and_time_left():
    now = [100.0]
    out = io.StringIO()
    progress = TerminalProgress(out, "default", clock=lambda: now[0])
    now[0] = 110.0
    progress(50, 200)
    assert progress.line() == "default: 50/200 documents (25%), 5/s, 30s left"
    now[0] = 150.0
    progress(200, 200)
    progress.finish()
    assert out.getvalue().endswith("default: 200/200 documents (100%), 4/s\x1b[K\n")
