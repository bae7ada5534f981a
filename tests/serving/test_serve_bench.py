"""The benchmark's own logic (no speed figures): wrk parsing, ratios, loading the fixture."""

import json
import re

import pytest
from django.core.management import call_command
from django.core.serializers import serialize

from bench import loading, search_run
from bench.report import Row, render_markdown
from bench.run import with_primary_keys
from bench.serving import parse_wrk
from plenums.ingest.fixtures import dumps
from plenums.models import Appearance, Committee, Document, PhraseOccurrence, Session
from tests.support.records import make_record

# wrk pads some latencies with a trailing space.
WRK_OUTPUT = """Running 20s test @ http://127.0.0.1:8000/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.50ms    3.10ms  80.00ms   90.00%
    Req/Sec     1.28k   100.00     1.50k    70.00%
  Latency Distribution
     50%  850.00us
     75%   12.00ms
     90%    1.02s\x20
     99%    1.50s\x20
  51200 requests in 20.00s, 700.00MB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   2560.25
Transfer/sec:     35.00MB
"""


def test_wrk_report_is_read_in_milliseconds_whatever_the_unit():
    result = parse_wrk(WRK_OUTPUT)
    assert result["rps"] == 2560.25
    assert result["p50_ms"] == pytest.approx(0.85)
    assert result["p99_ms"] == pytest.approx(1500.0)
    assert result["non_2xx"] == 7 and "timeout 3" in result["socket_errors"]
    # 51,200 answers in 20 s, 7 of them refused.
    assert result["ok_rps"] == pytest.approx(51193 / 20) and result["non_2xx_rps"] == 7 / 20


def test_ratios_and_targets_read_the_right_way_round():
    fast = Row("session req/s", 600, "req/s", "static", 1000, higher_is_better=True, target=0.5)
    slow = Row("session req/s", 400, "req/s", "static", 1000, higher_is_better=True, target=0.5)
    assert fast.ratio == 0.6 and fast.met is True and slow.met is False
    p95 = Row("search p95", 60, "ms", "fts5", 25, target=3.0, absolute_target=50)
    assert p95.ratio == 2.4 and p95.met is False  # within 3× of FTS5, but over 50 ms
    missing = Row("search p95", None, note="MISSING: no bench_search command")
    assert missing.ratio is None and missing.met is None
    table = render_markdown([fast, slow, p95, missing], sessions=10, elapsed=1.0)
    assert "| 0.60 | ≥ 0.5× | yes |" in table and "| 2.40 | ≤ 3× and ≤ 50 ms | **no** |" in table
    assert "MISSING: no bench_search command" in table


def _snapshot():
    def rows(model):
        text = serialize(
            "json",
            model.objects.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        return json.loads(text)

    return [rows(m) for m in (Committee, Session, Appearance, Document, PhraseOccurrence)]


@pytest.mark.django_db(transaction=True)
def test_numbered_fixture_loads_exactly_what_the_natural_key_fixture_loads(tmp_path):
    records = [make_record(), make_record(plenum=10), make_record(region="淳安县", parent="杭州市")]
    natural = tmp_path / "natural.json"
    natural.write_text(dumps(records), encoding="utf-8")
    call_command("loaddata", str(natural), verbosity=0)
    expected = _snapshot()
    assert Session.objects.count() == 3 and Appearance.objects.count() == 6
    call_command("flush", interactive=False, verbosity=0)

    numbered = tmp_path / "numbered.json"
    with_primary_keys(natural, numbered)
    assert all("pk" in obj for obj in json.loads(numbered.read_text(encoding="utf-8")))
    call_command("loaddata", str(numbered), verbosity=0)
    assert _snapshot() == expected


@pytest.mark.django_db(transaction=True)
def test_bulk_load_leaves_exactly_the_rows_loaddata_leaves(tmp_path):
    records = [make_record(), make_record(plenum=10), make_record(region="淳安县", parent="杭州市")]
    natural, numbered = tmp_path / "natural.json", tmp_path / "numbered.json"
    natural.write_text(dumps(records), encoding="utf-8")
    with_primary_keys(natural, numbered)
    loading.loaddata(numbered)
    expected, digests = _snapshot(), loading.fingerprint()
    loading.empty_archive()
    assert Session.objects.count() == 0 and Committee.objects.count() == 0
    loading.bulk_load(numbered, batch=2)  # batches smaller than a table: several per model
    assert _snapshot() == expected and loading.fingerprint() == digests
    assert Appearance.objects.count() == 6


def test_search_bench_prints_every_figure(tmp_path):
    lines = []
    argv = ["--sessions", "20", "--queries", "5", "--workdir", str(tmp_path)]
    assert search_run.main(argv, out=lines.append) == 0
    text = "\n".join(lines)
    for label in ("build", "archive search", "raw whoosh", "sqlite fts5", "ratio"):
        assert label in text, text
    assert re.search(r"p50\s+[\d.]+ ms", text) and re.search(r"p95\s+[\d.]+ ms", text)
