"""Where the index lives: the ``current`` link, fresh directories, the swap and the write lock."""

import fcntl
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from haystack.exceptions import SearchBackendError
from whoosh import index as whoosh_index

CURRENT = "current"
LOCK_FILE = "write.lock"
JOURNAL = "rebuild.journal"


class IndexStorage:
    """The backend's index directories under ``self.root``."""

    def _current_dir(self) -> Path | None:
        try:
            return self.root / os.readlink(self.root / CURRENT)
        except (FileNotFoundError, OSError):
            return None

    def index_exists(self) -> bool:
        current = self._current_dir()
        return current is not None and whoosh_index.exists_in(str(current))

    def document_count(self) -> int:
        if not self.index_exists():
            return 0
        return whoosh_index.open_dir(str(self._current_dir())).doc_count()

    def _writable_index(self):
        """The live index opened with the schema ``setup()`` built, so that fields added since the
        index was built are written from now on. A field whose definition changed would mix two
        encodings in one index: that needs a rebuild, and the write is refused saying so."""
        directory = self._current_dir()
        on_disk = whoosh_index.open_dir(str(directory)).schema
        changed = [
            name
            for name in on_disk.names()
            if name in self.schema and not same_field(on_disk[name], self.schema[name])
        ]
        if changed:
            raise SearchBackendError(
                f"{directory}: the definition of field(s) {', '.join(sorted(changed))} changed "
                "since the index was built; run `manage.py rebuild_index`"
            )
        return whoosh_index.open_dir(str(directory), schema=self.schema)

    def _new_dir(self) -> Path:
        path = self.root / f"index-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        path.mkdir(parents=True)
        return path

    def _point_current_at(self, new_dir: Path):
        """Swap the ``current`` link atomically, then drop directories nobody should still read."""
        previous = self._current_dir()
        link = self.root / f".{CURRENT}-{uuid.uuid4().hex}"
        os.symlink(new_dir.name, link)
        os.replace(link, self.root / CURRENT)
        # Keep the directory just replaced: a search that resolved the link a moment ago may
        # still be reading it. Anything older has been unreachable for a whole rebuild.
        keep = {new_dir.name, previous.name if previous else None}
        for child in self.root.glob("index-*"):
            if child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)

    @contextmanager
    def _locked(self):
        """Serialise writers across threads and processes; the kernel queues waiters fairly."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK_FILE, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def same_field(a, b) -> bool:
    """True when two Whoosh field definitions encode documents alike (Whoosh's own ``==`` is
    False for any sortable field read back from disk: its column objects compare by identity)."""

    def described(obj):
        return {k: v for k, v in vars(obj).items() if not k.startswith("_") and k != "column_type"}

    def same(x, y):
        return x == y or (x != x and y != y)  # NaN bounds of float fields

    def alike(x, y):
        if type(x) is not type(y):
            return False
        if x is None:
            return True
        dx, dy = described(x), described(y)
        return dx.keys() == dy.keys() and all(same(dx[k], dy[k]) for k in dx)

    return alike(a, b) and alike(a.column_type, b.column_type)
