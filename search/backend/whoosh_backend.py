"""Haystack's Whoosh backend made fit for Chinese, concurrent writers and fast repeated queries.

What changes against the stock backend, and why:

- schema: text fields use ``ChineseTokenizer`` (OpenCC fold + jieba) unless they name their own
  ``analyzer=``, ``BigramField`` gets character bigrams, ``KeywordField`` is one sortable term,
  numbers are sortable (facets, order);
- queries: the parser turns every piece of user text into a substring query over the bigram
  field boosted by a jieba phrase over the word field (``search.backend.parsing``,
  ``analysis.text_query``);
- reads: one searcher per thread (plain reads, not mmap), refreshed only when the index changed
  (stock opens ~3 readers per query; ``search.engine.searchers``); a page with exact counts and
  facets from whole posting lists (``search.engine.paging``, ``search.engine.vectorized``,
  ``search.engine.collectors``);
  date facets through Whoosh's own faceting; highlighting marks the original text where the
  folded query occurs (no re-segmentation);
  ``more_like_this`` runs on the thread's searcher and works on an unstored document field;
  ``backend.index`` (haystack's handle: spelling) follows every swap
  (``search.backend.current_index``);
- writes: every write holds an ``fcntl.flock`` on ``<PATH>/write.lock`` (no LockError, no lost
  update between processes), deletes by id once per batch, and never swallows a failure; it
  uses the schema ``setup()`` built (a new field is written at once) and is refused, asking for
  a rebuild, when a field's definition changed since the index was built
  (``search.backend.writing``);
- layout: ``<PATH>/current`` is a symlink to the live ``index-*`` directory; a rebuild fills a
  new directory, replays the writes made meanwhile and swaps the link, so searches never stop
  (``search.backend.storage``).
"""

import os
import time
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import force_str
from haystack.backends import BaseEngine, log_query
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.utils import get_identifier, get_model_ct
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import NUMERIC, STORED, TEXT, Schema
from whoosh.searching import ResultsPage

from search.analysis import BigramTokenizer, ChineseTokenizer, highlight_runs
from search.backend.current_index import CurrentIndex
from search.backend.highlight import snippet
from search.backend.parsing import ChineseQueryParser, date_facet
from search.backend.storage import IndexStorage
from search.backend.writing import IndexWriting
from search.engine.deadline import TimedOut
from search.engine.paging import Paging
from search.engine.searchers import SearcherCache
from search.serving import limits as search_limits


class SearchTimedOut(SearchBackendError):
    """A search ran past ``settings.SEARCH_TIME_LIMIT`` seconds and was cut off."""


class ChineseWhooshSearchBackend(
    IndexStorage, IndexWriting, SearcherCache, Paging, WhooshSearchBackend
):
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
        self.index = CurrentIndex(self._current_dir, self.schema)
        self.setup_complete = True

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
                [date_facet(name, spec) for name, spec in date_facets.items()],
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


def get_backend(using="default") -> ChineseWhooshSearchBackend:
    from haystack import connections

    return connections[using].get_backend()
