"""tantivy (compiled, Rust) on the archive's own texts: how far a pure-Python engine is from one.

The same folded texts as character bigrams in one whitespace-tokenized field, with a separator
token after each run as the archive's bigram field has (``RUN_END``, else 经济，济发 would match
经济发); the same queries as phrase queries; an exact count, the top 10 with their titles, and
per-year and per-committee counts, as the search page asks of the archive.
"""

import re
import time
from pathlib import Path

import tantivy

from plenums.chinese import fold
from search.analysis import RUN_END, WORD_RUN_RE, bigram_tokens

AGGREGATIONS = {
    "year": {"terms": {"field": "year", "size": 10_000}},
    "committee": {"terms": {"field": "committee", "size": 100_000}},
}


def bigram_text(text: str) -> str:
    """The bigram tokens of every word run of ``text``, space-separated."""
    out = []
    for run in WORD_RUN_RE.findall(fold(text)):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
        out.append(run[-1] + RUN_END)
    return " ".join(out)


def build(rows, path: Path):
    """Index ``rows`` of (title, text, year, committee slug); return the index and seconds."""
    started = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("year", fast=True, indexed=True)
    builder.add_text_field("committee", fast=True, tokenizer_name="raw", index_option="basic")
    schema = builder.build()
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(path))
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for title, text, year, committee in rows:
        fields = {"text": bigram_text(text), "title": title, "committee": committee}
        if year is not None:
            fields["year"] = year
        writer.add_document(tantivy.Document(**fields))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, time.perf_counter() - started


def _piece(schema, piece: str):
    runs = WORD_RUN_RE.findall(fold(piece))
    if not runs:
        return None
    if len(runs) == 1 and len(runs[0]) == 1:
        return tantivy.Query.regex_query(schema, "text", re.escape(runs[0]) + ".")

    def phrase(tokens):
        if len(tokens) == 1:
            return tantivy.Query.term_query(schema, "text", tokens[0])
        return tantivy.Query.phrase_query(schema, "text", tokens)

    query = phrase(bigram_tokens(runs))
    if len(runs) > 1:
        joined = phrase(bigram_tokens(["".join(runs)]))
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, joined), (tantivy.Occur.Should, query)]
        )
    return query


def search(index):
    """A search function over ``index``: (exact count, top-10 titles and year/committee counts)."""
    schema = index.schema
    searcher = index.searcher()

    def run(q):
        parts = [p for p in (_piece(schema, piece) for piece in q.split()) if p is not None]
        if not parts:
            return 0, []
        query = parts[0]
        if len(parts) > 1:
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])
        result = searcher.search(query, limit=10, count=True)
        titles = [searcher.doc(address)["title"] for _, address in result.hits]
        facets = searcher.aggregate(query, AGGREGATIONS)
        return result.count, (titles, facets)

    return run
