"""Snippets with marked hits: find folded query runs in the folded text, mark the original text."""

import html
import re

from plenums.chinese import fold

SNIPPET_CHARS = 120
# Enough spans to place the window well; a page of hits never needs more.
MAX_SPANS = 200


def _spans(folded: str, runs: list[str]) -> list[tuple[int, int]]:
    if not runs:
        return []
    # Longest first, so "新质生产力" wins over its own "生产" at the same offset.
    pattern = re.compile("|".join(re.escape(r) for r in sorted(runs, key=len, reverse=True)))
    spans = []
    for match in pattern.finditer(folded):
        spans.append(match.span())
        if len(spans) >= MAX_SPANS:
            break
    return spans


def snippet(text: str, runs: list[str], width: int = SNIPPET_CHARS) -> str:
    """An HTML-escaped excerpt of ``text`` of about ``width`` characters around the densest
    cluster of hits, each hit wrapped in ``<mark>``.

    ``runs`` are folded (see ``plenums.chinese.fold``); because folding keeps the length, an
    offset in the folded text is the same offset in the original, whatever its script.
    """
    text = text or ""
    spans = _spans(fold(text), [r for r in runs if r])
    if not spans:
        excerpt = text[:width].strip()
        return html.escape(excerpt) + ("…" if len(text) > width else "")
    # Start a little before the hit that has the most other hits within one window after it.
    best = max(spans, key=lambda s: sum(1 for o in spans if s[0] <= o[0] < s[0] + width))
    start = max(0, best[0] - width // 4)
    end = min(len(text), start + width)
    parts = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end or s < cursor:
            continue
        e = min(e, end)
        parts.append(html.escape(text[cursor:s]))
        parts.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        cursor = e
    parts.append(html.escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts).replace("\n", " ")
