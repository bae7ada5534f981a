"""`make bench-ladder`: one `make bench` per corpus size, merged into one table and one SVG plot.

Each size runs `bench/run.py` in a process of its own (its own scratch directory, so a long run
can go on beside a short one) and saves its figures as ``var/bench/ladder/sessions-N.json``. The
table and plot are rendered from every saved size, so a size run later (100,000 sessions take
an hour or more) joins the others with ``--render``, without running anything again.
"""

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "var" / "bench"
RESULTS = OUT_DIR / "ladder"
README = REPO / "README.md"
# The plot the README shows: var/ is never committed, so --readme copies it here.
README_PLOT = REPO / "bench" / "ladder.svg"
BEGIN, END = "<!-- ladder:begin -->", "<!-- ladder:end -->"

# The plot's two panels: (title, unit, [(figure, which value, series label, dash pattern)]).
PANELS = (
    (
        "search p95",
        "ms",
        [
            ("search p95", "value", "archive", ""),
            ("search p95", "limit_value", "SQLite FTS5", "6 4"),
            ("search p95 against tantivy", "limit_value", "tantivy", "2 3"),
        ],
    ),
    (
        "rebuild time",
        "s",
        [
            ("index: rebuild_index", "value", "rebuild_index", ""),
            ("index: rebuild_index", "limit_value", "raw writer", "6 4"),
            ("load: bulk_create", "value", "bulk load", "2 3"),
        ],
    ),
)


def result_path(sessions: int, directory: Path = RESULTS) -> Path:
    return directory / f"sessions-{sessions}.json"


