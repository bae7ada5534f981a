"""The bench's own instruments: peak memory of a process tree, and results kept when a run stops."""

import argparse
import json
import subprocess
import sys

from bench.report import Row
from bench.run import PeakMemory, write_results

ALLOCATE = "import sys, time; b = bytearray({mb} << 20); b[::4096] = b'x' * len(b[::4096]); {tail}"


def test_peak_memory_counts_a_process_and_its_children():
    # A parent holding 40 MB starts a child holding 60 MB: the peak is their sum, not either.
    child = ALLOCATE.format(mb=60, tail="time.sleep(1.5)")
    parent = ALLOCATE.format(
        mb=40, tail=f"import subprocess; subprocess.run([sys.executable, '-c', {child!r}])"
    )
    process = subprocess.Popen([sys.executable, "-c", parent])
    with PeakMemory(process.pid) as peak:
        process.wait()
    assert 100 <= peak.mb < 200


def test_results_of_finished_phases_are_written_when_a_run_stops(tmp_path):
    args = argparse.Namespace(sessions=10, load="bulk", output=tmp_path / "latest")
    rows = [Row("search p50", 5.0, "ms", "SQLite FTS5 trigram p50", 10.0, target=2.0)]
    write_results(args, rows, {"ingest": 1.0, "search": 2.0}, 3.0, (0, 0, 0), "after search: boom")
    data = json.loads((tmp_path / "latest.json").read_text())
    assert data["stopped_early"] == "after search: boom"
    assert [r["figure"] for r in data["rows"]] == ["search p50"]
    assert "**Stopped early:** after search: boom" in (tmp_path / "latest.md").read_text()
