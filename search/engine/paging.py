"""One page of results with the exact total and facet counts of every match."""

import time
from collections import Counter

import numpy as np
from whoosh import query as wq
from whoosh.searching import Results, ResultsPage
from whoosh.sorting import Count, FieldFacet

from search.engine.collectors import (
    TalliedSortingCollector,
    TalliedTopCollector,
    Tally,
    can_tally,
)
from search.engine.segment_values import facet_values
from search.engine.vectorized import Unsupported, evaluate, member


class Paging:
    """The backend's page method: posting lists with numpy, else Whoosh's matchers."""

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
        """The same page, total and facet counts from whole posting lists
        (``search.engine.vectorized``), ranked as Whoosh's top-N collector ranks: score, then
        document number."""
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
