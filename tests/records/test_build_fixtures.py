"""build_fixtures: the committed fixture is what the seeds parse to, written whole or not at all."""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from plenums.ingest.write import write_atomic
from plenums.models import Session

SEEDS = sorted(Path(settings.ARTICLES_DIR).glob("*.txt"))


def test_committed_fixture_equals_a_fresh_build(tmp_path):
    out = tmp_path / "plenums.json"
    call_command("build_fixtures", "-o", str(out), stdout=StringIO())
    assert out.read_bytes() == Path(settings.FIXTURE_FILE).read_bytes(), (
        "fixtures/plenums.json is stale: run `make fixtures` and commit it"
    )


def test_rebuild_is_byte_identical_in_a_fresh_process(tmp_path):
    outs = []
    for n in (1, 2):
        out = tmp_path / f"{n}.json"
        subprocess.run(
            [sys.executable, "manage.py", "build_fixtures", "-o", str(out)],
            cwd=settings.BASE_DIR,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": str(n)},
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_a_bad_article_fails_and_leaves_the_old_fixture_untouched(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, articles)
    (articles / "zz_not_a_plenum.txt").write_text("今天天气很好，去公园散步。", encoding="utf-8")
    out = tmp_path / "plenums.json"
    out.write_text("old", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "build_fixtures", str(articles), "-o", str(out)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "zz_not_a_plenum.txt" in result.stderr
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")] == []


def test_the_same_plenum_twice_is_refused_naming_both_files(tmp_path):
    seed = SEEDS[0]
    shutil.copy(seed, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("build_fixtures", str(tmp_path), "-o", str(tmp_path / "out.json"))
    assert "a.txt" in str(error.value) and "b.txt" in str(error.value)
    assert not (tmp_path / "out.json").exists()


def test_output_into_a_missing_directory_is_a_clear_error(tmp_path):
    target = tmp_path / "missing" / "plenums.json"
    with pytest.raises(CommandError, match="does not exist"):
        call_command("build_fixtures", "-o", str(target))


def test_atomic_write_keeps_a_readable_mode(tmp_path):
    target = tmp_path / "f.json"
    write_atomic(str(target), "[]\n")
    assert target.stat().st_mode & 0o044 == 0o044
    target.chmod(0o640)
    write_atomic(str(target), "[1]\n")
    assert target.stat().st_mode & 0o777 == 0o640 and target.read_text() == "[1]\n"


@pytest.mark.django_db
def test_bootstrap_loads_the_seeds_once_with_a_first_history_version():
    call_command("bootstrap", stdout=StringIO())
    assert set(Session.objects.values_list("slug", flat=True)) == {"jiading-6-9", "jiading-7-9"}
    assert all(s.history.count() == 1 for s in Session.objects.all())
    call_command("bootstrap", stdout=StringIO())
    assert Session.objects.count() == 2


def test_bootstrap_in_a_fresh_checkout_creates_its_var_directory(tmp_path):
    var = tmp_path / "fresh" / "var"
    env = {
        **os.environ,
        "ARCHIVE_VAR_DIR": str(var),
        "WHOOSH_PATH": str(var / "whoosh"),
        "DJANGO_DEBUG": "1",
        "ARCHIVE_ADMIN_PASSWORD": "a-long-test-password",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "bootstrap"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "loaded 2 sessions" in result.stdout
    assert (var / "archive.sqlite3").stat().st_size > 0
    count = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEARCH_DOCUMENTS],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env=env,
    )
    assert count.stdout.strip().splitlines()[-1] == "2", count.stderr


SEARCH_DOCUMENTS = (
    "from search.backend.whoosh_backend import get_backend; print(get_backend().document_count())"
)
