"""Whoosh tokenizers for Chinese (OpenCC fold, jieba words, character bigrams) and text queries.

Segmentation is jieba's algorithm and dictionary as compiled by rjieba (jieba-rs): the same words
as the Python jieba (identical on the seed and test articles apart from URLs, which it splits at
dots), about ten times faster and with its dictionary outside the Python heap.

These classes are pickled into the index schema: never rename or move them. They import nothing
from Django so the index can be opened by plain Whoosh (the benchmark does exactly that).
"""

import pickle
import re
from itertools import accumulate

import rjieba
from whoosh.analysis import Token, Tokenizer
from whoosh.formats import Positions
from whoosh.matching import NullMatcher, WrappingMatcher
from whoosh.query import AndMaybe, Or, Phrase, Prefix, Term
from whoosh.query.spans import Span, SpanNear2
from whoosh.system import _INT_SIZE

from plenums.chinese import fold

# Runs of characters worth indexing: Han, letters and digits. Everything else (punctuation,
# spaces, emoji, control characters) separates runs and is never searchable on its own.
WORD_RUN_RE = re.compile(r"[^\W_]+")

# Marks the last character of a run in the bigram field, so that every character occurrence is
# the first character of some bigram token (one-character queries become prefix queries) and a
# phrase spanning a separator ("经济、发展") can be told from one that does not ("经济发展").
RUN_END = "\u2402"

# Score multiplier for whole-word (jieba) matches over bare substring (bigram) matches.
WORD_BOOST = 25.0


def words(text: str) -> list[tuple[str, int, int]]:
    """jieba's precise segmentation (with HMM) of already folded text, as (word, start, end).

    The dictionary (~35 MB, outside the Python heap) loads on the first call in a process."""
    return rjieba.tokenize(text, mode="default", hmm=True)


def subwords(word: str) -> list[tuple[str, int]]:
    """The dictionary words of 2 and 3 characters inside a longer word, as jieba's search mode
    emits them, with their offset in the word."""
    found = []
    for n in (2, 3):
        if len(word) > n:
            for i in range(len(word) - n + 1):
                gram = word[i : i + n]
                if rjieba.has_word(gram):
                    found.append((gram, i))
    return found


def _token(t, text, pos, start, end, positions, chars, start_char, keeporiginal):
    t.text = text
    t.boost = 1.0
    t.stopped = False
    if keeporiginal:
        t.original = text
    if positions:
        t.pos = pos
    if chars:
        t.startchar = start_char + start
        t.endchar = start_char + end
    return t


class ChineseTokenizer(Tokenizer):
    """Fold to Simplified (length-preserving) and segment with jieba.

    When indexing, the 2–3 character dictionary words inside a longer word (jieba's search mode)
    are added at the position of the word itself, so phrase queries keep counting whole words.
    Queries are segmented in precise mode only. Separators (punctuation, spaces) emit nothing but
    advance the position, so a phrase never matches across them.
    """

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        folded = fold(value)
        if not tokenize:
            yield _token(
                t, folded, start_pos, 0, len(value), positions, chars, start_char, keeporiginal
            )
            return
        with_subwords = mode != "query"
        pos = start_pos
        for word, start, end in words(folded):
            if not WORD_RUN_RE.search(word):
                pos += 1
                continue
            if with_subwords and len(word) > 2:
                for gram, offset in subwords(word):
                    yield _token(
                        t,
                        gram,
                        pos,
                        start + offset,
                        start + offset + len(gram),
                        positions,
                        chars,
                        start_char,
                        keeporiginal,
                    )
            yield _token(t, word, pos, start, end, positions, chars, start_char, keeporiginal)
            pos += 1


class BigramTokenizer(Tokenizer):
    """Overlapping character bigrams of each folded word run, for substring recall.

    "新质生产力" → 新质 质生 生产 产力 力␂: every substring of two or more characters is a phrase
    of consecutive bigrams, and every character is the first character of some token.
    """

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for match in WORD_RUN_RE.finditer(fold(value)):
            run, base = match.group(), match.start()
            for i in range(len(run) - 1):
                yield _token(
                    t, run[i : i + 2], pos, base + i, base + i + 2, positions, chars, start_char,
                    keeporiginal,
                )  # fmt: skip
                pos += 1
            last = len(run) - 1
            yield _token(
                t, run[last] + RUN_END, pos, base + last, base + last + 1, positions, chars,
                start_char, keeporiginal,
            )  # fmt: skip
            pos += 1


def bigram_tokens(runs: list[str]) -> list[str]:
    """The bigram-field tokens that a phrase made of these word runs must show consecutively."""
    tokens = []
    for i, run in enumerate(runs):
        tokens.extend(run[j : j + 2] for j in range(len(run) - 1))
        if i < len(runs) - 1 or len(run) == 1:
            tokens.append(run[-1] + RUN_END)
    return tokens


