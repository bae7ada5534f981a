"""Decoded posting lists kept beside each segment (search.engine.posting_arrays): the same lists,
the same results, and never a stale or broken one used."""

import logging
import random

import numpy as np
import pytest
from django.core.management import call_command
from whoosh import index as whoosh_index
from whoosh.sorting import Count, FieldFacet

from plenums.chinese import fold, to_traditional
from plenums.models import Session
from search.analysis import WORD_RUN_RE
from search.engine import posting_arrays as sidecar
from search.engine import searchers, vectorized
from tests.support.search import oracle, paragraphs, search_slugs


@pytest.fixture
def small_sidecars(monkeypatch):
    """Sidecars for the test archive's small segments and short lists too."""
    monkeypatch.setattr(sidecar, "MIN_SEGMENT_DOCS", 1)
    monkeypatch.setattr(sidecar, "MIN_DOCS", 1)


def leaves(index):
    return [leaf for leaf, _ in index._searcher().reader().leaf_readers()]


def sidecar_files(index):
    return sorted(index._current_dir().glob(f"*{sidecar.SUFFIX}"))


def test_a_rebuild_writes_one_sidecar_per_segment_holding_whooshs_own_lists(small_sidecars, seed):
    segments = leaves(seed)
    assert len(sidecar_files(seed)) == len(segments) >= 1
    compared = 0
    for leaf in segments:
        kept = sidecar.for_reader(leaf)
        assert kept is not None
        for name in sidecar.positional_fields(leaf.schema):
            field = leaf.schema[name]
            for text, _ in leaf.iter_field(name):
                btext = field.to_bytes(text)
                whoosh = vectorized.decode(leaf, name, btext, with_keys=True)
                docs, weights, counts, positions = kept.lookup(name, btext, True)
                assert np.array_equal(docs, whoosh.docs), text
                assert np.array_equal(weights, whoosh.weights), text
                assert np.array_equal(counts, whoosh.counts), text
                assert np.array_equal(positions, whoosh.positions), text
                compared += 1
    assert compared > 1000


def test_queries_read_lists_from_the_sidecar_not_from_whooshs_blocks(small_sidecars, seed):
    vectorized.DECODED._entries.clear()
    vectorized.DECODED.used = 0
    assert search_slugs("经济") == oracle("经济") != set()
    # Every list the query needed came from a sidecar: nothing was decoded and cached.
    assert vectorized.DECODED.used == 0


def test_substring_queries_match_the_oracle_with_sidecars(small_sidecars, seed):
    rng = random.Random(20261201)
    runs = [r for p in paragraphs(s.cleaned_text for s in Session.objects.all()) for r in
            WORD_RUN_RE.findall(fold(p)) if len(r) >= 6]  # fmt: skip
    queries = {"质生产", "新质生产力", "人民城市", "经济社", "党"}
    while len(queries) < 60:
        run = rng.choice(runs)
        n = rng.randint(2, 6)
        start = rng.randint(0, len(run) - n)
        queries.add(run[start : start + n])
    found = 0
    for q in sorted(queries):
        expected = oracle(q)
        assert search_slugs(q) == search_slugs(to_traditional(q)) == expected, q
        found += bool(expected)
    assert found > 50


@pytest.mark.parametrize("query", ['"人民城市"', '"高质量发展" "改革"', "经", '"经 济"'])
def test_pages_and_facets_with_sidecars_match_whoosh_over_segments_with_deletions(
    small_sidecars, seed, query
):
    Session.objects.filter(plenum=101).first().save()  # two segments, one with a deletion
    call_command("update_index", verbosity=0)
    searcher = seed._searcher()
    assert len(searcher.reader().leaf_readers()) == 2 and searcher.reader().has_deletions()
    assert all(sidecar.for_reader(leaf) is not None for leaf in leaves(seed))
    parsed = seed.parser.parse(query)
    facets = ["committee", "year", "term"]
    stock = whoosh_index.open_dir(str(seed._current_dir())).searcher()
    for page_num in (1, 2):
        ours = seed._page(searcher, parsed, page_num, 5, None, False, facets, [])
        theirs = stock.search_page(
            parsed, page_num, pagelen=5, groupedby=[FieldFacet(f, maptype=Count) for f in facets]
        )
        assert len(ours) == len(theirs) > 0
        assert [hit["slug"] for hit in ours] == [hit["slug"] for hit in theirs]
        assert [hit.score for hit in ours] == pytest.approx([hit.score for hit in theirs])
        for facet in facets:
            assert ours.results.groups(facet) == theirs.results.groups(facet)


def test_a_merge_drops_the_old_sidecars_and_writes_one_for_the_merged_segment(small_sidecars, seed):
    Session.objects.filter(plenum=101).first().save()
    call_command("update_index", verbosity=0)
    before = sidecar_files(seed)
    assert len(before) == 2
    seed.optimize()
    after = sidecar_files(seed)
    assert len(after) == 1 and after[0] not in before
    assert len(leaves(seed)) == 1
    assert search_slugs("经济") == oracle("经济") != set()


def test_a_broken_sidecar_is_ignored_with_a_warning(small_sidecars, seed, caplog):
    for path in sidecar_files(seed):
        with open(path, "r+b") as fh:
            fh.truncate(path.stat().st_size // 2)
    searchers._local.searchers = {}  # a fresh searcher, so the sidecars are opened again
    with caplog.at_level(logging.WARNING, logger="search.engine.posting_arrays"):
        assert search_slugs("经济") == oracle("经济") != set()
    assert "unreadable, ignored" in caplog.text
    assert all(sidecar.for_reader(leaf) is None for leaf in leaves(seed))


def test_small_segments_get_no_sidecar(seed):
    # The test archive is far below MIN_SEGMENT_DOCS: its lists are read from Whoosh's blocks.
    assert sidecar_files(seed) == []
    assert search_slugs("经济") == oracle("经济") != set()


def test_an_empty_index_is_searched(db, index):
    # An empty index has no segment, so no sidecar to look for.
    assert search_slugs("经济") == set()
