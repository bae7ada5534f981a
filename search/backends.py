"""Haystack's Whoosh backend made fit for Chinese, concurrent writers and fast repeated queries.

What changes against the stock backend, and why:

- schema: text fields use ``ChineseTokenizer`` (OpenCC fold + jieba) unless they name their own
  ``analyzer=``, ``BigramField`` gets character bigrams, ``KeywordField`` is one sortable term,
  numbers are sortable (facets, order);
- queries: the parser turns every piece of user text into a substring query over the bigram
  field boosted by a jieba phrase over the word field (see ``analysis.text_query``);
- reads: one searcher per thread (plain reads, not mmap), refreshed only when the index changed
  (stock opens ~3 readers per query); counts and facets without giving up Whoosh's
  block-quality skipping (``search.collectors``); date facets through Whoosh's own faceting;
  highlighting marks the original text where the folded query occurs (no re-segmentation);
  ``more_like_this`` runs on the thread's searcher and works on an unstored document field;
  ``backend.index`` (haystack's handle: spelling) follows every swap (``search.live``);
- writes: every write holds an ``fcntl.flock`` on ``<PATH>/write.lock`` (no LockError, no lost
  update between processes), deletes by id once per batch, and never swallows a failure; it
  uses the schema ``setup()`` built (a new field is written at once) and is refused, asking for
  a rebuild, when a field's definition changed since the index was built;
- layout: ``<PATH>/current`` is a symlink to the live ``index-*`` directory; a rebuild fills a
  new directory, replays the writes made meanwhile and swaps the link, so searches never stop.
"""

import fcntl
import logging
import os
import shutil
import threading
import time
import uuid
import warnings
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import numpy as np
from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import force_str
from haystack.backends import BaseEngine, log_query
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.utils import get_identifier, get_model_ct
from haystack.utils.app_loading import haystack_get_model
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import PhrasePlugin, QueryParser
from whoosh.qparser.syntax import attach
from whoosh.searching import Results, ResultsPage
from whoosh.sorting import Count, DateRangeFacet, FieldFacet
from whoosh.support.relativedelta import relativedelta as RelativeDelta

from search import limits as search_limits
from search.analysis import BigramTokenizer, ChineseTokenizer, highlight_runs, text_query
from search.collectors import (
    TalliedSortingCollector,
    TalliedTopCollector,
    Tally,
    can_tally,
    facet_values,
)
from search.highlight import snippet
from search.live import LiveIndex
from search.scoring import CachedLengthBM25F
from search.vectorized import TimedOut, Unsupported, evaluate, member

logger = logging.getLogger(__name__)

CURRENT = "current"
LOCK_FILE = "write.lock"
JOURNAL = "rebuild.journal"
# Searchers kept open per thread, one per index root; tests and the benchmark use several roots.
MAX_CACHED_ROOTS = 4
# The units haystack's ``date_facets`` may step by.
DATE_GAPS = ("year", "month", "day", "hour", "minute", "second")

_local = threading.local()


class CjkPhrasePlugin(PhrasePlugin):
    """Quoted text in the default field becomes ``text_query`` (the stock plugin would split it
    with the word analyzer only, losing substring recall)."""

    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            if fieldname == parser.fieldname and getattr(parser, "bigram_field", None):
                q = text_query(self.text, fieldname, parser.bigram_field)
                return attach(q if q is not None else wq.NullQuery, self)
            return super().query(parser)

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            slop = int(match.group("slop")) if match.group("slop") else 1
            return CjkPhrasePlugin.PhraseNode(match.group("text"), match.start("text"), slop)


class ChineseQueryParser(QueryParser):
    """Unquoted words in the default field also become ``text_query``."""

    def __init__(self, fieldname, schema, bigram_field=None, **kwargs):
        super().__init__(fieldname, schema, **kwargs)
        self.bigram_field = bigram_field
        if bigram_field:
            self.remove_plugin_class(PhrasePlugin)
            self.add_plugin(CjkPhrasePlugin())

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if self.bigram_field and fieldname == self.fieldname and termclass is wq.Term:
            return text_query(text, fieldname, self.bigram_field)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


