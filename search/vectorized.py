"""The archive's text queries evaluated over whole posting lists with numpy, one segment at a time.

Whoosh walks matches document by document in Python: a phrase that most sessions contain costs a
matcher step, a position check and a score for each of thousands of documents. Here every term's
posting list is decoded once per query into arrays (document numbers, weights and, for phrases,
positions as ``document << 32 | position``), phrases are position arrays intersected with
``searchsorted``, and scores are Whoosh's own BM25F formula on whole arrays, so the documents, and
the order of the top N, are those Whoosh's matchers give. Query shapes other than the ones
``analysis.text_query`` builds raise ``Unsupported`` and the caller uses Whoosh's own path.
"""

import io
import pickle
import struct
import threading
import time
import weakref
import zlib
from collections import OrderedDict
from itertools import chain
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, AndMaybe, NullQuery, Or, Phrase, Prefix, Term
from whoosh.scoring import BM25FScorer

from search import sidecar
from search.collectors import field_lengths

# Positions fit below this many bits of a key (a document's field holds far fewer tokens).
POSITION_BITS = 32
# A posting block starts with its byte length, negative for the last block of a list.
_BLOCK_LENGTH = struct.Struct("!i")
_PICKLE_HEAD = b"\x80\x02"  # protocol 2, as Whoosh's Positions format pickles its deltas
_EMPTY_INT = np.empty(0, dtype=np.int64)
_EMPTY_FLOAT = np.empty(0, dtype=np.float64)


class Unsupported(Exception):
    """A query (or index format) this module does not evaluate: use Whoosh's matchers."""


class TimedOut(Exception):
    """The evaluation passed its deadline."""


_state = threading.local()


