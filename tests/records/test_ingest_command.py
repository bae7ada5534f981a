"""The parse_article command: JSON on stdout, a clear error and non-zero exit on bad input."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

ARTICLES = Path(settings.ARTICLES_DIR)
SEED_000 = ARTICLES / "000_c877433114cd8e59.txt"
SEED_002 = ARTICLES / "002_27bcc7541d41a89d.txt"


def _run(*args):
    return subprocess.run(
        [sys.executable, "manage.py", "parse_article", *map(str, args)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def test_call_command_prints_a_json_array():
    out = io.StringIO()
    call_command("parse_article", str(SEED_002), str(SEED_000), stdout=out)
    data = json.loads(out.getvalue())
    assert [d["file"] for d in data] == [SEED_000.name, SEED_002.name]
    assert data[1]["source"]["url"] == "http://www.shcafe.org/shzxxw/88287.html"
    assert "中共上海市嘉定区委员会" in out.getvalue()  # ensure_ascii=False


def test_call_command_directory_expands_to_txt_files():
    out = io.StringIO()
    call_command("parse_article", str(ARTICLES), stdout=out)
    assert [d["file"] for d in json.loads(out.getvalue())] == sorted(
        p.name for p in ARTICLES.glob("*.txt")
    )


def test_call_command_raises_command_error(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError, match=r"empty\.txt: empty file"):
        call_command("parse_article", str(bad), stdout=io.StringIO())


def test_subprocess_smoke():
    result = _run(SEED_000)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data) == 1
    assert (data[0]["term"], data[0]["plenum"]) == (7, 9)
    assert data[0]["committee"]["name"] == "中共上海市嘉定区委员会"
    assert '\n  {\n    "file"' in result.stdout  # indent=2


def test_subprocess_exit_status_on_bad_file(tmp_path):
    bad = tmp_path / "page.txt"
    bad.write_text("<html><body><div>全会</div><p>召开</p></body></html>", encoding="utf-8")
    result = _run(SEED_000, bad)
    assert result.returncode != 0
    # A web page is read for its main text: two words are none, and that is the reason given.
    assert "page.txt: web page: " in result.stderr
    assert "discarding" not in result.stderr  # trafilatura's own log stays quiet
    assert result.stdout == ""


def test_subprocess_exit_status_on_duplicate_plenum(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED_000.read_bytes())
    result = _run(SEED_000, copy)
    assert result.returncode != 0
    assert "same plenum" in result.stderr and SEED_000.name in result.stderr
