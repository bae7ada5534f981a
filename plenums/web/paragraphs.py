"""A session's cleaned text as numbered paragraphs, each warning's excerpt marked in place."""

from plenums import chinese


def paragraphs(text: str, warnings: list[dict]) -> list[dict]:
    """Split the cleaned text into numbered paragraphs, attaching warnings by character offset."""
    paragraphs = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        # Every paragraph has its list of warnings, empty or not: a key the template misses is
        # an exception raised and caught per paragraph.
        paragraphs.append(
            {"n": len(paragraphs) + 1, "text": line, "start": start, "end": end, "warnings": []}
        )
    for warning in warnings:
        for p in paragraphs:
            if p["start"] <= warning.get("offset", -1) <= p["end"]:
                p["warnings"].append(warning)
                warning["paragraph"] = p["n"]
                break
    for p in paragraphs:
        p["segments"] = _marked_segments(p)
    return paragraphs


def _marked_segments(paragraph) -> list[tuple[str, str]]:
    """The paragraph as (text, warning kind or '') runs, marking each warning's excerpt."""
    text, start = paragraph["text"], paragraph["start"]
    spans = []
    for w in paragraph["warnings"]:
        at = w["offset"] - start
        excerpt = w.get("excerpt", "")
        # Excerpts may be quoted in the other script: compare folded (length-preserving) text.
        if excerpt and chinese.fold(text[at : at + len(excerpt)]) == chinese.fold(excerpt):
            spans.append((at, at + len(excerpt), w.get("kind", "")))
    segments, cursor = [], 0
    for begin, end, kind in sorted(spans):
        if begin < cursor:
            continue  # overlapping warnings: the first one marks the span
        segments += [(text[cursor:begin], ""), (text[begin:end], kind)]
        cursor = end
    segments.append((text[cursor:], ""))
    return [seg for seg in segments if seg[0]]


def paragraph_at(text: str, offset: int) -> int | None:
    """The number ``paragraphs`` gives the paragraph holding ``offset`` (None on a blank line)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if not text[start : len(text) if end < 0 else end].strip():
        return None
    return 1 + sum(1 for line in text[:start].split("\n") if line.strip())
