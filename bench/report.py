"""One benchmark figure against its limit, and the table they make."""

import platform
from dataclasses import dataclass


@dataclass
class Row:
    figure: str
    value: float | None
    unit: str = ""
    limit: str = ""
    limit_value: float | None = None
    # Throughputs are better high (ratio ≥ target); times and sizes are better low (≤ target).
    higher_is_better: bool = False
    target: float | None = None
    absolute_target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.limit_value:
            return None
        return self.value / self.limit_value

    @property
    def met(self) -> bool | None:
        checks = []
        if self.target is not None and self.ratio is not None:
            checks.append(
                self.ratio >= self.target if self.higher_is_better else self.ratio <= self.target
            )
        if self.absolute_target is not None and self.value is not None:
            checks.append(
                self.value >= self.absolute_target
                if self.higher_is_better
                else self.value <= self.absolute_target
            )
        return all(checks) if checks else None

    def target_text(self) -> str:
        parts = []
        sign = "≥" if self.higher_is_better else "≤"
        if self.target is not None:
            parts.append(f"{sign} {self.target:g}×")
        if self.absolute_target is not None:
            parts.append(f"{sign} {self.absolute_target:g} {self.unit}")
        return " and ".join(parts)

    def as_json(self) -> dict:
        return {
            "figure": self.figure,
            "value": self.value,
            "unit": self.unit,
            "limit": self.limit,
            "limit_value": self.limit_value,
            "ratio": self.ratio,
            "target": self.target_text(),
            "met": self.met,
            "note": self.note,
        }


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def render_markdown(rows: list[Row], sessions: int, elapsed: float) -> str:
    lines = [
        f"## make bench — {sessions:,} synthetic sessions, {elapsed:.0f} s, "
        f"{platform.node()} ({platform.machine()}, Python {platform.python_version()})",
        "",
        "| figure | value | limit (same run) | limit value | ratio | target | met |",
        "|---|---:|---|---:|---:|---|:-:|",
    ]
    notes = []
    for row in rows:
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
        lines.append(
            f"| {row.figure} | {_number(row.value)} {row.unit} | {row.limit} | "
            f"{_number(row.limit_value)} | {ratio} | {row.target_text()} | {met} |"
        )
        if row.note:
            notes.append(f"- {row.figure}: {row.note}")
    return "\n".join(lines + [""] + notes) + "\n"
