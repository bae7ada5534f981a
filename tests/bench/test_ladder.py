"""The size ladder's table and plot, rendered from saved per-size results (no bench is run)."""

import json
import math
import xml.etree.ElementTree as ET

import pytest

from bench import ladder

SVG = "{http://www.w3.org/2000/svg}"


def _result(sessions: int, p95: float, fts95: float, rebuild: float, rss: float) -> dict:
    def row(figure, value, unit, limit="", limit_value=None, target="", met=None):
        ratio = value / limit_value if limit_value else None
        return {
            "figure": figure,
            "value": value,
            "unit": unit,
            "limit": limit,
            "limit_value": limit_value,
            "ratio": ratio,
            "target": target,
            "met": met,
            "note": "",
        }

    return {
        "sessions": sessions,
        "elapsed_s": 100.0,
        "phases_s": {"ingest": 10.0, "serve": 60.0},
        "load": "both",
        "host": "test",
        "cores": 2,
        "finished": "2026-01-01",
        "rows": [
            row("index: rebuild_index", rebuild, "s", "raw Whoosh writer", rebuild / 1.1),
            row("load: bulk_create", rebuild / 10, "s", "rebuild_index, same run", rebuild),
            row("search p95", p95, "ms", "SQLite FTS5 trigram p95", fts95, "≤ 2×", True),
            row("search p95 against tantivy", p95, "ms", "tantivy p95", p95 / 4),
            row(
                "worker RSS after the load (largest)",
                rss,
                "MB",
                "budget",
                150.0,
                "≤ 1×",
                rss <= 150,
            ),
        ],
    }


@pytest.fixture
def saved(tmp_path):
    directory = tmp_path / "ladder"
    directory.mkdir()
    # 10× the sessions: search p95 ×10 (linear), rebuild ×100 (k = 2), RSS over budget at 10,000.
    for result in (_result(1000, 2.0, 4.0, 5.0, 120.0), _result(10000, 20.0, 40.0, 500.0, 180.0)):
        path = ladder.result_path(result["sessions"], directory)
        path.write_text(json.dumps(result), encoding="utf-8")
    return directory


def test_table_has_a_column_per_size_with_ratios_and_growth(saved):
    table = ladder.render_table(ladder.load_results(saved))
    lines = table.splitlines()
    header = next(line for line in lines if line.startswith("| figure"))
    assert "| 1,000 | 10,000 |" in header and "1,000→10,000" in header
    p95 = next(line for line in lines if line.startswith("| search p95 |"))
    # value · ratio (reference), then the growth exponent: ×10 for ×10 sessions is k = 1.
    assert "| 2.00 ms · 0.50× (4.00) |" in p95 and "| 20.0 ms · 0.50× (40.0) |" in p95
    assert p95.endswith("| 1.00 |") and "(target ≤ 2×)" in p95
    rebuild = next(line for line in lines if line.startswith("| index: rebuild_index |"))
    assert rebuild.endswith("| 2.00 |")
    rss = next(line for line in lines if line.startswith("| worker RSS"))
    assert "120 MB · 0.80× (150) |" in rss and "180 MB · 1.20× (150) **✗** |" in rss
    assert "- 10,000 sessions: 2026-01-01 on test (2 cores)" in table


def test_a_figure_missing_at_one_size_shows_a_dash(saved):
    results = ladder.load_results(saved)
    results[1000]["rows"] = [r for r in results[1000]["rows"] if r["figure"] != "search p95"]
    p95 = next(
        line
        for line in ladder.render_table(results).splitlines()
        if line.startswith("| search p95 |")
    )
    assert "| — | 20.0 ms" in p95 and p95.endswith("| — |")


def test_plot_is_valid_svg_log_scaled_in_sessions(saved):
    results = ladder.load_results(saved)
    results[100000] = _result(100000, 200.0, 400.0, 50000.0, 200.0)
    root = ET.fromstring(ladder.render_svg(results))
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    series = {p.get("data-series"): p for p in root.iter(f"{SVG}polyline")}
    assert {"archive", "SQLite FTS5", "tantivy", "rebuild_index", "raw writer"} <= set(series)
    points = [tuple(map(float, p.split(","))) for p in series["archive"].get("points").split()]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    # 1,000, 10,000, 100,000 are equally spaced on a log axis; the p95 rises (y falls on screen)
    # by equal steps too, ×10 each time on a log axis.
    assert len(points) == 3 and math.isclose(xs[1] - xs[0], xs[2] - xs[1], rel_tol=1e-3)
    assert ys[0] > ys[1] > ys[2] and math.isclose(ys[0] - ys[1], ys[1] - ys[2], rel_tol=1e-2)
    rebuild = [
        tuple(map(float, p.split(","))) for p in series["rebuild_index"].get("points").split()
    ]
    # Rebuild grows ×100 per step, twice the rise of the p95 on the same decade spacing.
    p95_rise, rebuild_rise = ys[0] - ys[1], rebuild[0][1] - rebuild[1][1]
    assert rebuild_rise > p95_rise


def test_render_writes_both_files_and_the_readme_block(saved, tmp_path):
    table, plot = ladder.render(saved, tmp_path / "out")
    assert "| search p95 |" in table.read_text(encoding="utf-8")
    ET.fromstring(plot.read_text(encoding="utf-8"))
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{ladder.BEGIN}\nold table\n{ladder.END}\nafter\n", encoding="utf-8")
    ladder.into_readme(table, plot, readme, tmp_path / "bench" / "ladder.svg")
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text and text.startswith("before\n") and text.endswith("after\n")
    assert "| search p95 |" in text and "![make bench at each size](bench/ladder.svg)" in text
    assert (tmp_path / "bench" / "ladder.svg").read_bytes() == plot.read_bytes()
