"""The search bench's query list and its tantivy reference: distinct, repeatable, and counting
exactly what a substring scan of the same texts counts."""

from pathlib import Path

import pytest

from bench import tantivy_ref
from bench.queries import draw, substring_counts
from plenums.chinese import to_traditional

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


@pytest.fixture(scope="module")
def texts():
    found = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert found, f"{SEEDS}: no seed articles"
    # Traditional copies and a text whose phrase is broken by punctuation: what folding and the
    # run separator must get right.
    return found + [to_traditional(t) for t in found] + ["经济，发展。人民 城市"]


def test_the_drawn_queries_are_distinct_repeatable_and_keep_the_fixed_ones_first(texts):
    fixed = ["经济", "人民城市"]
    first = draw(texts, fixed, 120, seed=5)
    assert first == draw(texts, fixed, 120, seed=5)
    assert first != draw(texts, fixed, 120, seed=6)
    assert first[:2] == fixed and len(first) == 120 and len(set(first)) == 120
    assert all(2 <= len(q) <= 6 or q in fixed for q in first)
    # Drawn from the texts: every drawn query is found somewhere.
    counts = substring_counts(texts, first)
    assert all(counts[q] > 0 for q in first[2:])


def test_tantivy_counts_equal_the_substring_scan(texts, tmp_path):
    rows = [(f"t{i}", text, 2000 + i % 3, f"c{i % 2}") for i, text in enumerate(texts)]
    index, _ = tantivy_ref.build(rows, tmp_path / "tantivy")
    search = tantivy_ref.search(index)
    queries = draw(texts, ["经济", "經濟", "经济发展", "济发", "人民城市", "经济 发展"], 60, seed=3)
    expected = substring_counts(texts, queries)
    assert expected["济发"] < expected["经济"]  # the separator case is in the corpus
    for q in queries:
        count, (titles, facets) = search(q)
        assert count == expected[q], q
        assert len(titles) == min(10, count)
        assert sum(b["doc_count"] for b in facets["year"]["buckets"]) == count
