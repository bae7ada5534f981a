"""Key phrases: quoted set phrases, their counts and first sentences."""

import re

from plenums.chinese import to_simplified

from ..phrase_counts import sentence_at
from ..records import KeyPhrase
from .common import HAN

_QUOTED_RE = re.compile(
    r"“([^“”\n]{2,12})”|「([^「」\n]{2,12})」|『([^『』\n]{2,12})』|\"([^\"\n]{2,12})\""
    r"|‘([^‘’\n]{2,12})’"
)
_NOT_A_SET_PHRASE_RE = re.compile(r"[,。;:!?，。；：！？…]")
_HAN_RE = re.compile(rf"[{HAN}]")
_HAN_OR_DIGIT_RE = re.compile(rf"[{HAN}0-9]")


def find_key_phrases(folded: str, cleaned: str) -> list[KeyPhrase]:
    """Quoted set phrases (“十四五”, 「兩個確立」), counted wherever they occur in the text: the
    phrases this article proposes for the lexicon (see ``plenums.ingest.phrase_counts``)."""
    first: dict[str, tuple[str, int]] = {}  # folded phrase → (printed in Simplified, offset)
    for m in _QUOTED_RE.finditer(folded):
        group = next(i for i, g in enumerate(m.groups(), 1) if g is not None)
        key = m.group(group).strip()
        if (
            len(key) < 2
            or _NOT_A_SET_PHRASE_RE.search(key)
            or not _HAN_OR_DIGIT_RE.search(key)
            or key in first
        ):
            continue
        # Folding lower-cases ASCII; the phrase keeps its printed letters (“5G”).
        printed = to_simplified(cleaned[m.start(group) : m.end(group)]).strip()
        first[key] = (printed, m.start())
    phrases = [
        KeyPhrase(printed, folded.count(key), sentence_at(cleaned, offset))
        for key, (printed, offset) in first.items()
    ]
    return sorted(phrases, key=lambda k: (-k.count, k.phrase))
