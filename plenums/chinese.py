"""Chinese-text helpers for ingest, search and display: script conversion, folding, numerals."""

import re
import unicodedata

import cn2an
import opencc
import rjieba

# Converters are expensive to build and thread-safe to use: one of each per process.
_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")

SIMPLIFIED = "Hans"
TRADITIONAL = "Hant"

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CN_DIGITS = "〇零一二两三四五六七八九十百千"


def to_simplified(text: str) -> str:
    return _T2S.convert(text) if text else text


def to_traditional(text: str) -> str:
    return _S2T.convert(text) if text else text


def convert(text: str, script: str) -> str:
    """Render text in the given script (``Hans`` or ``Hant``)."""
    return to_traditional(text) if script == TRADITIONAL else to_simplified(text)


def _fold_char(ch: str) -> str:
    # Full-width ASCII forms (Ａ, １, ：) fold one-to-one onto their half-width twins.
    if "\uff01" <= ch <= "\uff5e":
        ch = chr(ord(ch) - 0xFEE0)
    elif ch == "\u3000":
        ch = " "
    return ch.lower()


class _FoldTable(dict):
    """``str.translate``'s table of ``_fold_char``, filled as characters are first met: the same
    result as folding each character in a Python loop, several times faster (snippets fold every
    hit's text)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold text for matching: Simplified script, half-width ASCII, lower case.

    The result has exactly the length of the input, so offsets found in the folded
    text are offsets in the original (the search highlighter relies on this).
    """
    if not text:
        return text
    folded = text.translate(_FOLD_TABLE)
    simplified = _T2S.convert(folded)
    if len(simplified) == len(folded):
        return simplified
    # OpenCC occasionally maps a phrase to one of another length; fall back to per-character
    # conversion, which is always length-preserving.
    return "".join(c2 if len(c2 := _T2S.convert(c)) == 1 else c for c in folded)


def detect_script(text: str) -> str:
    """``Hant`` when the text uses more Traditional-only than Simplified-only characters."""
    han = "".join(HAN_RE.findall(text))
    if not han:
        return SIMPLIFIED
    as_simplified = _T2S.convert(han)
    as_traditional = _S2T.convert(han)
    traditional_only = sum(1 for a, b in zip(han, as_simplified, strict=False) if a != b)
    simplified_only = sum(1 for a, b in zip(han, as_traditional, strict=False) if a != b)
    return TRADITIONAL if traditional_only > simplified_only else SIMPLIFIED


def parse_number(text: str) -> int:
    """Parse a number written in Arabic digits or Chinese numerals (十一, 二十九, 二〇二五).

    Raises ValueError for anything else.
    """
    text = unicodedata.normalize("NFKC", text.strip())
    if not text:
        raise ValueError("empty number")
    if text.isdigit():
        return int(text)
    if any(c not in CN_DIGITS for c in text):
        raise ValueError(f"not a number: {text!r}")
    if "十" not in text and "百" not in text and "千" not in text:
        # Digit-by-digit years such as 二〇二五.
        digits = "〇一二三四五六七八九"
        return int("".join(str(digits.index("〇" if c == "零" else c)) for c in text))
    return int(cn2an.cn2an(text.replace("两", "二"), "strict"))


def is_han(ch: str) -> bool:
    return bool(HAN_RE.match(ch))


def chinese_numeral(number: int) -> str:
    """9 → 九, 12 → 十二, 29 → 二十九: ordinals as official titles write them."""
    if number < 0:
        raise ValueError(f"not a non-negative number: {number!r}")
    return cn2an.an2cn(number)


def word_spans(left: str, right: str) -> bool:
    """Whether a dictionary word runs across the join of ``left`` and ``right`` (委|员, 候|补):
    the break between them falls inside a word. Only jieba's dictionary counts (no HMM), so
    an unknown pair of characters never reads as a word."""
    left, right = left[-4:], right[:4]
    if not left or not right:
        return False
    cut = len(left)
    folded = fold(left + right)
    return any(
        start < cut < end
        for _word, start, end in rjieba.tokenize(folded, mode="default", hmm=False)
    )
