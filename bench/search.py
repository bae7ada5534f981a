"""Search benchmark on a synthetic corpus: the archive's stack against raw Whoosh and SQLite FTS5.

Everything happens in a scratch directory of its own: the archive's database and index are never
opened. Documents are generated in the exact shape ``SessionIndex`` produces, from sentences of
the seed articles (half of them in Traditional script), about 2,400 characters each (as the seeds).
The raw Whoosh writer is timed on a sample of them (``RAW_SAMPLE``) with the same writer settings
and compared per document: Whoosh's build time grows linearly with the documents added, and timing
a second full build would double the benchmark's longest step. Raw Whoosh queries run against the
archive's own index, opened with plain Whoosh.
"""

import datetime
import random
import re
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from haystack import connections
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.inputs import Raw
from haystack.query import SearchQuerySet
from whoosh import index as whoosh_index
from whoosh.query import And

from plenums.chinese import fold, to_traditional
from plenums.ingest.parse import parse_path
from plenums.models import Session
from search.analysis import WORD_RUN_RE, text_query

ALIAS = "bench"
QUERIES = [
    "经济",
    "經濟",
    "城市",
    "质生产",
    "新质生产力",
    "人民城市",
    "全面深化改革",
    "党的建设",
    "高质量发展",
    "十四五",
    "经济 发展",
]
# Selective ones for the synthetic corpus here: a rarer phrase, and what only the titles of one
# committee (1/8) or one term (1/12) contain.
SYNTHETIC_QUERIES = ["踔厉奋发", "崇明区", "第12届委员会"]
DOC_CHARS = 2400
RAW_SAMPLE = 2000
REGIONS = ["嘉定区", "松江区", "青浦区", "奉贤区", "金山区", "崇明区", "宝山区", "闵行区"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(Path(settings.ARTICLES_DIR).glob("*.txt")):
        text = parse_path(path).text
        sentences.extend(s + "。" for s in re.split(r"[。\n]", text) if len(s) >= 8)
    if not sentences:
        raise ValueError(f"{settings.ARTICLES_DIR}: no seed sentences to build a corpus from")
    return sentences


def synthetic_documents(n: int, rng: random.Random) -> list[dict]:
    sentences = seed_sentences()
    ct = f"{Session._meta.app_label}.{Session._meta.model_name}"
    docs = []
    for i in range(n):
        region = REGIONS[i % len(REGIONS)]
        term, plenum = 1 + (i // 40) % 12, 1 + i % 40
        year, month, day = 1990 + i % 36, 1 + i % 12, 1 + i % 28
        title = f"中共{region}第{term}届委员会第{plenum}次全体会议举行"
        body, size = [], 0
        while size < DOC_CHARS:
            sentence = rng.choice(sentences)
            body.append(sentence)
            size += len(sentence)
        body = "".join(body)
        if i % 2:
            title, body = to_traditional(title), to_traditional(body)
        text = title + "\n" + body
        docs.append(
            {
                ID: f"{ct}.{i + 1}",
                DJANGO_CT: ct,
                DJANGO_ID: str(i + 1),
                "text": text,
                "text_bigrams": text,
                "body": body,
                "title": title,
                "slug": f"bench-{i + 1}",
                "committee": f"region-{i % len(REGIONS)}",
                "committee_name": f"中共上海市{region}委员会",
                "term": term,
                "plenum": plenum,
                "year": year,
                "month": month,
                "day": day,
                "date": datetime.datetime(year, month, day),
            }
        )
    return docs


def scratch_run(
    n: int, rounds: int, workdir: str | None, seed: int, out, raw_sample: int = RAW_SAMPLE
) -> None:
    """Run the benchmark in ``workdir`` (a new temporary directory by default, then removed)."""
    if n < 1:
        raise ValueError(f"--sessions must be at least 1, got {n}")
    if rounds < 1:
        raise ValueError(f"--queries must be at least 1, got {rounds}")
    if raw_sample < 1:
        raise ValueError(f"--raw-sample must be at least 1, got {raw_sample}")
    owned = not workdir
    scratch = Path(workdir or tempfile.mkdtemp(prefix="bench-search-"))
    scratch.mkdir(parents=True, exist_ok=True)
    if any(scratch.iterdir()):
        scratch = Path(tempfile.mkdtemp(prefix="bench-search-", dir=scratch))
    try:
        run(n, rounds, scratch, random.Random(seed), out, raw_sample)
    finally:
        connections.connections_info.pop(ALIAS, None)
        getattr(connections.thread_local, "connections", {}).pop(ALIAS, None)
        if owned:
            shutil.rmtree(scratch, ignore_errors=True)


def time_raw_writer(backend, docs: list[dict], workdir: Path) -> float:
    """Seconds a raw Whoosh writer takes over ``docs`` (Whoosh documents), with the backend's
    schema (the same analyzers) and the same writer settings as its rebuild."""
    path = _mkdir(workdir / "raw-writer")
    try:
        started = time.perf_counter()
        raw_ix = whoosh_index.create_in(str(path), backend.schema)
        writer = backend._bulk_writer(raw_ix)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        return time.perf_counter() - started
    finally:
        shutil.rmtree(path, ignore_errors=True)


def fts_index(rows, path: Path) -> tuple[sqlite3.Connection, float]:
    """An FTS5 trigram table of (title, body) rows, folded as the archive folds its index."""
    started = time.perf_counter()
    db = sqlite3.connect(path, check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='trigram')")
    db.executemany(
        "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
        ((i + 1, fold(title), fold(body)) for i, (title, body) in enumerate(rows)),
    )
    db.commit()
    return db, time.perf_counter() - started


def archive_search(alias: str):
    """A query as the search page runs it: all pieces, three facets, highlighted first page."""

    def search(q):
        pieces = " ".join(f'"{p}"' for p in q.split())
        sqs = SearchQuerySet(using=alias).models(Session).filter(content=Raw(pieces))
        sqs = sqs.facet("committee").facet("year").facet("term").highlight()
        page = list(sqs[0:10])
        return sqs.count(), [r.highlighted for r in page]

    return search


def raw_search(index_dir: Path):
    """The same parsed query on the same index through plain Whoosh: top 10, no facets."""
    searcher = whoosh_index.open_dir(str(index_dir)).searcher()
    parsed = {}

    def search(q):
        if q not in parsed:
            parts = [text_query(p, "text", "text_bigrams") for p in q.split()]
            parsed[q] = parts[0] if len(parts) == 1 else And(parts)
        hits = searcher.search(parsed[q], limit=10)
        return len(hits), [h.get("title") for h in hits]

    search.close = searcher.close
    return search


def fts_search(db: sqlite3.Connection):
    """The same query through FTS5: trigram MATCH for pieces of three characters or more; a
    shorter piece has no trigram, so FTS5 can only answer it with LIKE over every row."""

    def search(q):
        runs = ["".join(WORD_RUN_RE.findall(fold(p))) for p in q.split()]
        where, params = [], []
        long = [r for r in runs if len(r) >= 3]
        if long:
            where.append("docs MATCH ?")
            params.append(" AND ".join(f'"{r}"' for r in long))
        for run in (r for r in runs if len(r) < 3):
            where.append("(title LIKE ? OR body LIKE ?)")
            params += [f"%{run}%"] * 2
        where = " AND ".join(where)
        count = db.execute(f"SELECT count(*) FROM docs WHERE {where}", params).fetchone()[0]
        if long:
            page = (
                f"SELECT rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 20) FROM docs "
                f"WHERE {where} ORDER BY rank LIMIT 10"
            )
        else:
            page = f"SELECT rowid, substr(body, 1, 60) FROM docs WHERE {where} LIMIT 10"
        return count, db.execute(page, params).fetchall()

    return search


def measure(engines: dict, queries: list[str], rounds: int, out) -> dict[str, tuple]:
    """p50 and p95 in ms of each engine over ``rounds`` rounds of ``queries``, after a warm-up
    round; prints each engine's line and its per-query medians."""
    figures = {}
    for label, fn in engines.items():
        hits = {q: fn(q)[0] for q in queries}  # warm-up, and the hit counts to compare
        timings, per_query = [], {q: [] for q in queries}
        for _ in range(rounds):
            for q in queries:
                started = time.perf_counter()
                fn(q)
                elapsed = (time.perf_counter() - started) * 1000
                timings.append(elapsed)
                per_query[q].append(elapsed)
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        figures[label] = (p50, p95)
        zero = [q for q, h in hits.items() if h == 0]
        out(
            f"{label:<15} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   "
            f"hits {sum(hits.values())}" + (f"   no hits for: {' '.join(zero)}" if zero else "")
        )
        # Whoosh's cost grows with the number of matching documents: show it per query.
        out(
            "    median ms (hits): "
            + ", ".join(f"{q} {statistics.median(per_query[q]):.1f} ({hits[q]})" for q in queries)
        )
    return figures


def run(
    n: int, rounds: int, workdir: Path, rng: random.Random, out, raw_sample: int = RAW_SAMPLE
) -> None:
    """Build the three indexes of ``n`` synthetic sessions in ``workdir``; ``out`` prints lines."""
    docs = synthetic_documents(n, rng)
    chars = sum(len(d["text"]) for d in docs)
    out(f"corpus: {n} sessions, {chars:,} characters, in {workdir}")

    connections.connections_info[ALIAS] = {
        "ENGINE": "search.backend.whoosh_backend.ChineseWhooshEngine",
        "PATH": str(workdir / "archive"),
    }
    backend = connections[ALIAS].get_backend()
    backend.setup()
    whoosh_docs = [{k: backend._from_python(v) for k, v in d.items()} for d in docs]
    started = time.perf_counter()
    backend.rebuild_from(iter(whoosh_docs))
    build_archive = time.perf_counter() - started
    sample = whoosh_docs[: min(n, raw_sample)]
    build_raw = time_raw_writer(backend, sample, workdir)
    db, build_fts = fts_index(((d["title"], d["body"]) for d in docs), workdir / "fts5.sqlite3")
    out(
        f"build: archive {build_archive:.2f} s for {n} documents, raw whoosh {build_raw:.2f} s "
        f"for {len(sample)} documents, sqlite fts5 {build_fts:.2f} s"
    )
    # Per document: the raw writer's time scaled to the whole corpus.
    build_raw_scaled = build_raw * n / len(sample)

    raw = raw_search(backend._current_dir())
    engines = {
        "archive search": archive_search(ALIAS),
        "raw whoosh": raw,
        "sqlite fts5": fts_search(db),
    }
    figures = measure(engines, QUERIES + SYNTHETIC_QUERIES, rounds, out)
    raw.close()
    db.close()
    ours = figures["archive search"]
    for other, build_other in (("raw whoosh", build_raw_scaled), ("sqlite fts5", build_fts)):
        theirs = figures[other]
        out(
            f"ratio archive/{other}: p50 {ours[0] / theirs[0]:.2f}x, "
            f"p95 {ours[1] / theirs[1]:.2f}x, build {build_archive / build_other:.2f}x"
        )
    verdict = "meets" if ours[1] <= 50 else "misses"
    out(f"archive p95 {ours[1]:.1f} ms {verdict} the 50 ms target (at N=10,000, warm)")


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
