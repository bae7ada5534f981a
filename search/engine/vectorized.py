"""The archive's text queries evaluated over whole posting lists with numpy, one segment at a time.

Whoosh walks matches document by document in Python: a phrase that most sessions contain costs a
matcher step, a position check and a score for each of thousands of documents. Here every term's
posting list is decoded once per query into arrays (document numbers, weights and, for phrases,
positions as ``document << 32 | position``), phrases are position arrays intersected with
``searchsorted``, and scores are Whoosh's own BM25F formula on whole arrays, so the documents, and
the order of the top N, are those Whoosh's matchers give. Query shapes other than the ones
``analysis.text_query`` builds raise ``Unsupported`` and the caller uses Whoosh's own path.
"""

import threading
import weakref
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
from whoosh.formats import Positions
from whoosh.query import And, AndMaybe, NullQuery, Or, Phrase, Prefix, Term
from whoosh.scoring import BM25FScorer

from search.engine import posting_arrays
from search.engine.deadline import check_deadline
from search.engine.postings import POSITION_BITS, Postings, decode
from search.engine.segment_values import field_lengths

_EMPTY_INT = np.empty(0, dtype=np.int64)
_EMPTY_FLOAT = np.empty(0, dtype=np.float64)


class Unsupported(Exception):
    """A query (or index format) this module does not evaluate: use Whoosh's matchers."""


class Hits(NamedTuple):
    """Matching segment-local document numbers (ascending) and their scores."""

    docs: np.ndarray
    scores: np.ndarray


EMPTY = Hits(_EMPTY_INT, _EMPTY_FLOAT)


class _DecodedCache:
    """Decoded posting lists, least recently used first out, within a byte budget per process.

    Entries are keyed by the segment reader (weakly: a replaced index's entries age out) and the
    term; a segment never changes once written, so an entry never goes stale. Distinct queries
    share their common terms (发展, 建设), which is where the decoding time goes."""

    def __init__(self, budget: int):
        self.budget = budget
        self.used = 0
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key, value: Postings):
        size = value.nbytes
        if size > self.budget // 4:
            return  # one huge list would flush everything else
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self.used -= previous.nbytes
            self._entries[key] = value
            self.used += size
            while self.used > self.budget and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self.used -= dropped.nbytes


# 48 MB: a common bigram of a 10,000-session index decodes to about 1 MB of positions.
DECODED = _DecodedCache(48 * 1024 * 1024)


def _read(reader, fieldname: str, text, with_keys: bool) -> Postings | None:
    field = reader.schema[fieldname]
    btext = field.to_bytes(text) if isinstance(text, str) else text
    key = (weakref.ref(reader), fieldname, btext)
    found = DECODED.get(key)
    if found is not None and (found.has_positions or not with_keys):
        return found
    kept = posting_arrays.for_reader(reader)
    if kept is not None:
        arrays = kept.lookup(fieldname, btext, with_keys)
        if arrays is not None:
            # Read from the page cache in a few calls: not worth a place in the cache.
            return Postings(*arrays)
    postings = decode(reader, fieldname, btext, with_keys)
    if postings is not None:
        DECODED.put(key, postings)
    return postings


def member(sorted_values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """A mask over ``wanted``: which of them occur in ``sorted_values``."""
    if not len(sorted_values) or not len(wanted):
        return np.zeros(len(wanted), dtype=bool)
    at = np.searchsorted(sorted_values, wanted)
    at[at == len(sorted_values)] = 0
    return sorted_values[at] == wanted


class _Scoring:
    """Whoosh's BM25F on arrays: the same idf, average length, B and K1 as its scorer."""

    def __init__(self, searcher, fieldname: str):
        self.searcher = searcher
        self.fieldname = fieldname
        self.lengths = np.frombuffer(
            field_lengths(searcher.reader(), fieldname), dtype=np.uint32
        ).astype(np.float64)

    def score(self, text, docs: np.ndarray, weights: np.ndarray) -> np.ndarray:
        scorer = self.searcher.weighting.scorer(self.searcher, self.fieldname, text)
        if type(scorer) is not BM25FScorer:
            raise Unsupported(f"weighting {type(scorer).__name__}")
        length = self.lengths[docs]
        k1, b = scorer.K1, scorer.B
        return scorer.idf * (
            (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * length / scorer.avgfl))
        )


def _term(searcher, q: Term) -> Hits:
    postings = _read(searcher.reader(), q.fieldname, q.text, with_keys=False)
    if postings is None:
        return EMPTY
    scores = _Scoring(searcher, q.fieldname).score(q.text, postings.docs, postings.weights)
    return Hits(postings.docs, scores * q.boost)


