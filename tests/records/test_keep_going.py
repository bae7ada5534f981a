"""--keep-going batches: every good file loaded or written, every bad one named, exit 1."""

import dataclasses
import io
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from plenums.ingest.files import suffix_names
from plenums.ingest.parse import parse_path
from plenums.models import Session
from plenums.records.loader import load_keep_going
from tests.support.commands import run

SEEDS = sorted(Path(settings.ARTICLES_DIR).glob("*.txt"))
TEST_ARTICLES = Path(__file__).parent.parent / "articles"
NOT_A_PLENUM = "今天天气很好,去公园散步。"


@pytest.fixture
def batch(tmp_path):
    """Two seed articles, one more real article and one file that is no plenum report."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, articles)
    shutil.copy(TEST_ARTICLES / "zj_anji_county_due_present.txt", articles)
    (articles / "bad.txt").write_text(NOT_A_PLENUM, encoding="utf-8")
    return articles


@pytest.mark.django_db
def test_ingest_keep_going_loads_the_good_files_and_names_the_bad_one(batch):
    code, out, err = run("ingest_articles", "--keep-going", batch)
    assert code == 1
    assert "3 loaded, 1 refused" in out.splitlines()
    assert err.splitlines() == [
        f"{batch / 'bad.txt'}: no district or county committee"
        " (中共…区/县委员会 or …区委/县委) named"
    ]
    assert Session.objects.count() == 3
    assert "bad.txt" not in set(Session.objects.values_list("original_filename", flat=True))


@pytest.mark.django_db
def test_ingest_without_the_flag_loads_nothing(batch):
    with pytest.raises(CommandError, match=r"bad\.txt: "):
        call_command("ingest_articles", str(batch), stdout=io.StringIO())
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_ingest_keep_going_with_nothing_refused_exits_normally(batch):
    (batch / "bad.txt").unlink()
    code, out, err = run("ingest_articles", "--keep-going", batch)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "3 loaded, 0 refused"
    assert "session created: 3" in out.splitlines()


@pytest.mark.django_db
def test_keep_going_refuses_both_files_of_a_plenum_described_twice(batch, tmp_path):
    twin = tmp_path / "twin.txt"
    twin.write_text(SEEDS[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, out, err = run("ingest_articles", "--keep-going", batch, twin)
    assert code == 1
    assert "2 loaded, 3 refused" in out.splitlines()
    lines = err.splitlines()
    assert len(lines) == 3
    assert any(
        line.startswith(f"{batch / SEEDS[0].name}: describes the same plenum as {twin}")
        for line in lines
    )
    assert any(line.startswith(f"{twin}: describes the same plenum as") for line in lines)
    assert Session.objects.count() == 2
    names = set(Session.objects.values_list("original_filename", flat=True))
    assert SEEDS[0].name not in names and "twin.txt" not in names


@pytest.mark.django_db
def test_keep_going_lists_a_missing_path_and_an_empty_directory(batch, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run("ingest_articles", "--keep-going", batch, empty, tmp_path / "nope.txt")
    assert code == 1
    assert "3 loaded, 3 refused" in out.splitlines()
    assert f"{empty}: directory holds no article files ({suffix_names()})" in err.splitlines()
    assert any(
        line.startswith(f"{tmp_path / 'nope.txt'}: cannot read") for line in err.splitlines()
    )


@pytest.mark.django_db
def test_a_record_the_database_refuses_is_refused_alone():
    first, second = (parse_path(seed) for seed in SEEDS)
    call_command("ingest_articles", str(SEEDS[0]), stdout=io.StringIO())
    # The same file's hash under another plenum: the database's unique constraint refuses it.
    clash = dataclasses.replace(second, sha256=first.sha256)
    good = parse_path(TEST_ARTICLES / "zj_anji_county_due_present.txt")
    counts, refused = load_keep_going([("b.txt", clash), ("c.txt", good)])
    assert [error.path for error in refused] == ["b.txt"]
    assert "the database refused it" in refused[0].reason
    assert counts["session created"] == 1
    assert Session.objects.filter(sha256=good.sha256).exists()
    assert Session.objects.count() == 2


def test_build_fixtures_keep_going_writes_the_good_files(batch, tmp_path):
    out = tmp_path / "out.json"
    code, stdout, err = run("build_fixtures", "--keep-going", batch, "-o", out)
    assert code == 1
    assert "3 written, 1 refused" in stdout.splitlines()
    assert err.startswith(f"{batch / 'bad.txt'}: ")
    sessions = [o for o in json.loads(out.read_text("utf-8")) if o["model"] == "plenums.session"]
    assert sorted(o["fields"]["original_filename"] for o in sessions) == sorted(
        p.name for p in batch.iterdir() if p.name != "bad.txt"
    )


def test_build_fixtures_without_the_flag_writes_nothing(batch, tmp_path):
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.txt: "):
        call_command("build_fixtures", str(batch), "-o", str(out), stdout=io.StringIO())
    assert out.read_text(encoding="utf-8") == "old"


def test_build_fixtures_keep_going_with_nothing_good_keeps_the_old_fixture(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(NOT_A_PLENUM, encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    code, stdout, err = run("build_fixtures", "--keep-going", bad, "-o", out)
    assert code == 1
    assert stdout.splitlines() == ["0 written, 1 refused"]
    assert out.read_text(encoding="utf-8") == "old"


def _build_fixtures(batch, out, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", "build_fixtures", "--keep-going", str(batch), "-o", str(out)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        **kwargs,
    )


def test_progress_shows_on_a_terminal(batch, tmp_path):
    leader, follower = pty.openpty()
    try:
        result = _build_fixtures(
            batch, tmp_path / "out.json", stdout=follower, stderr=subprocess.PIPE
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert result.returncode == 1
    text = shown.decode("utf-8")
    assert "\r1/4 files" in text and "\r4/4 files" in text
    # The summary starts on a line of its own after the progress line.
    assert "4/4 files\r\n" in text and "3 written, 1 refused" in text


def test_no_progress_when_piped(batch, tmp_path):
    result = _build_fixtures(batch, tmp_path / "out.json", capture_output=True, text=True)
    assert result.returncode == 1
    assert "\r" not in result.stdout and "files" not in result.stdout
    assert result.stdout.splitlines()[-1] == "3 written, 1 refused"
    assert "bad.txt: " in result.stderr
