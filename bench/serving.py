"""The HTTP half of the benchmark: gunicorn from gunicorn.conf.py, driven by Debian's wrk."""

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import NamedTuple

from bench.report import Row

REPO = Path(__file__).resolve().parent.parent
RSS_BUDGET_MB = 150
FIRST_RESPONSE_BUDGET_S = 2.0
P99_BUDGET_MS = 100.0
# Answered searches per second at 32 connections, and their p99 (issue: search under load).
SEARCH_RPS_BUDGET = 80.0
SEARCH_P99_BUDGET_MS = 1000.0
# An edit, or a new session, found by the search page's next request within this (no rebuild).
VISIBLE_BUDGET_S = 2.0
# Phrases no synthetic article holds, one per change, so only the change can make them match.
MARKERS = ("翡翠鲸歌镇试点", "琥珀潮汐村示范")
# Rotates a wrk connection over many paths, for pages that must be rendered rather than cached.
ROTATE_LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def start(env: dict, log: Path) -> tuple[subprocess.Popen, str, float]:
    """Start gunicorn; return it, its base URL and the seconds until the home page answered."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=REPO,
        env={**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log}")
        try:
            if _get(base + "/")[0] == 200:
                return process, base, time.perf_counter() - started
        except OSError:
            pass
        if time.perf_counter() - started > 60:
            process.terminate()
            raise RuntimeError(f"gunicorn did not answer within 60 s; see {log}")
        time.sleep(0.02)


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


class Memory(NamedTuple):
    """A worker's memory in MB. RSS counts the pages shared copy-on-write with the master and
    the other workers in full, PSS splits them, USS (private pages) is what one more worker costs;
    anon is heap alone, without the search index's memory-mapped files, which USS also counts
    (clean pages the kernel can drop and re-read)."""

    rss: float
    pss: float
    uss: float
    anon: float


def memory_mb(pid: int) -> Memory:
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    private = fields["Private_Clean"] + fields["Private_Dirty"]
    return Memory(
        fields["Rss"] / 1024, fields["Pss"] / 1024, private / 1024, fields["Anonymous"] / 1024
    )


def memory_note(memory: list[Memory]) -> str:
    def each(values):
        return ", ".join(f"{v:.0f}" for v in values)

    return (
        f"{len(memory)} workers; PSS {each(m.pss for m in memory)} MB; "
        f"private (USS) {each(m.uss for m in memory)} MB; "
        f"anonymous (heap) {each(m.anon for m in memory)} MB"
    )


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    return parse_wrk(out)


def parse_wrk(out: str) -> dict:
    """Requests/s, p50 and p99 in ms, and the failures from wrk's ``--latency`` report."""
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)$", out, re.MULTILINE)
    requests, duration = re.search(r"(\d+) requests in ([\d.]+(?:us|ms|s|m))", out).groups()
    seconds = _ms(duration) / 1000
    non_2xx = int(bad.group(1)) if bad else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        # Answered (2xx) and refused (non-2xx: shed searches) per second.
        "ok_rps": (int(requests) - non_2xx) / seconds,
        "non_2xx_rps": non_2xx / seconds,
        "p50_ms": _ms(latency["50"]),
        "p99_ms": _ms(latency["99"]),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def pages(queries: list[str]) -> dict[str, str]:
    """The paths benchmarked: a static file, the home page, a session, a search and a JSON twin."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.urls import NoReverseMatch, reverse

    from plenums.models import Session

    sessions = Session.objects.published()
    session = sessions.order_by("pk")[sessions.count() // 2].get_absolute_url()
    try:
        search = reverse("search:search")
    except NoReverseMatch:
        search = "/search/"
    query = queries[0] if queries else "经济发展"
    return {
        "static file": "/static/" + staticfiles_storage.stored_name("css/site.css"),
        "home": "/",
        "session": session,
        "session JSON": session + "?format=json",
        "search": f"{search}?q={urllib.parse.quote(query)}",
    }


def _described(name: str, paths: dict, queries: list[str]) -> str:
    if name == "search":
        return f"/search/ rotating over {len(queries or [1])} queries ({paths['search']} first)"
    if name == "session while search is saturated":
        return f"{paths['session']} at a quarter of the connections, beside /search/ at all of them"
    return paths.get(name, "rotating over every session page")


def drain(base: str, limit: float = 30.0) -> None:
    """Wait until requests queued by the previous run are answered, so runs do not overlap."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        _get(base + "/")
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def _search_rows(name: str, result: dict, paths: dict, queries: list[str]) -> list[Row]:
    """Answered searches (200s only) per second and p99, and the shed ones on a row of their
    own. wrk's latency percentiles cover every answer, the fast 503s included."""
    errors = f"; socket errors {result['socket_errors']}" if result["socket_errors"] else ""
    headline = name == "search"
    return [
        Row(
            f"{name} req/s",
            result["ok_rps"],
            "req/s",
            "budget",
            SEARCH_RPS_BUDGET,
            higher_is_better=True,
            target=1.0 if headline else None,
            note=f"{_described('search', paths, queries)}; 2xx only{errors}",
        ),
        Row(
            f"{name} p99",
            result["p99_ms"],
            "ms",
            "budget",
            SEARCH_P99_BUDGET_MS,
            target=1.0 if headline else None,
            note=f"p50 {result['p50_ms']:.1f} ms, over every answer (shed 503s included)",
        ),
        Row(
            f"{name} shed req/s",
            result["non_2xx_rps"],
            "req/s",
            note="503 with Retry-After: every search slot of the worker was taken",
        ),
    ]


