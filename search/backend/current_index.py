"""The Whoosh index behind ``<PATH>/current`` as haystack's ``backend.index``, following every swap.

Haystack keeps ``backend.index`` for the life of the process and reads through it
(``refresh()``, ``reader()``, ``searcher()``, ``doc_count()``: spelling suggestions,
``more_like_this``). A plain ``FileIndex`` would stay on the directory it was opened in, which a
rebuild or ``clear`` replaces and the next one removes. This one opens the directory the link
names at each call; one reader or searcher it hands out reads one directory to the end.
"""

from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, FileIndex, Index
from whoosh.searching import Searcher


class ReadOnlyIndexError(Exception):
    """Raised on a write through the live handle (it would bypass the backend's write lock)."""


class CurrentIndex(Index):
    def __init__(self, locate, schema):
        """``locate()`` returns the live index directory (or None); ``schema`` is the backend's."""
        self._locate = locate
        self._schema = schema

    def __repr__(self):
        return f"{type(self).__name__}({self._locate()!s})"

    def directory(self) -> Path:
        current = self._locate()
        if current is None:
            raise EmptyIndexError("no live search index: run `manage.py rebuild_index`")
        return current

    def opened(self) -> FileIndex:
        """The live directory's index as it is now (plain reads, as the backend's searchers)."""
        storage = FileStorage(str(self.directory()), supports_mmap=False, readonly=True)
        return storage.open_index(schema=self._schema)

    @property
    def schema(self):
        return self._schema

    # Always the latest: a refresh is this same object, which reopens at every read.
    def refresh(self):
        return self

    def up_to_date(self):
        return True

    def latest_generation(self):
        return self.opened().latest_generation()

    def last_modified(self):
        return self.opened().last_modified()

    def is_empty(self):
        return self.opened().is_empty()

    def reader(self, reuse=None):
        # ``reuse`` is ignored: its readers may belong to a replaced directory.
        return self.opened().reader()

    def searcher(self, **kwargs):
        # ``fromindex=self``: the searcher's own refresh() reopens the live directory too.
        return Searcher(self.reader(), fromindex=self, **kwargs)

    def writer(self, **kwargs):
        raise ReadOnlyIndexError(
            "the live search index is read-only: write through the search backend "
            "(update, remove, clear, update_index), which holds its write lock"
        )
