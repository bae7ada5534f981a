"""Bounded load on real gunicorn (loopback, 64 connections, 60 s) while staff edit in the admin."""

import json
import random
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from tests.support.server import (
    Archive,
    Gunicorn,
    StaffClient,
    get,
    index_state,
    session_pks,
)

pytestmark = pytest.mark.load


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    arc = Archive(tmp_path_factory.mktemp("load"))
    yield arc
    arc.close()


WRK_SCRIPT = """
paths = {%s}
wrk.headers["X-Forwarded-Proto"] = "https"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
-- A search turned away by a busy worker (503 with Retry-After) is the site shedding load as
-- designed; any other answer of 400 or more is a failure.
local threads = {}
setup = function(thread) table.insert(threads, thread) end
shed, failed = 0, 0
response = function(status, headers, body)
  if status == 503 and headers["Retry-After"] then shed = shed + 1
  elseif status >= 400 then failed = failed + 1 end
end
done = function(summary, latency, requests)
  local s, f = 0, 0
  for _, t in ipairs(threads) do s = s + t:get("shed"); f = f + t:get("failed") end
  io.write(string.format("shed %%d failed %%d\\n", s, f))
end
"""


def parse_wrk(text):
    requests_done = int(re.search(r"(\d+) requests in", text).group(1))
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    # Non-2xx answers other than shed searches, as the script's response() counted them.
    errors += int(re.search(r"^shed \d+ failed (\d+)$", text, re.MULTILINE).group(1))
    return requests_done, errors


def test_load_with_concurrent_staff_edits(archive, tmp_path):
    wrk = shutil.which("wrk")
    if wrk is None:
        pytest.skip("*** wrk is not installed (scripts/system-deps.sh installs it): LOAD NOT RUN")
    server = Gunicorn(archive)
    try:
        pks = session_pks(server.base)
        assert len(pks) >= 20
        sessions = archive.sessions()
        slugs = [f["slug"] for f in sessions.values()][:30]
        paths = ["/", "/committees/", "/people/", "/data/"]
        paths += [f"/sessions/{s}/" for s in slugs] + [f"/committees/load-{c}/" for c in range(8)]
        paths += [
            "/people/负载人物3/",
            "/people/负载人物3/load-0/",
            "/sessions/" + slugs[0] + "/?format=json",
        ]
        if archive.has_search:
            paths += ["/search/?q=高质量发展", "/search/?q=乡村振兴&page=2", "/search/?q=全会"]
        for path in paths:
            status, _ = get(server.base + urllib.parse.quote(path, safe="/?=&"))
            assert status == 200, f"{path}: {status} before the load started"
        script = tmp_path / "paths.lua"
        script.write_text(
            WRK_SCRIPT % ", ".join(f'"{urllib.parse.quote(p, safe="/?=&")}"' for p in paths)
        )

        # Staff edit sessions for the whole run; each title ends with a token of its last edit.
        staff = StaffClient(server.base)
        staff.login()
        expected = {}
        edits_per_pk = Counter()
        stop = threading.Event()

        def edit_loop():
            rng = random.Random(3)
            n = 0
            while not stop.is_set():
                pk = rng.choice(pks)
                n += 1
                title = f"负载校订第{n}次编辑 校订{unique_word(n)}"
                if staff.edit_title(pk, title):
                    expected[pk] = title
                    edits_per_pk[pk] += 1

        editor = threading.Thread(target=edit_loop)
        editor.start()
        try:
            result = subprocess.run(
                [wrk, "-t2", "-c64", "-d60s", "--timeout", "20s", "--latency", "-s", str(script)]
                + [server.base + "/"],
                capture_output=True,
                text=True,
                timeout=180,
            )
        finally:
            stop.set()
            editor.join(timeout=120)
        print("\n" + result.stdout)
        assert result.returncode == 0, result.stderr
        requests_done, errors = parse_wrk(result.stdout)
        print(f"load: {requests_done} requests, {errors} errors, {staff.edits} staff edits")
        assert errors == 0, result.stdout + server.output()
        assert staff.errors == [], staff.errors
        assert requests_done > 1000
        assert staff.edits >= 10

        # Nothing lost: the database holds every last edit, and the site serves it at once.
        titles = {f["title"] for f in archive.sessions().values()}
        assert set(expected.values()) <= titles
        by_pk = json.loads(
            archive.manage(
                "shell",
                "--no-imports",
                "-c",
                "import json; from plenums.models import Session;"
                "print(json.dumps({s.pk: [s.slug, s.history.count()] "
                "for s in Session.objects.all()}))",
            ).stdout
        )
        for pk, title in expected.items():
            slug, versions = by_pk[str(pk)]
            # The fixture was loaded raw (no history rows): one history row per admin edit.
            assert versions == edits_per_pk[pk], f"session {pk}: edits missing from history"
            status, body = get(f"{server.base}/sessions/{slug}/?format=json")
            assert status == 200 and title in body.decode(), f"{slug} serves a stale title"
        if archive.has_search:
            check_index_agrees(server.base, archive, expected)
    finally:
        server.stop()


def unique_word(n):
    """A word of rare characters that no other edit's title contains as a substring."""
    digits = "甲乙丙丁戊己庚辛壬癸"
    return "".join(digits[int(d)] for d in f"{n:04d}")


def check_index_agrees(base, archive, expected):
    """Search results agree with the database: every document as the database has it."""
    db, index = index_state(archive)
    assert index == db, {
        k: (db.get(k), index.get(k)) for k in db.keys() | index.keys() if db.get(k) != index.get(k)
    }
    for pk, title in expected.items():
        word = title.split()[-1]
        status, body = get(f"{base}/search/?q={urllib.parse.quote(word)}&format=json")
        assert status == 200, body[:500]
        found = [r["title"] for r in json.loads(body)["results"]]
        assert found and found[0] == title, f"search for {word}: {found[:3]}, want session {pk}"
