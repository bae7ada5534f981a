"""Posting lists decoded from Whoosh's blocks into numpy arrays (documents, weights, positions)."""

import io
import pickle
import struct
import zlib
from itertools import chain
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

# Positions fit below this many bits of a key (a document's field holds far fewer tokens).
POSITION_BITS = 32
# A posting block starts with its byte length, negative for the last block of a list.
_BLOCK_LENGTH = struct.Struct("!i")
_PICKLE_HEAD = b"\x80\x02"  # protocol 2, as Whoosh's Positions format pickles its deltas


class Postings(NamedTuple):
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


def decode(reader, fieldname: str, btext: bytes, with_keys: bool) -> Postings | None:
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
    postings = Postings(docs, found)
    if with_keys:
        counts, positions = _positions(values)
        small = np.uint16 if not len(positions) or positions.max() < 1 << 16 else np.uint32
        postings = Postings(docs, found, counts.astype(np.int32), positions.astype(small))
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