class SearchTimedOut(SearchBackendError):
    """A search ran past ``settings.SEARCH_TIME_LIMIT`` seconds and was cut off."""


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        if not self.use_file_storage:
            raise ImproperlyConfigured(
                f"HAYSTACK_CONNECTIONS[{connection_alias!r}]: only STORAGE 'file' is supported"
            )
        self.root = Path(self.path)
        self.bigram_field = None
        procs = connection_options.get("WRITER_PROCS", os.cpu_count() or 1)
        if not isinstance(procs, int) or procs < 1:
            raise ImproperlyConfigured(
                f"HAYSTACK_CONNECTIONS[{connection_alias!r}]['WRITER_PROCS']: "
                f"need a whole number of processes ≥ 1, got {procs!r}"
            )
        self.writer_procs = procs

    # -- schema ---------------------------------------------------------------------------

    def build_schema(self, fields):
        content_field_name, stock = super().build_schema(fields)
        schema_fields = {name: stock[name] for name in stock.names()}
        for field in fields.values():
            name = field.index_fieldname
            if field.field_type == "cjk_bigrams":
                schema_fields[name] = TEXT(analyzer=BigramTokenizer(), phrase=True, stored=False)
                self.bigram_field = name
            elif field.field_type in ("string", "keyword") and not field.indexed:
                schema_fields[name] = STORED()
            elif field.field_type == "keyword" and not field.is_multivalued:
                schema_fields[name] = WHOOSH_ID(stored=field.stored, sortable=True)
            elif field.field_type == "string" and not field.is_multivalued:
                schema_fields[name] = TEXT(
                    # A field's own ``analyzer=`` is kept, as stock haystack does.
                    analyzer=field.analyzer or ChineseTokenizer(),
                    phrase=True,
                    stored=field.stored,
                    field_boost=field.boost,
                )
            elif field.field_type == "integer":
                schema_fields[name] = NUMERIC(
                    stored=field.stored, numtype=int, sortable=True, field_boost=field.boost
                )
        return content_field_name, Schema(**schema_fields)

    # -- storage layout -------------------------------------------------------------------

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
            if name in self.schema and not _same_field(on_disk[name], self.schema[name])
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

    def setup(self):
        from haystack import connections

        self.content_field_name, self.schema = self.build_schema(
            connections[self.connection_alias].get_unified_index().all_searchfields()
        )
        self.parser = ChineseQueryParser(
            self.content_field_name, self.schema, bigram_field=self.bigram_field
        )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SearchBackendError(
                f"{self.root}: cannot create the index directory ({exc})"
            ) from exc
        if not os.access(self.root, os.W_OK):
            raise SearchBackendError(f"{self.root}: the index directory is not writable")
        if not self.index_exists():
            with self._locked():
                if not self.index_exists():
                    new_dir = self._new_dir()
                    whoosh_index.create_in(str(new_dir), self.schema)
                    self._point_current_at(new_dir)
        # haystack's handle on the index (spelling, more_like_this): follows every swap.
        self.index = LiveIndex(self._current_dir, self.schema)
        self.setup_complete = True

    # -- writing --------------------------------------------------------------------------

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
            self._writable_index().optimize()

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

    # -- reading --------------------------------------------------------------------------

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

    def _page(
        self, searcher, parsed, page_num, page_length, sortedby, reverse, facets, filters,
        dates=(), deadline=None,
    ):  # fmt: skip
        """One page of results, with the exact total and facet counts of every match; raises
        TimedOut once ``time.monotonic()`` passes ``deadline``."""
        filter_q = wq.And(filters) if filters else None
        if dates or (facets and not can_tally(searcher.reader(), facets)):
            # Whoosh's own faceting: slower (it scores every match), but it has date ranges
            # and fields without a column.
            return searcher.search_page(
                parsed,
                page_num,
                pagelen=page_length,
                sortedby=sortedby,
                reverse=reverse,
                groupedby=[FieldFacet(f, maptype=Count) for f in facets] + list(dates),
                filter=filter_q,
            )
        if not sortedby:
            try:
                return self._vectorized_page(
                    searcher, parsed, page_num, page_length, facets, filter_q, deadline
                )
            except Unsupported:
                pass  # a query shape of its own: Whoosh's matchers below
        limit = page_num * page_length
        if sortedby:
            collector = TalliedSortingCollector(sortedby, limit=limit, reverse=reverse)
        else:
            collector = TalliedTopCollector(limit)
        allow = set(searcher.docs_for_query(filter_q)) if filter_q is not None else None
        collector.setup_tally(facets, allow, self.schema, deadline)
        searcher.search_with_collector(parsed, collector)
        return ResultsPage(collector.results(), page_num, page_length)

    def _vectorized_page(
        self, searcher, parsed, page_num, page_length, facets, filter_q, deadline=None
    ):
        """The same page, total and facet counts from whole posting lists (``search.vectorized``),
        ranked as Whoosh's top-N collector ranks: score, then document number."""
        started = time.perf_counter()
        allow = None
        if filter_q is not None:
            allow = np.fromiter(searcher.docs_for_query(filter_q), dtype=np.int64)
            allow.sort()
        found_docs, found_scores = [], []
        tallies = {name: Counter() for name in facets}
        for sub, offset in searcher.leaf_searchers():
            hits = evaluate(parsed, sub, deadline)
            docs, scores = hits.docs, hits.scores
            if allow is not None and len(docs):
                keep = member(allow, docs + offset)
                docs, scores = docs[keep], scores[keep]
            if not len(docs):
                continue
            local = docs.tolist()
            for name, counter in tallies.items():
                counter.update(
                    map(facet_values(sub.reader(), self.schema, name).__getitem__, local)
                )
            found_docs.append(docs + offset)
            found_scores.append(scores)
        docs = np.concatenate(found_docs) if found_docs else np.empty(0, dtype=np.int64)
        scores = np.concatenate(found_scores) if found_scores else np.empty(0)
        order = np.lexsort((docs, -scores))[: page_num * page_length]
        top_n = list(zip(scores[order].tolist(), docs[order].tolist(), strict=True))
        results = Results(
            searcher,
            parsed,
            top_n,
            facetmaps={name: Tally(c) for name, c in tallies.items()},
            runtime=time.perf_counter() - started,
        )
        results._total = len(docs)  # exact: what Results.__len__ would ask a collector for
        return ResultsPage(results, page_num, page_length)

    def _model_filter(self, searcher, models, limit_to_registered_models) -> list:
        """The filter on the asked (or else registered) models, when the index holds others."""
        if limit_to_registered_models is None:
            from django.conf import settings

            limit_to_registered_models = getattr(
                settings, "HAYSTACK_LIMIT_TO_REGISTERED_MODELS", True
            )
        if models:
            model_choices = sorted(get_model_ct(m) for m in models)
        elif limit_to_registered_models:
            model_choices = self.build_models_list()
        else:
            model_choices = []
        if model_choices and not _holds_only(searcher.reader(), model_choices):
            return [wq.Or([wq.Term(DJANGO_CT, ct) for ct in model_choices])]
        return []

    def _sort(self, sort_by):
        if not sort_by:
            return None, False
        directions = {s.startswith("-") for s in sort_by}
        if len(directions) > 1:
            raise SearchBackendError("Whoosh requires all order_by fields to use one direction")
        return [s.lstrip("-") for s in sort_by], directions.pop()

    @log_query
    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        fields="",
        highlight=False,
        facets=None,
        date_facets=None,
        query_facets=None,
        narrow_queries=None,
        spelling_query=None,
        within=None,
        dwithin=None,
        distance_point=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        if not self.setup_complete:
            self.setup()
        # Nothing to search for: what stock haystack answers.
        empty = {"results": [], "hits": 0}
        query_string = force_str(query_string)
        if not query_string:
            return empty
        searcher = self._searcher()
        parsed = self.parser.parse(query_string)
        if parsed is None or parsed is wq.NullQuery:
            return empty

        filters = [self.parser.parse(force_str(nq)) for nq in narrow_queries or ()]
        filters += self._model_filter(searcher, models, limit_to_registered_models)
        if query_facets:
            warnings.warn("Whoosh does not handle query faceting.", Warning, stacklevel=2)
        sortedby, reverse = self._sort(sort_by)
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        date_facets = date_facets or {}
        try:
            raw_page = self._page(
                searcher,
                parsed,
                page_num,
                page_length,
                sortedby,
                reverse,
                list(facets or ()),
                filters,
                [_date_facet(name, spec) for name, spec in date_facets.items()],
                deadline=time.monotonic() + search_limits.time_limit(),
            )
        except TimedOut as exc:
            raise SearchTimedOut(
                f"search for {parsed} cut off after {search_limits.time_limit():g} s"
            ) from exc
        facet_types = dict.fromkeys(facets or (), "fields") | dict.fromkeys(date_facets, "dates")
        results = self._process_results(
            raw_page,
            highlight=False,
            query_string=query_string,
            spelling_query=spelling_query,
            result_class=result_class,
            facet_types=facet_types,
        )
        if raw_page.pagenum < page_num:
            # Whoosh answers a page past the end with the last page; the caller asked for none.
            results["results"] = []
        if highlight:
            from haystack import connections

            unified = connections[self.connection_alias].get_unified_index()
            runs = highlight_runs(parsed, self.bigram_field, self.content_field_name)
            for result in results["results"]:
                # An index may name a stored field to take snippets from (``snippet_field``).
                source = getattr(unified.get_index(result.model), "snippet_field", None)
                text = getattr(result, source or self.content_field_name, "") or ""
                result.highlighted = {self.content_field_name: [snippet(text, runs)]}
        return results

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        """Documents sharing the key terms of this object's document, on the thread's searcher.

        The document field need not be stored: its key terms then come from the object's
        prepared text (stock Whoosh would raise on an unstored, unvectored field)."""
        if not self.setup_complete:
            self.setup()
        searcher = self._searcher()
        docnum = searcher.document_number(**{ID: get_identifier(model_instance)})
        if docnum is None:
            return {"results": [], "hits": 0}
        filters = self._model_filter(searcher, models, limit_to_registered_models)
        if additional_query_string and additional_query_string != "*":
            filters.append(self.parser.parse(force_str(additional_query_string)))
        field = self.content_field_name
        text = None
        if not self.schema[field].stored and not searcher.reader().has_vector(docnum, field):
            text = self._prepared_text(model_instance)
        raw = searcher.more_like(
            docnum,
            field,
            text=text,
            top=end_offset,
            normalize=True,  # as stock (Hit.more_like_this)
            filter=wq.And(filters) if filters else None,
        )
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        raw_page = ResultsPage(raw, page_num, page_length)
        if raw_page.pagenum < page_num:
            return {"results": [], "hits": 0, "spelling_suggestion": None}
        return self._process_results(raw_page, result_class=result_class)

    def _prepared_text(self, obj) -> str:
        from haystack import connections

        index = connections[self.connection_alias].get_unified_index().get_index(type(obj))
        try:
            return index.full_prepare(obj).get(self.content_field_name) or ""
        except SkipDocument:
            return ""


