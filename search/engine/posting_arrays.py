"""A segment's frequent posting lists, decoded once when it is written and kept beside it as arrays.

Whoosh stores a posting list as pickled, compressed blocks of 128 postings, and decoding them is
most of what a query over whole posting lists costs (``search.engine.vectorized``). A segment never
changes once written (deletions are kept apart), so its lists can be decoded once, when it is
written, and stored as plain arrays: ``<indexname>_<segment id>.postings`` in the index
directory. The name follows Whoosh's own segment files, so Whoosh deletes it with its segment
after a merge; a segment without one (a small or freshly merged one) is read from Whoosh's blocks.
Only lists of at least ``MIN_DOCS`` documents are kept: shorter ones decode quickly anyway.

Lists are read with ``os.pread`` (no mmap: the pages stay in the kernel's page cache, shared by
every process, instead of counting as each worker's own resident memory).
"""

import logging
import multiprocessing
import os
import pickle
import struct
import threading
import uuid
import weakref
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import OverlayStorage
from whoosh.formats import Positions

from search.engine.postings import decode

logger = logging.getLogger(__name__)

SUFFIX = ".postings"
MAGIC = b"ARCPST01"
_HEADER_LENGTH = struct.Struct("<Q")
# Lists in fewer documents decode from Whoosh's blocks in well under a millisecond.
MIN_DOCS = 64
# Segments smaller than this (single edits) get no posting arrays: they hold no long lists.
MIN_SEGMENT_DOCS = 512
_ALIGN = 8


def _folder(reader) -> Path | None:
    """The directory of a segment reader's index; None for any other reader (an empty index's)."""
    storage = getattr(reader, "_storage", None)
    if getattr(reader, "_segment", None) is None:
        return None
    if isinstance(storage, OverlayStorage):
        storage = storage.b
    folder = getattr(storage, "folder", None)
    return Path(folder) if folder else None


def path_for(folder: Path, reader) -> Path:
    segment = reader._segment
    return Path(folder) / f"{segment.segment_id()}{SUFFIX}"


def positional_fields(schema) -> list[str]:
    return [name for name in schema.names() if isinstance(schema[name].format, Positions)]


def write(reader, decode) -> Path | None:
    """Write the posting arrays of one segment (a leaf reader); ``decode(reader, field, btext)``
    gives a list's (docs, weights, counts, positions) arrays. Returns its path, or None when the
    segment is too small to need them or its storage is not a directory."""
    folder = _folder(reader)
    if folder is None or reader.doc_count_all() < MIN_SEGMENT_DOCS:
        return None
    header, chunks, offset = {}, [], 0

    def add(array: np.ndarray) -> int:
        nonlocal offset
        start = offset
        data = array.tobytes()
        chunks.append(data)
        offset += len(data)
        pad = -offset % _ALIGN
        if pad:
            chunks.append(b"\0" * pad)
            offset += pad
        return start

    for name in positional_fields(reader.schema):
        field = reader.schema[name]
        terms, docs, weights, counts, positions = {}, [], [], [], []
        n_docs = n_positions = 0
        for text, info in reader.iter_field(name):
            if info.doc_frequency() < MIN_DOCS:
                continue
            btext = field.to_bytes(text) if isinstance(text, str) else text
            d, w, c, p = decode(reader, name, btext)
            terms[btext] = (n_docs, len(d), n_positions, len(p))
            docs.append(d.astype(np.int32))
            weights.append(w.astype(np.float64))
            counts.append(c.astype(np.int32))
            positions.append(p)
            n_docs += len(d)
            n_positions += len(p)
        if not terms:
            continue
        joined = np.concatenate(positions)
        small = np.uint16 if not len(joined) or joined.max() < 1 << 16 else np.uint32
        all_weights, all_counts = np.concatenate(weights), np.concatenate(counts)
        # Weights are term frequencies times a field boost: whole numbers as a rule, which
        # float32 holds exactly, and then equal to the position counts, which need no copy.
        narrow = all_weights.astype(np.float32)
        exact = np.array_equal(narrow.astype(np.float64), all_weights)
        header[name] = {
            "terms": terms,
            "docs": add(np.concatenate(docs)),
            "weights": add(narrow if exact else all_weights),
            "weight_dtype": np.dtype(np.float32 if exact else np.float64).str,
            "counts": None if np.array_equal(all_counts, all_weights) else add(all_counts),
            "positions": add(joined.astype(small)),
            "position_dtype": np.dtype(small).str,
        }
    head = pickle.dumps({"size": offset, "fields": header}, protocol=pickle.HIGHEST_PROTOCOL)
    base = len(MAGIC) + _HEADER_LENGTH.size + len(head)
    base += -base % _ALIGN
    target = path_for(folder, reader)
    # A dot name: Whoosh's clean-up skips it, and readers never see a half-written file.
    partial = folder / f".{target.name}.{uuid.uuid4().hex}"
    try:
        with open(partial, "wb") as fh:
            fh.write(MAGIC + _HEADER_LENGTH.pack(len(head)) + head)
            fh.write(b"\0" * (base - fh.tell()))
            for chunk in chunks:
                fh.write(chunk)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