def _phrase(searcher, q: Phrase, deadline: float | None) -> Hits:
    """Documents where word i sits at position start + i for some start, scored as Whoosh
    scores its phrase matcher (the sum of each word's BM25F in the document, times the boost)."""
    if q.slop != 1 or not q.words:
        raise Unsupported(f"phrase with slop {q.slop}")
    reader = searcher.reader()
    if not isinstance(reader.schema[q.fieldname].format, Positions):
        raise Unsupported(f"field {q.fieldname} has no positions")
    if len(q.words) == 1:
        return _term(searcher, Term(q.fieldname, q.words[0], boost=q.boost))
    postings = []
    for word in q.words:
        check_deadline(deadline)
        found = _read(reader, q.fieldname, word, with_keys=True)
        if found is None:
            return EMPTY
        postings.append(found)
    # Start from the word with the fewest positions: every other word only narrows it.
    order = sorted(range(len(postings)), key=lambda i: len(postings[i].positions))
    first = order[0]
    starts = postings[first].keys() - first
    for offset in order[1:]:
        starts = starts[member(postings[offset].keys(), starts + offset)]
        if not len(starts):
            return EMPTY
    matched = np.unique(starts >> POSITION_BITS)
    scoring = _Scoring(searcher, q.fieldname)
    scores = np.zeros(len(matched), dtype=np.float64)
    for word, p in zip(q.words, postings, strict=True):
        at = np.searchsorted(p.docs, matched)
        scores += scoring.score(word, matched, p.weights[at])
    return Hits(matched, scores * q.boost)


def _prefix(searcher, q: Prefix) -> Hits:
    """Every document with a term starting with the prefix, scored as Whoosh 2.7 scores it: an
    ``Or`` of the terms, each with the searcher's weighting (its "constant score" falls back to
    the searcher's weighting)."""
    terms = [Term(q.fieldname, text) for text in q._btexts(searcher.reader()) if text]
    return _or([_term(searcher, t) for t in terms], q.boost)


def _and(parts: list[Hits], boost: float) -> Hits:
    docs, scores = parts[0]
    for other in parts[1:]:
        keep = member(other.docs, docs)
        docs, scores = docs[keep], scores[keep]
        scores = scores + other.scores[np.searchsorted(other.docs, docs)]
    return Hits(docs, scores * boost)


def _or(parts: list[Hits], boost: float) -> Hits:
    parts = [p for p in parts if len(p.docs)]
    if not parts:
        return EMPTY
    docs = np.unique(np.concatenate([p.docs for p in parts]))
    scores = np.zeros(len(docs), dtype=np.float64)
    for p in parts:
        scores[np.searchsorted(docs, p.docs)] += p.scores
    return Hits(docs, scores * boost)


def _and_maybe(required: Hits, optional: Hits, boost: float) -> Hits:
    scores = required.scores.copy()
    has = member(optional.docs, required.docs)
    if has.any():
        scores[has] += optional.scores[np.searchsorted(optional.docs, required.docs[has])]
    return Hits(required.docs, scores * boost)


def evaluate(q, searcher, deadline: float | None = None) -> Hits:
    """The matches of ``q`` in ``searcher``'s segment (a leaf searcher), deleted ones left out.

    Raises ``Unsupported`` for what Whoosh must evaluate itself, and ``TimedOut`` once
    ``time.monotonic()`` passes ``deadline``."""
    reader = searcher.reader()
    if not reader.is_atomic():
        raise Unsupported("not a single segment")
    hits = _evaluate(q, searcher, deadline)
    deleted = reader.deleted_docs_set if reader.has_deletions() else None
    if deleted and len(hits.docs):
        gone = np.fromiter(deleted, dtype=np.int64, count=len(deleted))
        gone.sort()
        keep = ~member(gone, hits.docs)
        hits = Hits(hits.docs[keep], hits.scores[keep])
    return hits


def _evaluate(q, searcher, deadline: float | None) -> Hits:
    check_deadline(deadline)
    if q is NullQuery or type(q).__name__ == "_NullQuery":
        return EMPTY
    if isinstance(q, Phrase):
        return _phrase(searcher, q, deadline)
    if type(q) is Term:
        return _term(searcher, q)
    if type(q) is Prefix:
        return _prefix(searcher, q)
    if type(q) is AndMaybe:
        required = _evaluate(q.a, searcher, deadline)
        if not len(required.docs):
            return EMPTY
        return _and_maybe(required, _evaluate(q.b, searcher, deadline), q.boost)
    if type(q) is And and q.subqueries:
        parts = []
        for sub in q.subqueries:
            found = _evaluate(sub, searcher, deadline)
            if not len(found.docs):
                return EMPTY
            parts.append(found)
        return _and(parts, q.boost)
    if type(q) is Or and q.subqueries and q.scale is None and not q.minmatch:
        return _or([_evaluate(sub, searcher, deadline) for sub in q.subqueries], q.boost)
    raise Unsupported(type(q).__name__)