class ChineseWhooshEngine(BaseEngine):
    backend = ChineseWhooshSearchBackend
    query = WhooshSearchQuery


def _holds_only(reader, content_types) -> bool:
    """True when every document of the index (deleted ones too) is of one of these types, so
    that filtering on them would only cost a pass over every document."""
    return sum(reader.doc_frequency(DJANGO_CT, ct) for ct in content_types) >= (
        reader.doc_count_all()
    )


def _date_facet(name, spec) -> DateRangeFacet:
    """Whoosh's facet for one of haystack's ``date_facets`` entries (start_date, end_date,
    gap_by, gap_amount)."""

    def moment(key):
        value = spec.get(key)
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        raise SearchBackendError(f"date_facets[{name!r}][{key!r}]: need a date, got {value!r}")

    gap_by, amount = spec.get("gap_by"), spec.get("gap_amount", 1)
    if gap_by not in DATE_GAPS:
        raise SearchBackendError(
            f"date_facets[{name!r}]['gap_by']: one of {', '.join(DATE_GAPS)}, got {gap_by!r}"
        )
    gap = RelativeDelta(**{f"{gap_by}s": amount})
    return DateRangeFacet(name, moment("start_date"), moment("end_date"), gap, maptype=Count)


def _same_field(a, b) -> bool:
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


def get_backend(using="default") -> ChineseWhooshSearchBackend:
    from haystack import connections

    return connections[using].get_backend()