def check_deadline():
    """Raise ``TimedOut`` when this thread's evaluation has run past its deadline."""
    deadline = getattr(_state, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise TimedOut


class Hits(NamedTuple):
    """Matching segment-local document numbers (ascending) and their scores."""

    docs: np.ndarray
    scores: np.ndarray


EMPTY = Hits(_EMPTY_INT, _EMPTY_FLOAT)


class _Postings(NamedTuple):
    docs: np.ndarray  # int64, ascending
    weights: np.ndarray  # float64, one per document
    # Phrases only: positions per document, and the positions (uint16 when they fit), kept
    # compact; ``keys()`` spells them out as ``document << 32 | position`` when asked.
    counts: np.ndarray | None = None
    positions: np.ndarray | None = None

    @property
    def has_positions(self) -> bool:
        return self.positions is not None

    @property
    def nbytes(self) -> int:
        extra = 0 if self.positions is None else self.counts.nbytes + self.positions.nbytes
        return self.docs.nbytes + self.weights.nbytes + extra

    def keys(self) -> np.ndarray:
        """Every position as ``document << 32 | position``, ascending."""
        return (np.repeat(self.docs, self.counts) << POSITION_BITS) + self.positions


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

    def put(self, key, value: _Postings):
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


def _read(reader, fieldname: str, text, with_keys: bool) -> _Postings | None:
    field = reader.schema[fieldname]
    btext = field.to_bytes(text) if isinstance(text, str) else text
    key = (weakref.ref(reader), fieldname, btext)
    found = DECODED.get(key)
    if found is not None and (found.has_positions or not with_keys):
        return found
    kept = sidecar.for_reader(reader)
    if kept is not None:
        arrays = kept.lookup(fieldname, btext, with_keys)
        if arrays is not None:
            # Read from the page cache in a few calls: not worth a place in the cache.
            return _Postings(*arrays)
    postings = decode(reader, fieldname, btext, with_keys)
    if postings is not None:
        DECODED.put(key, postings)
    return postings


def decode(reader, fieldname: str, btext: bytes, with_keys: bool) -> _Postings | None:
    """A posting list decoded from Whoosh's blocks, or None when the segment lacks the term."""
    if (fieldname, btext) not in reader:
        return None
    matcher = reader.postings(fieldname, btext)
    # Deleted documents are dropped from the final result instead (every operation here is
    # decided per document, so dropping them last is the same as dropping them first).
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    ids, weights, values = [], [], []
    blocks = _w3_blocks(matcher, with_keys) if type(matcher) is W3LeafMatcher else None
    if blocks is not None:
        docs, found, values = blocks
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if with_keys:
                values.append(matcher.value())
            matcher.next()
        docs = np.array(ids, dtype=np.int64)
        found = np.array(weights, dtype=np.float64)
    postings = _Postings(docs, found)
    if with_keys:
        counts, positions = _positions(values)
        small = np.uint16 if not len(positions) or positions.max() < 1 << 16 else np.uint32
        postings = _Postings(docs, found, counts.astype(np.int32), positions.astype(small))
    return postings


def _w3_blocks(matcher, with_values: bool):
    """(documents, weights, values) of a whole posting list of whoosh-reloaded 2.7's codec
    (pinned in pyproject.toml), or None for a list it did not write (Whoosh's matcher then reads
    it). The list's bytes are read in one call and its blocks taken apart here: Whoosh's matcher
    makes some 25 small reads per block of 128 postings and sums each block's document deltas
    in a Python generator. What a block holds is what Whoosh's matcher returns: its documents as
    deltas from the block's start, its weights (None: all 1.0; one float: all equal, as float32)
    and the encoded values."""
    if matcher._byteids or (with_values and matcher._fixedsize not in (None, -1)):
        return None
    length = matcher._length
    # whoosh-reloaded 2.7 reads a list's length back from its term info as a 1-tuple.
    if isinstance(length, tuple) and len(length) == 1:
        (length,) = length
    if not isinstance(length, int):
        return None
    data = matcher._postfile.get(matcher._startoffset, length)
    if data[:4] != WHOOSH3_HEADER_MAGIC:
        return None
    stream = io.BytesIO(data)
    deltas, counts, weights, values = [], [], [], []
    at, last = 4, False
    while not last:
        if at + _BLOCK_LENGTH.size > len(data):
            return None  # the list ran past its recorded length: not a list read this way
        (length,) = _BLOCK_LENGTH.unpack_from(data, at)
        last = length < 0
        stream.seek(at + _BLOCK_LENGTH.size)
        count, _, _, compression, _, _ = pickle.load(stream)
        at += _BLOCK_LENGTH.size + abs(length)
        block = data[stream.tell() : at]
        block_ids, block_weights, block_values = pickle.loads(
            zlib.decompress(block) if compression else block
        )
        if len(block_ids) != count:
            return None
        deltas.append(block_ids)
        counts.append(count)
        if block_weights is None:
            weights.append(np.ones(count))
        elif isinstance(block_weights, float):
            weights.append(np.full(count, np.float32(block_weights), dtype=np.float64))
        else:
            weights.append(np.array(block_weights, dtype=np.float64))
        if with_values:
            values.extend(block_values)
    sizes = np.array(counts, dtype=np.int64)
    summed = np.cumsum(np.fromiter(chain.from_iterable(deltas), dtype=np.int64))
    # Each block's deltas start again from 0: take off what the blocks before it summed to.
    before = np.zeros(len(sizes), dtype=np.int64)
    ends = np.cumsum(sizes)
    before[1:] = summed[ends[:-1] - 1]
    return summed - np.repeat(before, sizes), np.concatenate(weights), values


def _positions(values: list) -> tuple[np.ndarray, np.ndarray]:
    """(counts, positions) of encoded ``Positions`` values: a 4-byte count, then the pickled
    list of position deltas. All the lists are unpickled in one call (their pickles joined
    under one list opcode), and the deltas summed per document in one cumulative sum."""
    lists = None
    # whoosh-reloaded 2.7 encodes every value alike (``pack_uint(n) + dumps(deltas, 2)``): the
    # first and last stand for the rest; a value unlike them would break the joined pickle or
    # the count of lists, and the values are then unpickled one by one.
    if values and all(
        v.startswith(_PICKLE_HEAD, 4) and v.endswith(b".") for v in (values[0], values[-1])
    ):
        try:
            lists = pickle.loads(
                _PICKLE_HEAD + b"(" + b"".join(v[6:-1] for v in values) + b"l."
            )  # fmt: skip
        except Exception:
            lists = None
        if lists is not None and len(lists) != len(values):
            lists = None
    if lists is None:
        lists = [pickle.loads(v[4:] if v.endswith(b".") else v[4:] + b".") for v in values]
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    total = int(counts.sum())
    deltas = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=total)
    summed = np.cumsum(deltas)
    # Subtract, from each document's running sum, the sum reached before its first delta.
    before = np.zeros(len(counts), dtype=np.int64)
    ends = np.cumsum(counts)
    before[1:] = summed[ends[:-1] - 1]
    return counts, summed - np.repeat(before, counts)


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


def _phrase(searcher, q: Phrase) -> Hits:
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
        check_deadline()
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
    _state.deadline = deadline
    try:
        hits = _evaluate(q, searcher)
    finally:
        _state.deadline = None
    deleted = reader.deleted_docs_set if reader.has_deletions() else None
    if deleted and len(hits.docs):
        gone = np.fromiter(deleted, dtype=np.int64, count=len(deleted))
        gone.sort()
        keep = ~member(gone, hits.docs)
        hits = Hits(hits.docs[keep], hits.scores[keep])
    return hits


def _evaluate(q, searcher) -> Hits:
    check_deadline()
    if q is NullQuery or type(q).__name__ == "_NullQuery":
        return EMPTY
    if isinstance(q, Phrase):
        return _phrase(searcher, q)
    if type(q) is Term:
        return _term(searcher, q)
    if type(q) is Prefix:
        return _prefix(searcher, q)
    if type(q) is AndMaybe:
        required = _evaluate(q.a, searcher)
        if not len(required.docs):
            return EMPTY
        return _and_maybe(required, _evaluate(q.b, searcher), q.boost)
    if type(q) is And and q.subqueries:
        parts = []
        for sub in q.subqueries:
            found = _evaluate(sub, searcher)
            if not len(found.docs):
                return EMPTY
            parts.append(found)
        return _and(parts, q.boost)
    if type(q) is Or and q.subqueries and q.scale is None and not q.minmatch:
        return _or([_evaluate(sub, searcher) for sub in q.subqueries], q.boost)
    raise Unsupported(type(q).__name__)
