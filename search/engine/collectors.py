"""Whoosh collectors that rank the top N and still count and facet every match, cheaply.

Whoosh's own ``FacetCollector`` makes the collector it wraps score and sort every match (its
block-quality skipping is off) and reads each document's facet values through a column reader,
several Python calls per document and facet. Here the ranking collector keeps its skipping, the
matches are listed once (without scores when the ranking skipped some), and the facet values come
from one list per segment and field (``search.engine.segment_values``).
"""

from collections import Counter

from whoosh.collectors import SortingCollector, TopCollector
from whoosh.query import And, AndMaybe, Not, Or, Phrase

from search.engine.deadline import check_deadline
from search.engine.segment_values import facet_values


def can_tally(reader, fieldnames) -> bool:
    """True when every facet field has a column (``sortable=True``) in the index."""
    return all(reader.has_column(name) for name in fieldnames)


class Tally:
    """The counts of one facet, in the shape ``Results.groups()`` returns (a FacetMap)."""

    def __init__(self, counter: Counter):
        self.counter = counter

    def as_dict(self) -> dict:
        return dict(self.counter)


class _Tallying:
    """Mixin for a ranking collector: the exact match count and per-facet value counts.

    ``allow`` is the set of global document numbers the filters admit (None: every one).
    """

    def setup_tally(self, facets, allow, schema, deadline=None):
        self._deadline = deadline
        self._facets = list(facets)
        self._allow = allow
        self._schema = schema
        self._total = 0
        self._tallies = {name: Counter() for name in self._facets}

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self._has_phrase = _has_phrase(q)
        self._matching = _required(q)

    def _ranking_skips(self) -> bool:
        return False

    def collect_matches(self):
        allow, offset = self._allow, self.offset
        collect = self.collect
        if self._ranking_skips():
            # The ranking skips blocks that cannot reach the top N: list the matches apart,
            # without scoring them.
            check_deadline(self._deadline)
            matched = [
                d
                for d in self._matching.docs(self.subsearcher)
                if allow is None or d + offset in allow
            ]
            for docnum in self.matches():
                if allow is None or docnum + offset in allow:
                    collect(docnum)
        else:
            # One pass does both. The matcher must neither narrow itself to what can still
            # reach the top N (Whoosh's periodic ``replace``) nor skip blocks below the top N's
            # lowest score (block quality, which would skip whole later segments), or the count
            # would narrow with it.
            self.replace = 0
            self.usequality = False
            matched = []
            for n, docnum in enumerate(self.matches()):
                if not n & 255:
                    check_deadline(self._deadline)
                if allow is None or docnum + offset in allow:
                    matched.append(docnum)
                    collect(docnum)
        self._total += len(matched)
        reader = self.subsearcher.reader()
        for name, counter in self._tallies.items():
            counter.update(map(facet_values(reader, self._schema, name).__getitem__, matched))

    def count(self):
        return self._total

    def computes_count(self):
        return True

    def results(self):
        results = super().results()
        # As Whoosh's FacetCollector does: the facet maps ride on the Results object.
        results._facetmaps = {name: Tally(c) for name, c in self._tallies.items()}
        return results


def _required(q):
    """The query that matches the same documents without what only adds score: the optional
    side of every AndMaybe goes (its matcher would be advanced for every document)."""
    if isinstance(q, AndMaybe):
        return _required(q.a)
    if isinstance(q, And | Or | Not):
        return q.apply(_required)
    return q


def _has_phrase(q) -> bool:
    return isinstance(q, Phrase) or any(_has_phrase(child) for child in q.children())


class TalliedTopCollector(_Tallying, TopCollector):
    """The top N by score, skipping blocks when the query allows it and has no phrase.

    A phrase is verified from positions in every candidate document, the dominant cost: listing
    the matches apart would verify every phrase twice, so such queries take one pass."""

    def _ranking_skips(self) -> bool:
        return not self._has_phrase and self._use_block_quality()


class TalliedSortingCollector(_Tallying, SortingCollector):
    """The first N by one or more sort fields."""
