"""Damage in the text: mojibake runs a reader should be warned of."""

import re

from ..records import Warning
from .phrases import _HAN_RE

_MOJIBAKE_TOKEN_RE = re.compile(
    r"[?\ufffd]|[a-zü\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]*[\u00c0-\u00d6\u00d8-\u00f6"
    r"\u00f8-\u024f][a-zü\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]*\)?|[a-z]{1,6}\)"
    r"|[\u0370-\u03ff\u0400-\u04ff€\u0080-\u009f¤¦¨¬¯´¸¿\u2500-\u257f\ue000-\uf8ff]"
    r"|锟斤拷|烫烫烫|屯屯屯"
)
_MOJIBAKE_GAP = 2
_URL_RE = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")


def find_mojibake(cleaned: str) -> list[Warning]:
    """Spans of characters lost in reposting (?, stray pinyin, σ€…), flagged, never deleted."""
    spans: list[list[int]] = []
    urls = [u.span() for u in _URL_RE.finditer(cleaned)]
    for m in _MOJIBAKE_TOKEN_RE.finditer(cleaned):
        if any(start <= m.start() < end for start, end in urls):
            continue  # a query string's ? is not a lost character
        if spans:
            gap = cleaned[spans[-1][1] : m.start()]
            if len(gap) <= _MOJIBAKE_GAP and all(_HAN_RE.match(c) for c in gap):
                spans[-1][1] = m.end()
                continue
        spans.append([m.start(), m.end()])
    return [Warning("mojibake", start, cleaned[start:end]) for start, end in spans]
