"""`make bench`: how close the archive comes to the limits of its own stack, as ratios, in one run.

Everything happens in a scratch directory (its own SQLite database, Whoosh index, static root and
secret key): the real archive is never touched. Absolute times on a shared machine are noise, so
each figure is set against a limit measured in the same run on the same machine — raw jieba for
ingest, a raw Whoosh writer for indexing, SQLite FTS5 for search, a static file served by the same
gunicorn for pages — and the table reports the ratio next to the target.
"""

import argparse
import importlib
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import serving  # noqa: E402
from bench.loading import BATCH, with_primary_keys  # noqa: E402, F401  (tests import it here)
from bench.report import Row, render_markdown  # noqa: E402

OUT_DIR = REPO / "var" / "bench"
# Distinct queries behind the headline search rows (the fixed ones, the rest drawn).
SEARCH_QUERIES = 240


def scratch_env(scratch: Path) -> dict[str, str]:
    """Settings for every process of the run: production mode, all state inside ``scratch``."""
    return {
        "DJANGO_SETTINGS_MODULE": "plenums.settings",
        "ARCHIVE_VAR_DIR": str(scratch),
        "DATABASE_URL": f"sqlite:///{scratch / 'archive.sqlite3'}",
        "WHOOSH_PATH": str(scratch / "whoosh"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


RAW_JIEBA = """
import sys, time
from pathlib import Path
import jieba
jieba.setLogLevel(60)
jieba.initialize()
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
print("ready", flush=True)
sys.stdin.readline()
started = time.perf_counter()
for text in texts:
    for _ in jieba.cut(text):
        pass
print(time.perf_counter() - started, flush=True)
"""


def ingest_figures(articles: Path, fixture: Path, chars: int) -> list[Row]:
    """build_fixtures over the corpus against raw ``jieba.cut`` over the same decoded text.

    The two run side by side, one per core, after both have loaded their dictionaries: the run
    takes half the time, and whatever else the machine is doing slows both alike.
    """
    from django.core.management import call_command

    texts = list(articles.glob("*.txt"))
    raw = subprocess.Popen(
        [sys.executable, "-c", RAW_JIEBA, str(articles)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if raw.stdout.readline().strip() != "ready":
        raise RuntimeError("raw jieba process failed to start")
    # Import the parser and whatever it loads at import time outside the timed span.
    importlib.import_module("plenums.ingest.parse")
    raw.stdin.write("go\n")
    raw.stdin.flush()
    seconds, _ = timed(
        call_command, "build_fixtures", str(articles), output=str(fixture), verbosity=0
    )
    raw_seconds = float(raw.stdout.readline())
    raw.wait()
    return [
        Row(
            "ingest: build_fixtures",
            chars / seconds / 1000,
            "k chars/s",
            "raw jieba.cut, same text",
            chars / raw_seconds / 1000,
            higher_is_better=True,
            target=0.5,
            note=f"{len(texts)} articles, {chars / 1e6:.1f} M chars in {seconds:.1f} s "
            f"(jieba {raw_seconds:.1f} s)",
        )
    ]


def load(fixture: Path, method: str) -> dict:
    """Load the fixture by ``method`` (bulk, loaddata or both, one after the other into the
    same database, emptied between them and checked to hold identical rows); return the
    seconds of each and what the numbering of the fixture took."""
    from django.apps import apps

    from bench import loading

    # The index is built (and timed) by rebuild_index below; indexing each session as it is
    # loaded would only slow the run down.
    apps.get_app_config("haystack").signal_processor.teardown()
    numbered = fixture.with_suffix(".pk.json")
    number_seconds, _ = timed(loading.with_primary_keys, fixture, numbered)
    found = {"number": number_seconds}
    if method in ("bulk", "both"):
        found["bulk"] = loading.bulk_load(numbered)
    if method == "both":
        bulk_rows = loading.fingerprint()
        loading.empty_archive()
        found["loaddata"] = loading.loaddata(numbered)
        # Same rows, primary keys included, or the bulk figure means nothing.
        differing = sorted(t for t, d in loading.fingerprint().items() if bulk_rows.get(t) != d)
        found["differing"] = differing
    elif method == "loaddata":
        found["loaddata"] = loading.loaddata(numbered)
    return found


def load_rows(found: dict, rebuild_seconds: float) -> list[Row]:
    """One row per loader timed, against the rebuild of the index over the same sessions."""
    from plenums.models import Session

    sessions = Session.objects.count()
    used = "bulk" if "bulk" in found else "loaddata"
    notes = {
        "bulk": f"Django's JSON deserializer, bulk_create in batches of {BATCH} rows in one "
        "transaction, the archive stamp bumped once",
        "loaddata": "manage.py loaddata: an UPDATE then an INSERT and a stamp bump per row",
    }
    rows = []
    for method in ("bulk", "loaddata"):
        if method not in found:
            continue
        note = f"{notes[method]}; {sessions} sessions"
        if method == used:
            note += (
                "; the loader this run is judged by; before either, the fixture's natural keys "
                f"were numbered ({found['number']:.1f} s, untimed)"
            )
        if method == "loaddata" and "bulk" in found:
            same = not found["differing"]
            note += f"; {found['loaddata'] / found['bulk']:.1f}× bulk_create's time, " + (
                "the same rows (every table's digest equal)"
                if same
                else f"ROWS DIFFER in {', '.join(found['differing'])}"
            )
        rows.append(
            Row(
                f"load: {'bulk_create' if method == 'bulk' else 'loaddata'}",
                found[method],
                "s",
                "rebuild_index, same run",
                rebuild_seconds,
                target=1.0 if method == used else None,
                note=note,
            )
        )
    return rows


REBUILD_MEMORY_BUDGET_MB = 2048


class PeakMemory:
    """The largest total PSS of a process and its descendants while the block runs, sampled
    from /proc by a thread (PSS splits shared pages, so forked writers are not counted twice)."""

    EVERY = 0.5

    def __init__(self, pid: int):
        self.pid, self.mb = pid, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _tree(self, pid: int) -> list[int]:
        try:
            children = serving.workers(pid)
        except OSError:  # the process ended between two readings
            return []
        return [pid] + [p for child in children for p in self._tree(child)]

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = 0.0
            for pid in self._tree(self.pid):
                try:
                    total += serving.memory_mb(pid).pss
                except OSError:
                    continue
            self.mb = max(self.mb, total)
            self._stop.wait(self.EVERY)


def index_figures(scratch: Path, raw_sample: int) -> list[Row]:
    """``rebuild_index`` over the loaded archive against a raw Whoosh writer.

    The raw writer gets the same Whoosh documents (prepared from the database beforehand, not
    timed), the same analyzers and the same writer settings, on a sample of ``raw_sample``
    sessions; the two are compared per document.
    """
    from haystack import connections

    from bench.search import time_raw_writer
    from plenums.search_indexes import SessionIndex
    from search.engine.posting_arrays import SUFFIX as SIDECAR_SUFFIX

    backend = connections["default"].get_backend()
    # In a process of its own, so that its peak memory is the rebuild's alone, not what the
    # earlier phases left in this one (Django's start-up, about a second, is inside the time).
    rebuild = subprocess.Popen(
        [sys.executable, "manage.py", "rebuild_index", "--noinput", "--verbosity", "0"],
        cwd=REPO,
    )
    with PeakMemory(rebuild.pid) as peak:
        seconds, code = timed(rebuild.wait)
    if code:
        raise RuntimeError(f"rebuild_index exited with {code}")
    if not backend.setup_complete:
        backend.setup()  # opens the index the other process built, and with it the schema
    built = backend.document_count()
    index = SessionIndex()
    # In chunks, as rebuild_index reads them: one prefetch over thousands of sessions makes a
    # query too deep for SQLite.
    sessions = index.index_queryset().order_by("pk")[:raw_sample].iterator(chunk_size=500)
    docs = [doc for doc in (backend.document(index, s) for s in sessions) if doc]
    raw_seconds = time_raw_writer(backend, docs, scratch)
    files = list(backend._current_dir().iterdir())
    size = sum(f.stat().st_size for f in files) / 1e6
    sidecars = sum(f.stat().st_size for f in files if f.name.endswith(SIDECAR_SUFFIX)) / 1e6
    return [
        Row(
            "index: rebuild_index",
            seconds,
            "s",
            "raw Whoosh writer, same analyzers and writer settings, per document",
            raw_seconds * built / len(docs),
            target=1.5,
            note=f"{built} sessions from the database in {backend.writer_procs} writer "
            f"processes; the raw writer timed on {len(docs)} of them ({raw_seconds:.1f} s); "
            f"index {size:.0f} MB, of which decoded posting sidecars {sidecars:.0f} MB",
        ),
        Row(
            "index: rebuild_index peak memory",
            peak.mb,
            "MB",
            "budget",
            REBUILD_MEMORY_BUDGET_MB,
            target=1.0,
            note="largest sum of the proportional set sizes (PSS) of the rebuild and its writer "
            f"processes, sampled every {PeakMemory.EVERY} s",
        ),
    ]


def selective_queries() -> list[str]:
    """Two queries that only some titles answer: one committee's region, one term."""
    from plenums.models import Session

    first = Session.objects.select_related("committee").order_by("pk").first()
    return [first.committee.region, "第三届委员会"] if first else []


def archive_texts() -> list[tuple[str, str, int | None, str]]:
    """(title, searched text, year, committee slug) of every indexed session: the text exactly
    as the archive's index prepares it (title, committee, people, documents, cleaned text)."""
    from plenums.search_indexes import SessionIndex

    index = SessionIndex()
    rows = []
    for session in index.index_queryset().order_by("pk").iterator(chunk_size=500):
        text = index.full_prepare(session)["text"]
        rows.append((session.title, text, session.year, session.committee.slug))
    return rows


def time_distinct(engines: dict, queries: list[str]) -> dict[str, dict[str, tuple[float, int]]]:
    """Each query asked once of each engine, engines taking turns query by query (whatever else
    the machine does then slows them alike): {engine: {query: (ms, hit count)}}."""
    found = {label: {} for label in engines}
    for q in queries:
        for label, fn in engines.items():
            started = time.perf_counter()
            hits = fn(q)[0]
            found[label][q] = ((time.perf_counter() - started) * 1000, hits)
    return found


def search_figures(scratch: Path, total: int) -> tuple[list[Row], list[str], list[str]]:
    """The archive's search (as the search page runs it) against SQLite FTS5 trigram and tantivy
    over the same texts, and plain Whoosh on the same index, over ``total`` distinct queries.

    Returns the rows, the queries and the disagreements (queries on which some engine's hit
    count differs from a substring scan of the texts)."""
    from haystack import connections

    from bench import tantivy_ref
    from bench.queries import draw, substring_counts
    from bench.search import QUERIES, archive_search, fts_index, fts_search, percentile, raw_search

    rows_of_text = archive_texts()
    texts = [text for _, text, _, _ in rows_of_text]
    fixed = list(dict.fromkeys(QUERIES + selective_queries()))
    queries = draw(texts, fixed, total)
    warmup = draw(texts, [], 8, seed=1)
    warmup = [q for q in warmup if q not in queries] or ["会议"]
    expected = substring_counts(texts, queries)
    # The title is the text's first line: split there, as FTS5 keeps title and body apart.
    db, fts_seconds = fts_index(
        (text.partition("\n")[::2] for text in texts), scratch / "fts5.sqlite3"
    )
    tantivy_index, tantivy_seconds = tantivy_ref.build(rows_of_text, scratch / "tantivy")
    raw = raw_search(connections["default"].get_backend()._current_dir())
    engines = {
        "archive search": archive_search("default"),
        "raw whoosh": raw,
        "sqlite fts5": fts_search(db),
        "tantivy": tantivy_ref.search(tantivy_index),
    }
    for fn in engines.values():
        for q in warmup:
            fn(q)
    found = time_distinct(engines, queries)
    raw.close()
    db.close()

    figures, disagreements = {}, []
    for label, per_query in found.items():
        timings = [ms for ms, _ in per_query.values()]
        figures[label] = statistics.median(timings), percentile(timings, 0.95)
        print(
            f"  {label:<15} p50 {figures[label][0]:7.2f} ms   p95 {figures[label][1]:7.2f} ms   "
            f"hits {sum(h for _, h in per_query.values())}",
            flush=True,
        )
    for q in queries:
        counts = {label: found[label][q][1] for label in found}
        if any(n != expected[q] for n in counts.values()):
            disagreements.append(f"{q}: substring scan {expected[q]}, " + ", ".join(
                f"{label} {n}" for label, n in counts.items()
            ))  # fmt: skip
    slowest = sorted(queries, key=lambda q: found["archive search"][q][0])[-5:]
    print(
        "  archive's slowest: "
        + ", ".join(f"{q} {found['archive search'][q][0]:.0f} ms ({expected[q]})" for q in slowest),
        flush=True,
    )
    (p50, p95), (raw50, raw95), (fts50, fts95), (tv50, tv95) = (
        figures[name] for name in ("archive search", "raw whoosh", "sqlite fts5", "tantivy")
    )
    described = (
        f"{len(queries)} distinct queries ({len(fixed)} fixed, the rest drawn from the texts "
        "with a fixed seed), each asked once"
    )
    rows = [
        Row(
            "search p50",
            p50,
            "ms",
            "SQLite FTS5 trigram p50",
            fts50,
            target=2.0,
            note=f"raw Whoosh (top 10, no facets) p50 {raw50:.1f} ms; FTS5 build "
            f"{fts_seconds:.1f} s; {described}",
        ),
        Row(
            "search p95",
            p95,
            "ms",
            "SQLite FTS5 trigram p95",
            fts95,
            target=2.0,
            absolute_target=50.0,
            note=f"raw Whoosh p95 {raw95:.1f} ms",
        ),
        Row(
            "search p50 against tantivy",
            p50,
            "ms",
            "tantivy p50",
            tv50,
            note=f"tantivy {tantivy_ref.tantivy.__version__}: bigram phrase queries, exact "
            f"count, top 10, year and committee counts; build {tantivy_seconds:.1f} s",
        ),
        Row("search p95 against tantivy", p95, "ms", "tantivy p95", tv95),
        Row(
            "search: queries whose hit counts differ",
            len(disagreements),
            "",
            "every engine equal to a substring scan",
            absolute_target=0,
            note="; ".join(disagreements[:5])
            or "none: archive, raw Whoosh, FTS5 and tantivy "
            f"agree with the scan on all {len(queries)} queries",
        ),
    ]
    return rows, queries, disagreements


def write_results(args, rows, phases, elapsed, load_before, failed=None) -> str:
    """The table (OUTPUT.md) and figures (OUTPUT.json) of the phases finished so far; written
    after every phase, so that a run stopped by a failure or a time-out keeps what it measured
    (``failed`` then says where and why)."""
    table = render_markdown(rows, sessions=args.sessions, elapsed=elapsed)
    if failed:
        table += f"\n**Stopped early:** {failed}\n"
    output = args.output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.with_suffix(".md").write_text(table, encoding="utf-8")
    output.with_suffix(".json").write_text(
        json.dumps(
            {
                "sessions": args.sessions,
                "elapsed_s": round(elapsed, 1),
                "phases_s": {name: round(seconds, 1) for name, seconds in phases.items()},
                "load": args.load,
                "host": platform.node(),
                "cores": os.cpu_count(),
                "finished": time.strftime("%Y-%m-%d %H:%M:%S %z"),
                "load_average": {
                    "before": [round(x, 2) for x in load_before],
                    "after": [round(x, 2) for x in os.getloadavg()],
                },
                "stopped_early": failed,
                "rows": [r.as_json() for r in rows],
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    return table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000, help="corpus size (10000)")
    parser.add_argument("--seconds", type=int, default=20, help="wrk duration per page (20)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    parser.add_argument(
        "--raw-sample",
        type=int,
        default=2000,
        help="sessions the raw Whoosh writer is timed on, compared per document (2000)",
    )
    parser.add_argument(
        "--queries",
        type=int,
        default=SEARCH_QUERIES,
        help=f"distinct search queries, each asked once ({SEARCH_QUERIES})",
    )
    parser.add_argument(
        "--load",
        choices=("bulk", "loaddata", "both"),
        default="both",
        help="how the fixture is loaded: bulk_create batches, loaddata, or both timed one after "
        "the other with their rows compared (both)",
    )
    parser.add_argument(
        "--scratch",
        type=Path,
        default=OUT_DIR / "scratch",
        help="scratch directory, emptied first (var/bench/scratch)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=OUT_DIR / "latest",
        help="where the table and figures go, as OUTPUT.md and OUTPUT.json (var/bench/latest)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args(argv)
    if args.sessions < 1:
        parser.error(f"--sessions {args.sessions}: need at least one session")
    if args.raw_sample < 1:
        parser.error(f"--raw-sample {args.raw_sample}: need at least one session")
    if args.queries < 200:
        parser.error(f"--queries {args.queries}: need at least 200 distinct queries")

    started = time.perf_counter()
    # Other work on the machine slows the run: its load average, before and after, is recorded.
    load_before = os.getloadavg()
    scratch = args.scratch.resolve()
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    env = scratch_env(scratch)
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command

    from bench.corpus import write_corpus

    rows: list[Row] = []
    articles = scratch / "articles"
    print(f"bench: writing {args.sessions} synthetic articles into {articles}", flush=True)
    chars = write_corpus(articles, args.sessions)

    phases: dict[str, float] = {}

    def checkpoint(failed=None):
        write_results(args, rows, phases, time.perf_counter() - started, load_before, failed)

    try:
        print("bench: ingest against raw jieba", flush=True)
        call_command("migrate", interactive=False, verbosity=0)
        fixture = scratch / "plenums.json"
        phases["ingest"], ingest_rows = timed(ingest_figures, articles, fixture, chars)
        rows += ingest_rows
        checkpoint()
        print(f"bench: loading the fixture ({args.load})", flush=True)
        phases["load"], loaded = timed(load, fixture, args.load)
        print("bench: rebuild_index against a raw Whoosh writer", flush=True)
        phases["index"], index_rows = timed(index_figures, scratch, args.raw_sample)
        rows += index_rows + load_rows(loaded, index_rows[0].value)
        checkpoint()
        print("bench: search against SQLite FTS5, tantivy and raw Whoosh", flush=True)
        phases["search"], (search_rows, queries, disagreements) = timed(
            search_figures, scratch, args.queries
        )
        rows += search_rows
        checkpoint()
        if loaded.get("differing"):
            disagreements.append(
                "bulk_create and loaddata left different rows in " + ", ".join(loaded["differing"])
            )

        call_command("collectstatic", interactive=False, verbosity=0)
        from django.db import connections

        connections.close_all()
        print("bench: serving with gunicorn + wrk", flush=True)
        phases["serve"], serve_rows = timed(
            serving.serve_figures,
            env,
            queries=queries,
            seconds=args.seconds,
            connections=args.connections,
        )
        rows += serve_rows
    except BaseException as exc:
        # A run of an hour or more stopped in its last phase still reports the others.
        checkpoint(f"after {', '.join(phases) or 'no phase'}: {type(exc).__name__}: {exc}")
        raise
    elapsed = time.perf_counter() - started
    table = write_results(args, rows, phases, elapsed, load_before)
    print(table)
    print(f"bench: written to {args.output.resolve().with_suffix('.md')} and .json")
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    if disagreements:
        print(
            f"bench: FAILED: {len(disagreements)} disagreements (hit counts or loaded rows):\n  "
            + "\n  ".join(disagreements),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