def load_results(directory: Path = RESULTS) -> dict[int, dict]:
    """Every saved size's bench result, by number of sessions."""
    found = {}
    for path in sorted(directory.glob("sessions-*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        found[int(result["sessions"])] = result
    return dict(sorted(found.items()))


def _rows(result: dict) -> dict[str, dict]:
    rows = {row["figure"]: row for row in result["rows"]}
    rows["run: the whole bench"] = {"figure": "run: the whole bench", "value": result["elapsed_s"]}
    rows["run: the whole bench"]["unit"] = "s"
    return rows


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _cell(row: dict | None) -> str:
    if row is None or row.get("value") is None:
        return "—"
    text = f"{_number(row['value'])} {row.get('unit') or ''}".rstrip()
    if row.get("ratio") is not None:
        text += f" · {row['ratio']:.2f}× ({_number(row['limit_value'])})"
    if row.get("met") is False:
        text += " **✗**"
    return text


def growth(sizes: list[int], values: list[float | None]) -> list[float | None]:
    """The exponent k of value ∝ sessions^k between each pair of neighbouring sizes: 1 is
    linear, 0 flat, above 1 faster than linear."""
    slopes = []
    pairs = list(zip(sizes, values, strict=True))
    for (n1, v1), (n2, v2) in zip(pairs, pairs[1:], strict=False):
        if not v1 or not v2 or v1 <= 0 or v2 <= 0:
            slopes.append(None)
        else:
            slopes.append(math.log(v2 / v1) / math.log(n2 / n1))
    return slopes


def render_table(results: dict[int, dict]) -> str:
    """One markdown table: a row per figure, a column per size, and each step's growth."""
    sizes = list(results)
    per_size = {n: _rows(results[n]) for n in sizes}
    # Figures in the order of the largest run, then any only a smaller run has.
    order: list[str] = []
    for n in reversed(sizes):
        order += [f for f in per_size[n] if f not in order]
    steps = [f"{a:,}→{b:,}" for a, b in zip(sizes, sizes[1:], strict=False)]
    header = ["figure", "reference (same run)", *(f"{n:,}" for n in sizes)]
    if steps:
        header.append("growth k, value ∝ N^k (" + ", ".join(steps) + ")")
    lines = ["| " + " | ".join(header) + " |", "|---|---|" + "---:|" * (len(header) - 2)]
    for figure in order:
        cells = [per_size[n].get(figure) for n in sizes]
        reference = next((c.get("limit") for c in cells if c and c.get("limit")), "")
        target = next((c.get("target") for c in cells if c and c.get("target")), "")
        if target:
            reference = f"{reference} (target {target})" if reference else f"target {target}"
        line = [figure, reference, *(_cell(c) for c in cells)]
        if steps:
            values = [c.get("value") if c else None for c in cells]
            line.append(", ".join("—" if k is None else f"{k:.2f}" for k in growth(sizes, values)))
        lines.append("| " + " | ".join(line) + " |")
    notes = []
    for n in sizes:
        result = results[n]
        rows = per_size[n]
        phases = ", ".join(f"{k} {v:.0f} s" for k, v in result.get("phases_s", {}).items())
        loads = "; ".join(
            f"{rows[f]['figure']}: {rows[f]['note']}" for f in rows if f.startswith("load:")
        )
        busy = result.get("load_average")
        busy = (
            f"; load average {busy['before'][0]:.1f} before, {busy['after'][0]:.1f} after"
            if busy
            else ""
        )
        notes.append(
            f"- {n:,} sessions: {result.get('finished', '')} on {result.get('host', '?')} "
            f"({result.get('cores', '?')} cores{busy}), {result['elapsed_s']:.0f} s ({phases}); "
            f"loaded with --load {result.get('load', 'loaddata')}. {loads}"
        )
    legend = (
        "Each cell: the figure · its ratio to the reference measured in the same run (the "
        "reference's own value in brackets); **✗** marks a missed target."
    )
    return "\n".join([legend, "", *lines, "", *notes]) + "\n"


def _log_scale(lo: float, hi: float, start: float, end: float):
    if hi <= lo:
        lo, hi = lo / math.sqrt(10), hi * math.sqrt(10)
    span = math.log10(hi) - math.log10(lo)
    return lambda v: start + (math.log10(v) - math.log10(lo)) / span * (end - start), lo, hi


def _ticks(lo: float, hi: float, steps=(1,)) -> list[float]:
    ticks = []
    for power in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1):
        ticks += [m * 10**power for m in steps if lo <= m * 10**power <= hi]
    return ticks


def _label(value: float) -> str:
    if value >= 1000 and value % 1000 == 0:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def render_svg(results: dict[int, dict]) -> str:
    """Search p95 and rebuild time against sessions, each panel log-scaled on both axes, with
    the same-run references and a grey line of linear growth from the smallest size."""
    # Two panels side by side, with room on the right of each for its series' names.
    width, height, pad_left, pad_top, pad_bottom, panel_w, gap = 700, 250, 50, 30, 40, 220, 120
    sizes = list(results)
    rows = {n: _rows(results[n]) for n in sizes}
    x, _, _ = _log_scale(min(sizes), max(sizes), 0, panel_w)
    parts = []
    for index, (title, unit, series) in enumerate(PANELS):
        left = pad_left + index * (panel_w + gap)
        lines = []
        for figure, key, label, dash in series:
            points = [
                (n, rows[n][figure][key])
                for n in sizes
                if figure in rows[n] and rows[n][figure].get(key)
            ]
            if points:
                lines.append((label, dash, points))
        values = [v for _, _, points in lines for _, v in points]
        if lines and len(lines[0][2]) > 1:
            n0, v0 = lines[0][2][0]
            values.append(v0 * max(sizes) / n0)
        bottom = height - pad_bottom
        parts.append(
            f'<text x="{left}" y="{pad_top - 12}" font-weight="bold">{escape(title)} '
            f"({unit})</text>"
        )
        parts.append(
            f'<path d="M{left},{pad_top}V{bottom}H{left + panel_w}" fill="none" stroke="#000"/>'
        )
        for n in sizes:
            tx = left + x(n)
            parts.append(f'<path d="M{tx:.1f},{bottom}v4" stroke="#000"/>')
            parts.append(
                f'<text x="{tx:.1f}" y="{bottom + 16}" text-anchor="middle">{_label(n)}</text>'
            )
        parts.append(
            f'<text x="{left + panel_w / 2}" y="{bottom + 32}" text-anchor="middle">sessions</text>'
        )
        if not values:
            continue
        y, lo, hi = _log_scale(min(values) / 1.2, max(values) * 1.2, bottom, pad_top)
        for v in _ticks(lo, hi, steps=(1, 2, 5)):
            ty = y(v)
            parts.append(f'<path d="M{left - 4},{ty:.1f}h{panel_w + 4}" stroke="#ddd"/>')
            parts.append(
                f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{_label(v)}</text>'
            )
        if len(lines[0][2]) > 1:
            n0, v0 = lines[0][2][0]
            parts.append(
                f'<path d="M{left + x(n0):.1f},{y(v0):.1f}L{left + x(max(sizes)):.1f},'
                f'{y(v0 * max(sizes) / n0):.1f}" stroke="#aaa" stroke-width="4" opacity="0.5">'
                "<title>linear growth from the smallest size</title></path>"
            )
        for label, dash, points in lines:
            coords = " ".join(f"{left + x(n):.1f},{y(v):.1f}" for n, v in points)
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline data-series="{escape(label)}" points="{coords}" fill="none" '
                f'stroke="#000" stroke-width="1.5"{dashes}/>'
            )
            for n, v in points:
                parts.append(
                    f'<circle cx="{left + x(n):.1f}" cy="{y(v):.1f}" r="2.5">'
                    f"<title>{escape(label)}: {_number(v)} {unit} at {n:,} sessions</title>"
                    "</circle>"
                )
        # Each series is named at its last point; names closer than a line apart are pushed
        # down so that none overlaps another.
        ends = sorted(
            (y(points[-1][1]) + 4, left + x(points[-1][0]) + 5, label) for label, _, points in lines
        )
        floor = -math.inf
        for ty, tx, label in ends:
            floor = max(ty, floor + 12)
            parts.append(f'<text x="{tx:.1f}" y="{floor:.1f}">{escape(label)}</text>')
    described = ", ".join(f"{n:,}" for n in sizes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="sans-serif" font-size="11" '
        'role="img" aria-labelledby="ladder-title ladder-desc">'
        '<title id="ladder-title">make bench at each size: search p95 and rebuild time</title>'
        f'<desc id="ladder-desc">Both axes logarithmic; sizes {described} sessions. Solid: the '
        "archive; dashed and dotted: references from the same run; thick grey: linear growth "
        'from the smallest size.</desc><rect width="100%" height="100%" fill="#fff"/>'
        + "".join(parts)
        + "</svg>\n"
    )


