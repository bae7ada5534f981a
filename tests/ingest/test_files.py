"""The article commands read only regular files: FIFOs, devices, directories and symlinks are
refused with their reason (links followed only on request, inside their folder), and every
entry of a folder is accounted for."""

import io
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from plenums.ingest.files import Article, list_articles, read_article, suffix_names
from plenums.ingest.records import ArticleError
from plenums.models import Session
from tests.support.commands import run

NAMES = suffix_names()

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted(Path(settings.ARTICLES_DIR).glob("*.txt"))
GOOD = Path(__file__).parent.parent / "articles" / "zj_anji_county_due_present.txt"


def manage(*args, timeout=120):
    """The command in a process of its own, so that a read that blocks fails the test (by its
    time-out) instead of hanging the suite."""
    return subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "plenums.settings"},
    )


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "x.txt"
    os.mkfifo(path)
    return path


@pytest.fixture
def zoo(tmp_path):
    """A folder of nine entries: three articles, four impostors named *.txt, two other names."""
    folder = tmp_path / "zoo"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder)
    shutil.copy(GOOD, folder / "anji.txt")
    (folder / "dir.txt").mkdir()
    os.symlink(folder / "gone.txt.bak", folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")
    outside = tmp_path / "outside.txt"
    shutil.copy(GOOD, outside)
    os.symlink(outside, folder / "escape.txt")
    (folder / "notes.md").write_text("笔记", encoding="utf-8")
    (folder / "sub").mkdir()
    return folder


def test_a_fifo_given_by_name_is_refused_at_once(fifo):
    result = manage("parse_article", fifo)
    assert result.returncode != 0
    assert f"{fifo}: a FIFO (named pipe), not an article file" in result.stderr


def test_keep_going_past_a_fifo_writes_the_good_file(fifo, tmp_path):
    # build_fixtures reads through the same batch as ingest_articles, with no database to set up
    # in the process of its own.
    good = tmp_path / "good.txt"
    shutil.copy(GOOD, good)
    result = manage("build_fixtures", "--keep-going", "-o", tmp_path / "o.json", fifo, good)
    assert result.returncode == 1
    assert "1 written, 1 refused" in result.stdout.splitlines()
    assert result.stderr.splitlines() == [f"{fifo}: a FIFO (named pipe), not an article file"]


def test_a_device_and_a_socket_are_refused(tmp_path):
    with pytest.raises(ArticleError, match="a character device, not an article file"):
        read_article(Article("/dev/null", "/dev"))
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        with pytest.raises(ArticleError, match="a socket, not an article file"):
            read_article(Article(str(path), str(tmp_path)))
    finally:
        server.close()


@pytest.mark.django_db
def test_a_symlink_given_by_name_is_not_followed_by_default(tmp_path):
    link = tmp_path / "link.txt"
    os.symlink(GOOD, link)
    code, out, err = run("ingest_articles", "--keep-going", link)
    assert code == 1
    assert err.splitlines() == [
        f"{link}: symlink: not followed (--follow-symlinks follows links inside their folder)"
    ]


@pytest.mark.django_db
def test_every_entry_of_a_folder_is_accounted_for(zoo):
    code, out, err = run("ingest_articles", "--keep-going", zoo)
    assert code == 1
    # 3 loaded + 4 refused + 2 skipped = the 9 entries given.
    assert f"3 loaded, 4 refused, 2 skipped (not {NAMES})" in out.splitlines()
    assert err.splitlines() == [
        f"{zoo / 'dangling.txt'}: symlink: not followed"
        " (--follow-symlinks follows links inside their folder)",
        f"{zoo / 'dir.txt'}: a directory, not an article file",
        f"{zoo / 'escape.txt'}: symlink: not followed"
        " (--follow-symlinks follows links inside their folder)",
        f"{zoo / 'pipe.txt'}: a FIFO (named pipe), not an article file",
    ]
    assert Session.objects.count() == 3


@pytest.mark.django_db
def test_followed_links_stay_inside_their_folder(zoo, tmp_path):
    inside = zoo / "inside.txt"
    os.rename(zoo / "anji.txt", zoo / "anji.keep")
    os.symlink(zoo / "anji.keep", inside)
    code, out, err = run("ingest_articles", "--keep-going", "--follow-symlinks", zoo)
    outside = os.path.realpath(tmp_path / "outside.txt")
    assert f"{zoo / 'escape.txt'}: symlink: points outside {zoo} ({outside})" in err.splitlines()
    gone = os.path.realpath(zoo / "gone.txt.bak")
    assert f"{zoo / 'dangling.txt'}: symlink: its target {gone} cannot be read" in err.splitlines()
    # The link inside the folder is read: the seeds and anji through it.
    assert f"3 loaded, 4 refused, 3 skipped (not {NAMES})" in out.splitlines()
    assert "inside.txt" in set(Session.objects.values_list("original_filename", flat=True))


def test_build_fixtures_accounts_for_every_entry_too(zoo, tmp_path):
    output = tmp_path / "out.json"
    code, out, err = run("build_fixtures", "--keep-going", "-o", output, zoo)
    assert code == 1
    assert f"3 written, 4 refused, 2 skipped (not {NAMES})" in out.splitlines()
    assert len(err.splitlines()) == 4


def test_a_strict_run_stops_at_the_first_impostor_before_reading_any(zoo, tmp_path):
    output = tmp_path / "out.json"
    with pytest.raises(CommandError, match="symlink: not followed"):
        call_command("build_fixtures", "-o", str(output), str(zoo), stdout=io.StringIO())
    assert not output.exists()


def test_a_strict_run_counts_what_it_skipped(tmp_path):
    folder = tmp_path / "ok"
    folder.mkdir()
    shutil.copy(GOOD, folder)
    (folder / "README").write_text("说明", encoding="utf-8")
    result = manage("parse_article", folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"1 skipped (not {NAMES})"]


def test_listing_names_every_entry(zoo):
    listing = list_articles([zoo])
    named = {Path(a.path).name for a in listing.articles} | {Path(p).name for p in listing.skipped}
    assert named == set(os.listdir(zoo))


def test_a_lexicon_that_is_a_fifo_is_refused(tmp_path, fifo):
    result = manage("build_fixtures", "--lexicon", fifo, "-o", tmp_path / "o.json", GOOD)
    assert result.returncode != 0
    assert f"{fifo}: cannot read the lexicon: a FIFO (named pipe), not an article file" in (
        result.stderr
    )
