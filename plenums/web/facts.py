"""A session's facts linked to the sentence each was read from, and that span marked (?fact=)."""

from bisect import bisect_right
from urllib.parse import urlencode

from django.utils.safestring import mark_safe

from plenums.web.html_text import escaped

PARAMETER = "fact"
# The mark a fact's span gets: the one a search's hits get (search.page.marks), so a reader sees
# one kind of "this is what you asked for".
MARK = '<mark class="hit">'


def session_spans(session, appearances, documents) -> dict[str, dict]:
    """Every fact of a session that has a span, by its key: ``committee``, ``numbering``,
    ``date``, ``members``, ``alternates``, ``speaker-N``, ``role-N-M`` and ``document-N``
    (N, M counted from 1 in the page's order). ``appearances`` are rows whose ``evidence``
    and ``role_evidence`` are at [4] and [5], ``documents`` rows with ``evidence`` at [2]."""
    counts = session.attendance_evidence or {}
    spans = {
        "committee": session.committee_evidence,
        "numbering": session.numbering_evidence,
        "date": session.date_evidence,
        "members": counts.get("members"),
        "alternates": counts.get("alternates"),
    }
    for i, row in enumerate(appearances, 1):
        spans[f"speaker-{i}"] = row[4]
        for j, span in enumerate(row[5] or [], 1):
            spans[f"role-{i}-{j}"] = span
    for i, row in enumerate(documents, 1):
        spans[f"document-{i}"] = row[2]
    return {key: span for key, span in spans.items() if valid(span)}


def valid(span) -> bool:
    """Whether ``span`` is a stored span ({"offset", "length"}), not null or damaged."""
    return (
        isinstance(span, dict)
        and isinstance(span.get("offset"), int)
        and isinstance(span.get("length"), int)
        and span["offset"] >= 0
        and span["length"] > 0
    )


class FactLinks:
    """The address of each fact's sentence on a session page: ``path?fact=key#pN``, N the
    paragraph (``plenums.web.paragraphs``) holding the start of its span; '' for a fact without one
    (supplied by staff, or a span outside every paragraph)."""

    def __init__(self, path: str, paragraphs: list[dict], spans: dict[str, dict]):
        self.path = path
        self.spans = spans
        self._starts = [p["start"] for p in paragraphs]
        self._paragraphs = paragraphs

    def paragraph(self, key: str) -> int | None:
        span = self.spans.get(key)
        if span is None:
            return None
        at = bisect_right(self._starts, span["offset"]) - 1
        if at < 0 or span["offset"] >= self._paragraphs[at]["end"]:
            return None
        return self._paragraphs[at]["n"]

    def href(self, key: str) -> str:
        n = self.paragraph(key)
        if n is None:
            return ""
        return f"{self.path}?{urlencode({PARAMETER: key})}#p{n}"


def mark(paragraphs: list[dict], span: dict) -> list[dict]:
    """The paragraphs with the text of ``span`` (offsets into the cleaned text) wrapped in
    ``MARK``, inside whatever warning flag it falls in: a segment it touches is split, and the
    part inside becomes escaped HTML, marked safe."""
    begin, end = span["offset"], span["offset"] + span["length"]
    for p in paragraphs:
        if p["end"] <= begin or p["start"] >= end:
            continue
        segments, at = [], p["start"]
        for text, kind in p["segments"]:
            s, e = max(begin - at, 0), min(end - at, len(text))
            if s < e:
                before, inside, after = text[:s], text[s:e], text[e:]
                if before:
                    segments.append((before, kind))
                segments.append((mark_safe(f"{MARK}{escaped(inside)}</mark>"), kind))
                if after:
                    segments.append((after, kind))
            else:
                segments.append((text, kind))
            at += len(text)
        p["segments"] = segments
    return paragraphs


def review_segments(paragraph: dict, facts: list[tuple[str, dict, bool]]) -> list:
    """A paragraph of the staff's review page as (text, labels, doubted) runs: ``facts`` are
    (label, span, doubted), and a run lies wholly inside the same facts' spans (``labels``
    empty: inside none; ``doubted``: one of them is doubted)."""
    start, text = paragraph["start"], paragraph["text"]
    inside = []
    for label, span, doubted in facts:
        s = max(span["offset"] - start, 0)
        e = min(span["offset"] + span["length"] - start, len(text))
        if s < e:
            inside.append((s, e, label, doubted))
    cuts = sorted({0, len(text), *(s for s, *_ in inside), *(e for _, e, *_ in inside)})
    runs = []
    for s, e in zip(cuts, cuts[1:], strict=False):
        covering = [f for f in inside if f[0] <= s and e <= f[1]]
        labels = list(dict.fromkeys(f[2] for f in covering))
        runs.append((text[s:e], labels, any(f[3] for f in covering)))
    return runs