def render(directory: Path = RESULTS, out_dir: Path = OUT_DIR) -> tuple[Path, Path]:
    """Write ladder.md and ladder.svg from every saved size; return their paths."""
    results = load_results(directory)
    if not results:
        raise SystemExit(f"bench-ladder: no saved results in {directory}")
    out_dir.mkdir(parents=True, exist_ok=True)
    table, plot = out_dir / "ladder.md", out_dir / "ladder.svg"
    table.write_text(render_table(results), encoding="utf-8")
    plot.write_text(render_svg(results), encoding="utf-8")
    return table, plot


def into_readme(table: Path, plot: Path, readme: Path = README, copy: Path = README_PLOT) -> None:
    """Replace the README's ladder block with the table, and its plot with the new one."""
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"bench-ladder: {readme} has no {BEGIN} … {END} block")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    figure = f"![make bench at each size]({copy.relative_to(readme.parent).as_posix()})"
    block = f"{BEGIN}\n{table.read_text(encoding='utf-8')}\n{figure}\n{END}"
    readme.write_text(head + block + tail, encoding="utf-8")
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(plot.read_bytes())


def run_size(sessions: int, bench_args: list[str], directory: Path = RESULTS) -> int:
    """One bench at ``sessions``, its output in ladder-N.log beside ``directory`` (so
    var/bench/ladder-N.log); return its exit code."""
    directory.mkdir(parents=True, exist_ok=True)
    log = directory.parent / f"ladder-{sessions}.log"
    command = [
        sys.executable,
        str(REPO / "bench" / "run.py"),
        "--sessions",
        str(sessions),
        "--scratch",
        str(OUT_DIR / f"scratch-{sessions}"),
        "--output",
        str(result_path(sessions, directory).with_suffix("")),
        *bench_args,
    ]
    print(f"bench-ladder: {sessions:,} sessions, output in {log}", flush=True)
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.run(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT).returncode
    print(
        f"bench-ladder: {sessions:,} sessions done in {time.perf_counter() - started:.0f} s "
        f"(exit {code})",
        flush=True,
    )
    return code


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[],
        help="corpus sizes to run, one bench each; any other option goes to bench/run.py",
    )
    parser.add_argument(
        "--render", action="store_true", help="run nothing; render from the saved results"
    )
    parser.add_argument(
        "--readme",
        action="store_true",
        help=f"also put the table into README.md between {BEGIN} and {END}, and the plot "
        f"into {README_PLOT.relative_to(REPO)}",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=RESULTS,
        help="where each size's result is saved and read from (var/bench/ladder)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=OUT_DIR,
        help="where ladder.md and ladder.svg are written (var/bench)",
    )
    args, bench_args = parser.parse_known_args(argv)
    if not args.render and not args.sizes:
        parser.error("give --sizes N …, or --render to redraw from the saved results")
    if any(n < 1 for n in args.sizes):
        parser.error("every size needs at least one session")
    failed = 0
    if not args.render:
        for sessions in args.sizes:
            failed += run_size(sessions, bench_args, args.results) != 0
    table, plot = render(args.results, args.out_dir)
    print(f"bench-ladder: table in {table}, plot in {plot}")
    print(table.read_text(encoding="utf-8"))
    if args.readme:
        into_readme(table, plot)
        print(f"bench-ladder: README.md and {README_PLOT.relative_to(REPO)} updated")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