def serve_figures(env: dict, queries: list[str], seconds: int, connections: int) -> list[Row]:
    from django.conf import settings

    from plenums.models import Session
    from plenums.web.caching import CACHE_ALIAS

    scratch = Path(env["ARCHIVE_VAR_DIR"])
    if not shutil.which("wrk"):
        return [Row("HTTP: wrk", None, note="MISSING: wrk is not installed (apt-get install wrk)")]
    paths = pages(queries)
    rotation = scratch / "session-paths.txt"
    rotation.write_text(
        "\n".join(s.get_absolute_url() for s in Session.objects.published().order_by("?"))
    )
    lua = scratch / "rotate.lua"
    lua.write_text(ROTATE_LUA % rotation)
    # Searches rotate over every benchmark query: one cheap query alone would flatter the rate.
    searches = scratch / "search-paths.txt"
    base_search = paths["search"].split("?", 1)[0]
    searches.write_text(
        "\n".join(f"{base_search}?q={urllib.parse.quote(q)}" for q in queries or ["经济发展"])
    )
    search_lua = scratch / "rotate-search.lua"
    search_lua.write_text(ROTATE_LUA % searches)

    process, base, first = start(env, scratch / "gunicorn.log")
    rows = [
        Row(
            "first response after start",
            first,
            "s",
            "budget",
            FIRST_RESPONSE_BUDGET_S,
            target=1.0,
            note="from spawning gunicorn to the first 200 of the home page",
        )
    ]
    try:
        failed = {}
        for name, path in paths.items():
            for _ in range(3):
                status, _ = _get(base + path)
                if status != 200:
                    failed[name] = f"ERROR: GET {path} answered {status}; see gunicorn.log"
        for name, why in failed.items():
            print(f"bench: {why}", file=sys.stderr, flush=True)
            rows.append(Row(f"{name} req/s", None, note=why))
            del paths[name]
        memory = [memory_mb(pid) for pid in workers(process.pid)]
        rows.append(
            Row(
                "worker RSS after warm-up (largest)",
                max(m.rss for m in memory),
                "MB",
                "budget",
                RSS_BUDGET_MB,
                target=1.0,
                note=memory_note(memory),
            )
        )
        results = {}
        for name, path in paths.items():
            print(f"bench: wrk {name} {path}", flush=True)
            script = search_lua if name == "search" else None
            results[name] = wrk(base + path, seconds, connections, script=script)
            drain(base)
        # Search saturated and session pages asked at the same time: shed searches must leave
        # the pages their speed.
        print("bench: wrk searches and a session page at once", flush=True)
        both = {}
        threads = [
            threading.Thread(
                target=lambda: both.__setitem__(
                    "search", wrk(base + paths["search"], seconds, connections, script=search_lua)
                )
            ),
            threading.Thread(
                target=lambda: both.__setitem__(
                    "session", wrk(base + paths["session"], seconds, max(1, connections // 4))
                )
            ),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if "search" in paths and set(both) == {"search", "session"}:
            results["session while search is saturated"] = both["session"]
            results["search beside session pages"] = both["search"]
        drain(base)
        print("bench: wrk session pages rotating over every session", flush=True)
        results["session, all distinct"] = wrk(base + "/", seconds, connections, script=lua)
        drain(base)
        # The limit is measured again at the end and the better run kept: a run disturbed by
        # whatever else the machine did would flatter every ratio.
        print("bench: wrk static file again", flush=True)
        again = wrk(base + paths["static file"], seconds, connections)
        if again["rps"] > results["static file"]["rps"]:
            results["static file"] = again
        memory = [memory_mb(pid) for pid in workers(process.pid)]
        # Last, as it changes the archive the runs above read.
        print("bench: an edit and a new session, until search finds them", flush=True)
        visible = visibility_figures(base, scratch)
    finally:
        process.terminate()
        process.wait(timeout=30)

    static = results.pop("static file")
    rows.append(
        Row(
            "static file req/s",
            static["rps"],
            "req/s",
            note=f"{paths['static file']}, p99 {static['p99_ms']:.1f} ms",
        )
    )
    for name, result in results.items():
        is_session = name.startswith("session") and "JSON" not in name
        if name.startswith("search"):
            rows += _search_rows(name, result, paths, queries)
            continue
        trouble = ""
        if result["non_2xx"] or result["socket_errors"]:
            trouble = f"; {result['non_2xx']} non-2xx, socket errors {result['socket_errors']}"
        rows.append(
            Row(
                f"{name} req/s",
                result["rps"],
                "req/s",
                "static file req/s",
                static["rps"],
                higher_is_better=True,
                target=0.5 if name == "session" else None,
                note=f"{_described(name, paths, queries)}{trouble}",
            )
        )
        rows.append(
            Row(
                f"{name} p99",
                result["p99_ms"],
                "ms",
                "static file p99",
                static["p99_ms"],
                absolute_target=P99_BUDGET_MS if is_session else None,
                note=f"p50 {result['p50_ms']:.1f} ms",
            )
        )
    rows.append(
        Row(
            "worker RSS after the load (largest)",
            max(m.rss for m in memory),
            "MB",
            "budget",
            RSS_BUDGET_MB,
            target=1.0,
            note=memory_note(memory) + f"; page cache {settings.CACHES[CACHE_ALIAS]['BACKEND']}",
        )
    )
    return rows + visible


def _search_count(base: str, phrase: str) -> int:
    url = f"{base}/search/?q={urllib.parse.quote(phrase)}&format=json"
    status, body = _get(url)
    if status != 200:
        raise RuntimeError(f"GET {url} answered {status}")
    return json.loads(body)["count"]


def _until_found(base: str, phrase: str, started: float, limit: float = 60.0) -> float:
    """Seconds from ``started`` until the search page finds ``phrase``: polled every 20 ms."""
    while _search_count(base, phrase) == 0:
        if time.perf_counter() - started > limit:
            raise RuntimeError(f"{phrase} not found by search {limit:.0f} s after the change")
        time.sleep(0.02)
    return time.perf_counter() - started


def visibility_figures(base: str, scratch: Path) -> list[Row]:
    """How soon the running server's search finds an edited session and a new one: each saved
    in this process the way staff save them (the ORM and the loader, whose signals write the
    index on commit), then the search page polled until it answers with the session."""
    from django.apps import apps
    from django.db import transaction

    from bench.corpus import article, seed_sentences
    from plenums.ingest.parse import parse_path
    from plenums.models import Session
    from plenums.records.loader import load_records

    # The load switched the index's signals off; edits made from here on must reach it.
    apps.get_app_config("haystack").signal_processor.setup()
    for phrase in MARKERS:
        if _search_count(base, phrase):
            raise RuntimeError(f"{phrase} is already in the archive: not a marker")
    edited = Session.objects.published().order_by("pk").first()
    started = time.perf_counter()
    with transaction.atomic():
        edited.cleaned_text += f"\n全会强调,要把{MARKERS[0]}经验推向全区。"
        edited.save()
    edit_seconds = _until_found(base, MARKERS[0], started)

    committee = edited.committee
    kind = committee.region[-1]
    rng = random.Random(1)
    text = article(
        rng, seed_sentences(), committee.region, committee.parent_region, kind, 6, 1, 0,
        ["林远航", "周明德"],
    )  # fmt: skip
    path = scratch / "new-session.txt"
    path.write_text(text.replace("\n\n", f"\n全会要求,推广{MARKERS[1]}做法。\n\n", 1))
    started = time.perf_counter()
    load_records([parse_path(path)])
    add_seconds = _until_found(base, MARKERS[1], started)
    note = "no rebuild: the save's own index write, then the server's next search"
    return [
        Row(
            "edit visible in search",
            edit_seconds,
            "s",
            "budget",
            VISIBLE_BUDGET_S,
            target=1.0,
            note=f"{edited.slug}: a sentence added to its text and saved; {note}",
        ),
        Row(
            "new session visible in search",
            add_seconds,
            "s",
            "budget",
            VISIBLE_BUDGET_S,
            target=1.0,
            note=f"one article parsed and loaded ({committee.name}, a 6th term no article "
            f"has); {note}",
        ),
    ]
