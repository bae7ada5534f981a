"""Find a fact's span again in the cleaned text, after staff change the fact or the text."""

from plenums.chinese import fold

from .records import Span


def find(text: str, printed: str, near: int = 0) -> Span | None:
    """The span of ``printed`` in ``text`` (both folded, so either script matches), the
    occurrence nearest ``near``; None when the text does not print it."""
    if not printed:
        return None
    folded, wanted = fold(text), fold(printed)
    best = None
    at = folded.find(wanted)
    while at >= 0:
        if best is None or abs(at - near) < abs(best - near):
            best = at
        at = folded.find(wanted, at + 1)
    # Folding keeps every character's place, so a span of the folded text is one of the text.
    return Span(best, len(wanted)) if best is not None else None


def moved(old_text: str, new_text: str, span: Span | None) -> Span | None:
    """Where the passage a span marked in ``old_text`` stands in ``new_text``, the occurrence
    nearest its old place; None when the edit removed it."""
    if span is None or old_text == new_text:
        return span
    return find(new_text, old_text[span.offset : span.end], span.offset)
