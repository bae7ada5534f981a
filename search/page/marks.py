"""Where a search's hits are in a session: the link to the first one's paragraph, and the
query's matches marked on the session page opened with ``?hl=…`` (in either script)."""

import re
from urllib.parse import urlencode

from django.utils.safestring import mark_safe

from plenums.chinese import fold
from plenums.web.paragraphs import paragraph_at
from search.analysis import WORD_RUN_RE
from search.backend.highlight import first_hit, mark_matches
from search.page.forms import MAX_PIECES, MAX_QUERY_CHARS, split_query, strip_controls

PARAMETER = "hl"
# What may stand between the word runs of one piece ("全面 深化改革" finds 全面、深化改革): a few
# punctuation marks or spaces, never a line break, which ends a paragraph.
SEPARATOR_CHARS = 4
_SEPARATOR = rf"(?:[^\w\n]|_){{0,{SEPARATOR_CHARS}}}"


def clean_query(query: str) -> str:
    """The query as the search reads it: control characters dropped, spaces collapsed, cut to
    ``MAX_QUERY_CHARS``."""
    return " ".join(strip_controls(query or "").split())[:MAX_QUERY_CHARS]


def query_pattern(query: str):
    """A regular expression for the folded text the search looks for — each piece of the query
    (as the search splits it), its word runs in order with separators allowed between them,
    longest first — and the longest text it can match; (None, 0) when there is nothing to find."""
    pieces = []
    for piece in split_query(clean_query(query))[:MAX_PIECES]:
        runs = WORD_RUN_RE.findall(fold(piece))
        if runs:
            longest = sum(map(len, runs)) + SEPARATOR_CHARS * (len(runs) - 1)
            pieces.append((longest, _SEPARATOR.join(map(re.escape, runs))))
    if not pieces:
        return None, 0
    pieces.sort(key=lambda p: -p[0])
    return re.compile("|".join(p for _, p in pieces)), pieces[0][0]


def hit_url(session_url: str, query: str, text: str) -> str:
    """``session_url?hl=query#pN``: the session page with the query marked, opened at the
    paragraph of ``text`` (the session's cleaned text) holding the first hit."""
    pattern, longest = query_pattern(query)
    if pattern is None:
        return session_url
    url = f"{session_url}?{urlencode({PARAMETER: query})}"
    at = first_hit(text or "", pattern, longest)
    number = paragraph_at(text, at) if at is not None else None
    return f"{url}#p{number}" if number else url


class QueryMarks:
    """The matches of a query in a session's paragraphs, each wrapped in ``<mark class="hit">``.

    A paragraph's text is the stored text in its own script; both it and the query are folded
    (length-preserving), so 经济 marks 經濟, and the page's script conversion keeps the marks.
    """

    def __init__(self, query: str):
        self.query = clean_query(query)
        self.pattern, _ = query_pattern(self.query)
        self.count = 0

    def __bool__(self) -> bool:
        return self.pattern is not None

    def apply(self, paragraphs: list[dict]) -> list[dict]:
        """The paragraphs (``plenums.web.paragraphs``) with their segments' matches marked: a
        segment holding one becomes escaped HTML, any other is left as it is."""
        if self.pattern is None:
            return paragraphs
        for paragraph in paragraphs:
            segments = paragraph["segments"]
            paragraph["segments"] = [(self._mark(text), kind) for text, kind in segments]
        return paragraphs

    def _mark(self, text: str):
        marked, count = mark_matches(text, self.pattern, mark='<mark class="hit">')
        if not count:
            return text
        self.count += count
        return mark_safe(marked)