class PostingArrays:
    """One segment's posting arrays, open for reading."""

    def __init__(self, path: Path):
        self.fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self.fd)
        start = os.pread(self.fd, len(MAGIC) + _HEADER_LENGTH.size, 0)
        if start[: len(MAGIC)] != MAGIC:
            raise ValueError(f"{path}: not a file of posting arrays")
        (length,) = _HEADER_LENGTH.unpack_from(start, len(MAGIC))
        head = pickle.loads(os.pread(self.fd, length, len(start)))
        self.base = len(start) + length
        self.base += -self.base % _ALIGN
        if os.fstat(self.fd).st_size != self.base + head["size"]:
            raise ValueError(f"{path}: truncated or overwritten")
        self.fields = head["fields"]

    def _array(self, offset: int, dtype, start: int, count: int) -> np.ndarray:
        dtype = np.dtype(dtype)
        at = self.base + offset + start * dtype.itemsize
        data = os.pread(self.fd, count * dtype.itemsize, at)
        return np.frombuffer(data, dtype=dtype)

    def lookup(self, fieldname: str, btext: bytes, with_positions: bool):
        """(docs, weights, counts, positions) of a list — counts and positions None unless
        asked for — or None when the file does not hold it."""
        field = self.fields.get(fieldname)
        found = field["terms"].get(btext) if field else None
        if found is None:
            return None
        doc_start, n_docs, pos_start, n_positions = found
        docs = self._array(field["docs"], np.int32, doc_start, n_docs).astype(np.int64)
        weights = self._array(field["weights"], field["weight_dtype"], doc_start, n_docs)
        weights = weights.astype(np.float64)
        if not with_positions:
            return docs, weights, None, None
        if field["counts"] is None:
            counts = weights.astype(np.int32)
        else:
            counts = self._array(field["counts"], np.int32, doc_start, n_docs)
        positions = self._array(field["positions"], field["position_dtype"], pos_start, n_positions)
        return docs, weights, counts, positions


_open: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_open_lock = threading.Lock()


def for_reader(reader) -> PostingArrays | None:
    """The posting arrays of a leaf reader's segment, opened once per reader; None without."""
    try:
        return _open[reader]
    except KeyError:
        pass
    folder = _folder(reader)
    found = None
    if folder is not None:
        path = path_for(folder, reader)
        if path.exists():
            try:
                found = PostingArrays(path)
            except (OSError, ValueError, EOFError, KeyError, pickle.UnpicklingError):
                # Only a loss of speed: the segment is read from Whoosh's own blocks.
                logger.warning("%s: unreadable, ignored", path, exc_info=True)
    with _open_lock:
        _open.setdefault(reader, found)
        return _open[reader]


def _arrays(reader, fieldname: str, btext: bytes):
    postings = decode(reader, fieldname, btext, with_keys=True)
    return postings.docs, postings.weights, postings.counts, postings.positions


def _needs_one(reader) -> bool:
    folder = _folder(reader)
    return (
        folder is not None
        and reader.doc_count_all() >= MIN_SEGMENT_DOCS
        and not path_for(folder, reader).exists()
    )


def _write_segment(index_dir: str, segment_id: str) -> None:
    with whoosh_index.open_dir(index_dir).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if leaf._segment.segment_id() == segment_id:
                write(leaf, _arrays)


def write_missing(index_dir, procs: int = 1) -> int:
    """Write the posting arrays of every segment of the index in ``index_dir`` that needs them
    and lacks them, in up to ``procs`` forked processes (one segment each). Returns how many
    were written."""
    index_dir = str(index_dir)
    with whoosh_index.open_dir(index_dir).reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        missing = [leaf._segment.segment_id() for leaf in leaves if _needs_one(leaf)]
    if procs > 1 and len(missing) > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(procs, len(missing)), mp_context=context) as pool:
            list(pool.map(_write_segment, [index_dir] * len(missing), missing))
    else:
        for segment_id in missing:
            _write_segment(index_dir, segment_id)
    return len(missing)
