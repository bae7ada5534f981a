"""Writes to the index: documents added and replaced under the write lock, and rebuilds aside."""

import logging
import shutil

from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.utils import get_identifier, get_model_ct
from haystack.utils.app_loading import haystack_get_model
from whoosh import index as whoosh_index
from whoosh import query as wq

from search.backend.storage import JOURNAL
from search.engine import posting_arrays

logger = logging.getLogger(__name__)


class IndexWriting:
    """Every write of the backend, each holding the write lock (``IndexStorage._locked``)."""

    def _whoosh_doc(self, prepared: dict) -> dict:
        return {
            key: self._from_python(value)
            for key, value in prepared.items()
            if value is not None and key != "boost"
        }

    def document(self, index, obj) -> dict | None:
        """The Whoosh document for one object, or None when its index skips it."""
        try:
            return self._whoosh_doc(index.full_prepare(obj))
        except SkipDocument:
            return None

    def _apply(self, ix, add, delete_ids):
        # Whoosh's own lock is free while we hold the flock, unless a foreign process holds it:
        # then wait for it rather than fail.
        writer = ix.writer(timeout=30.0, delay=0.05)
        try:
            if delete_ids:
                writer.delete_by_query(wq.Or([wq.Term(ID, i) for i in delete_ids]))
            for doc in add:
                writer.add_document(**doc)
            writer.commit()
        except BaseException:
            _abandon(writer)
            raise
        _posting_arrays_after_merge(ix)

    def write(self, add=(), delete_ids=()):
        """Replace the documents with these ids by ``add`` (prepared Whoosh documents)."""
        if not self.setup_complete:
            self.setup()
        add = list(add)
        ids = list(dict.fromkeys([*delete_ids, *(doc[ID] for doc in add)]))
        if not ids:
            return
        with self._locked():
            self._apply(self._writable_index(), add, ids)
            journal = self.root / JOURNAL
            if journal.exists():
                with open(journal, "a", encoding="utf-8") as fh:
                    fh.write("".join(f"{i}\n" for i in ids))

    def update(self, index, iterable, commit=True):
        self.write(add=[d for d in (self.document(index, obj) for obj in iterable) if d])

    def remove(self, obj_or_string, commit=True):
        self.write(delete_ids=[get_identifier(obj_or_string)])

    def clear(self, models=None, commit=True):
        if not self.setup_complete:
            self.setup()
        with self._locked():
            if models is None:
                new_dir = self._new_dir()
                whoosh_index.create_in(str(new_dir), self.schema)
                self._point_current_at(new_dir)
            else:
                writer = self._writable_index().writer(timeout=30.0, delay=0.05)
                try:
                    writer.delete_by_query(
                        wq.Or([wq.Term(DJANGO_CT, get_model_ct(m)) for m in models])
                    )
                    writer.commit()
                except BaseException:
                    _abandon(writer)
                    raise

    def delete_index(self):
        self.clear()

    def optimize(self):
        if not self.setup_complete:
            self.setup()
        with self._locked():
            ix = self._writable_index()
            ix.optimize()
            _posting_arrays_after_merge(ix)

    def rebuild(self, batch_size=500, using=None, procs=None, progress=None):
        """Index every object into a fresh directory, then swap it in. Returns the count.

        ``procs`` overrides WRITER_PROCS for this rebuild; ``progress(done, total)`` is called
        after each document."""
        from haystack import connections

        if not self.setup_complete:
            self.setup()
        unified = connections[self.connection_alias].get_unified_index()
        alias = using or self.connection_alias
        total = None
        if progress is not None:
            total = sum(
                i.build_queryset(using=alias).count() for i in unified.get_indexes().values()
            )

        def documents():
            for index in unified.get_indexes().values():
                qs = index.build_queryset(using=alias)
                for obj in qs.iterator(chunk_size=batch_size):
                    doc = self.document(index, obj)
                    if doc:
                        yield doc

        return self.rebuild_from(documents(), unified, procs=procs, progress=progress, total=total)

    def rebuild_from(self, documents, unified=None, procs=None, progress=None, total=None) -> int:
        """Fill a fresh directory with these Whoosh documents in one writer (no per-document
        delete), replay what other writers changed meanwhile, and swap it in."""
        if not self.setup_complete:
            self.setup()
        with self._locked():
            (self.root / JOURNAL).write_text("", encoding="utf-8")
        new_dir = self._new_dir()
        try:
            ix = whoosh_index.create_in(str(new_dir), self.schema)
            writer = self._bulk_writer(ix, procs)
            count = 0
            try:
                for doc in documents:
                    writer.add_document(**doc)
                    count += 1
                    if progress is not None:
                        progress(count, total)
                writer.commit()
            except BaseException:
                _abandon(writer)
                raise
            written = ix.doc_count()
            if written != count:
                # Whoosh's multi-process commit waits only a second for each sub-writer's
                # result and drops a late one: never swap in an index that lost documents.
                raise SearchBackendError(
                    f"rebuild of {self.root}: {count} documents added, {written} committed"
                )
            # Decoded once here, in one process per segment, rather than by every query.
            posting_arrays.write_missing(new_dir, procs or self.writer_procs)
            with self._locked():
                if unified is not None:
                    self._replay_journal(ix, unified)
                self._point_current_at(new_dir)
                (self.root / JOURNAL).unlink(missing_ok=True)
        except BaseException:
            shutil.rmtree(new_dir, ignore_errors=True)
            raise
        return count

    def _bulk_writer(self, ix, procs=None):
        """The writer for a rebuild: with WRITER_PROCS > 1 (default: one per core), documents
        are analysed in that many sub-processes (segmentation and posting lists are pure
        Python), each leaving its own segment; the next incremental write merges small ones."""
        procs = procs or self.writer_procs
        if procs > 1:
            return ix.writer(procs=procs, multisegment=True, limitmb=128, batchsize=50)
        return ix.writer(limitmb=256)

    def _replay_journal(self, ix, unified):
        """Re-apply, from the database, every object written while the rebuild was running."""
        journal = self.root / JOURNAL
        if not journal.exists():
            return
        ids = list(dict.fromkeys(journal.read_text(encoding="utf-8").split()))
        add = []
        for identifier in ids:
            app_label, model_name, pk = identifier.split(".", 2)
            model = haystack_get_model(app_label, model_name)
            index = unified.get_index(model)
            obj = index.index_queryset(using=self.connection_alias).filter(pk=pk).first()
            if obj is not None and index.should_update(obj):
                doc = self.document(index, obj)
                if doc:
                    add.append(doc)
        if ids:
            self._apply(ix, add, ids)


def _abandon(writer):
    """Give up a failed write without keeping Whoosh's write lock.

    A commit or cancel that fails half-way (a full disk) leaves the lock held by this process, and
    every later write would then wait and fail with LockError even once space is back.
    """
    # Whoosh's MpWriter.cancel() only flags its sub-writer processes on this side of the fork:
    # they would wait for work forever and keep the interpreter from exiting. Stop them before
    # the cancel deletes the job files they read.
    for task in getattr(writer, "tasks", ()):
        if task.is_alive():
            task.terminate()
        task.join()
    try:
        writer.cancel()
    except Exception:
        logger.exception("cancelling a failed index write failed too")
    finally:
        if not writer.is_closed and getattr(writer, "writelock", None) is not None:
            writer.writelock.release()
            writer.is_closed = True


def _posting_arrays_after_merge(ix):
    """Decoded lists for a segment a merge just made (``search.engine.posting_arrays``). They
    only save time: the write itself has committed, so failing to write them is logged, not
    raised."""
    try:
        posting_arrays.write_missing(ix.storage.folder)
    except OSError:
        logger.warning("could not write a merged segment's decoded posting lists", exc_info=True)