def runs_from_bigrams(tokens: list[str]) -> list[str]:
    """Invert :func:`bigram_tokens` (used to recover highlight terms from a parsed query)."""
    runs, current = [], ""
    for token in tokens:
        if token.endswith(RUN_END):
            runs.append(current or token[0])
            current = ""
        elif current:
            current += token[-1]
        else:
            current = token
    if current:
        runs.append(current)
    return runs


def _shifted_positions(matcher, offset: int) -> set[int]:
    """The positions of the current posting minus ``offset``.

    A ``Positions`` posting is a 4-byte count and a pickled list of deltas (Whoosh 2.7's
    encoding, pinned): unpickled and summed in C here, where ``value_as("positions")`` sums them
    in a Python loop, the largest cost of a phrase that matches most documents."""
    if type(getattr(matcher, "format", None)) is not Positions:
        return {p - offset for p in matcher.value_as("positions")}
    value = matcher.value()
    codes = pickle.loads(value[_INT_SIZE:] if value.endswith(b".") else value[_INT_SIZE:] + b".")
    return set(map(offset.__rsub__, accumulate(codes)))


class _AdjacentMatcher(SpanNear2.SpanNear2Matcher):
    def _get_spans(self):
        # Start positions where term i sits at start + i, by set intersection: the stock
        # span-by-span walk costs ~4x more per document, and CJK queries are long phrases
        # of bigrams that match most documents.
        starts = None
        for offset, matcher in enumerate(self.ms):
            shifted = _shifted_positions(matcher, offset)
            starts = shifted if starts is None else starts & shifted
            if not starts:
                return []
        last = len(self.ms) - 1
        return [Span(start, start + last) for start in sorted(starts)]


class AdjacentPhrase(Phrase):
    """A phrase whose words must be exactly adjacent (Whoosh's slop 1), matched faster."""

    def matcher(self, searcher, context=None):
        if self.slop != 1 or len(self.words) < 2:
            return super().matcher(searcher, context)
        field = searcher.schema[self.fieldname]
        reader = searcher.reader()
        terms = []
        for word in self.words:
            if (self.fieldname, field.to_bytes(word)) not in reader:
                return NullMatcher()
            terms.append(Term(self.fieldname, word))
        matcher = _AdjacentMatcher([t.matcher(searcher, context) for t in terms])
        return WrappingMatcher(matcher, boost=self.boost) if self.boost != 1.0 else matcher


def _bigram_phrase(field, grams):
    return Term(field, grams[0]) if len(grams) == 1 else AdjacentPhrase(field, grams)


def text_query(text: str, word_field: str, bigram_field: str, word_boost: float = WORD_BOOST):
    """A Whoosh query for one piece of user text: the documents whose folded text contains the
    piece's word runs contiguously (in order, separators between runs ignored), scored higher
    when jieba's words match as a phrase. Returns None when the text has nothing searchable."""
    folded = fold(text)
    runs = WORD_RUN_RE.findall(folded)
    if not runs:
        return None
    if len(runs) == 1 and len(runs[0]) == 1:
        substring = Prefix(bigram_field, runs[0])
    else:
        substring = _bigram_phrase(bigram_field, bigram_tokens(runs))
        if len(runs) > 1:
            # Words the user spaced apart may be written together ("全面 深化改革" finds
            # "全面深化改革") or apart with any separator in between ("全面、深化改革").
            joined = _bigram_phrase(bigram_field, bigram_tokens(["".join(runs)]))
            substring = Or([joined, substring])
    tokens = [w for w, _, _ in words(" ".join(runs)) if WORD_RUN_RE.search(w)]
    if len(tokens) == 1:
        whole = Term(word_field, tokens[0], boost=word_boost)
    else:
        whole = AdjacentPhrase(word_field, tokens, boost=word_boost)
    return AndMaybe(substring, whole)


def highlight_runs(query, bigram_field: str | None, word_field: str | None = None) -> list[str]:
    """The folded text a parsed query looks for: word runs read back from its bigram-field
    leaves, and the terms (and prefixes) of its word-field leaves, so that an index without a
    bigram field, or with its own analyzer on the word field, gets its hits marked too."""
    from whoosh.query import Not

    found = []

    def walk(q):
        if isinstance(q, Not):
            return
        field = getattr(q, "fieldname", None)
        if isinstance(q, Phrase) and field in (bigram_field, word_field):
            words = list(q.words)
            found.extend(runs_from_bigrams(words) if field == bigram_field else words)
        elif isinstance(q, Prefix | Term) and field in (bigram_field, word_field):
            if isinstance(q.text, str):
                found.extend(runs_from_bigrams([q.text]) if field == bigram_field else [q.text])
        else:
            for child in q.children():
                walk(child)

    walk(query)
    return list(dict.fromkeys(found))
