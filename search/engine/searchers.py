"""One open searcher per thread and index root, reopened only when the index changed."""

import logging
import threading

from whoosh.filedb.filestore import FileStorage

from search.engine.scoring import CachedLengthBM25F

logger = logging.getLogger(__name__)


# Searchers kept open per thread, one per index root; tests and the benchmark use several roots.
MAX_CACHED_ROOTS = 4

_local = threading.local()


class SearcherCache:
    """The backend's searchers."""

    def _searcher(self):
        current = self._current_dir()
        if current is None:
            self.setup()
            current = self._current_dir()
        cache = getattr(_local, "searchers", None)
        if cache is None:
            cache = _local.searchers = {}
        key = str(self.root)
        cached = cache.get(key)
        if (
            cached
            and cached[0] == current
            and not getattr(cached[1].ixreader, "is_closed", False)
            and cached[1].up_to_date()
        ):
            searcher = cached[1]
        else:
            # Not Searcher.refresh(): Whoosh 2.7's reader reuse re-adds segments that a merge
            # has replaced, so a refreshed searcher can return a document twice.
            if cached:
                cache.pop(key, None)
                _close_quietly(cached[1])
            # Plain reads, not mmap: every searcher of every thread would map the whole index
            # again and count the pages it touched as its own (four threads on a 10,000-session
            # index showed 1.6 GB resident per worker). The kernel's page cache keeps the files
            # in memory once, for all processes.
            storage = FileStorage(str(current), supports_mmap=False, readonly=True)
            ix = storage.open_index(schema=self.schema)
            searcher = ix.searcher(weighting=CachedLengthBM25F())
        cache.pop(key, None)
        cache[key] = (current, searcher)
        while len(cache) > MAX_CACHED_ROOTS:
            _close_quietly(cache.pop(next(iter(cache)))[1])
        return searcher


def _close_quietly(searcher):
    """Close a replaced searcher; failing to must never fail the search that replaced it.

    Closing can fail half-way — a result still holding a view into the index's memory-mapped
    files makes the mapping refuse to close — and a searcher left half-closed in the cache would
    otherwise fail every later search on its thread. Its files go when it is collected.
    """
    try:
        searcher.close()
    except Exception:
        logger.warning("could not close a replaced index searcher", exc_info=True)
