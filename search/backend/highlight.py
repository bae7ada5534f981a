"""Snippets with marked hits: find folded query runs in the folded text, mark the original text."""

import html
import re

from plenums.chinese import fold

SNIPPET_CHARS = 120
# Folding is per character in Python, so the text is folded a chunk at a time only as far as
# the first hit, not whole: a page of ten 3,000-character hits otherwise spends ~15 ms folding.
CHUNK_CHARS = 250


def first_hit(text: str, pattern, longest: int) -> int | None:
    """The offset of ``pattern``'s first match in folded ``text`` (None: no match); a match is
    at most ``longest`` characters long."""
    start = 0
    while start < len(text):
        # Overlap chunks by the longest run, so a hit across a chunk boundary is not missed.
        begin = max(0, start - longest + 1)
        match = pattern.search(fold(text[begin : start + CHUNK_CHARS]))
        if match:
            return begin + match.start()
        start += CHUNK_CHARS
    return None


def mark_matches(
    text: str, pattern, start: int = 0, end: int | None = None, mark: str = "<mark>"
) -> tuple[str, int]:
    """``text[start:end]`` HTML-escaped, every match of ``pattern`` in its folded form wrapped in
    ``mark``…``</mark>`` (folding keeps offsets, so the marks fall on the original text); and
    the number of matches."""
    end = len(text) if end is None else end
    parts, cursor, count = [], start, 0
    for match in pattern.finditer(fold(text[start:end])):
        s, e = start + match.start(), start + match.end()
        parts += [html.escape(text[cursor:s]), mark, html.escape(text[s:e]), "</mark>"]
        cursor, count = e, count + 1
    parts.append(html.escape(text[cursor:end]))
    return "".join(parts), count


def snippet(text: str, runs: list[str], width: int = SNIPPET_CHARS) -> str:
    """An HTML-escaped excerpt of ``text`` of about ``width`` characters from a little before
    its first hit, every hit in it wrapped in ``<mark>``.

    ``runs`` are folded (see ``plenums.chinese.fold``); because folding keeps the length, an
    offset in the folded text is the same offset in the original, whatever its script.
    """
    text = text or ""
    runs = sorted({r for r in runs if r}, key=len, reverse=True)
    # Longest first, so "新质生产力" wins over its own "生产" at the same offset.
    pattern = re.compile("|".join(re.escape(r) for r in runs)) if runs else None
    first = first_hit(text, pattern, len(runs[0])) if pattern else None
    if first is None:
        excerpt = text[:width].strip()
        return html.escape(excerpt) + ("…" if len(text) > width else "")
    start = max(0, first - width // 4)
    end = min(len(text), start + width)
    marked, _ = mark_matches(text, pattern, start, end)
    return (("…" if start > 0 else "") + marked + ("…" if end < len(text) else "")).replace(
        "\n", " "
    )
