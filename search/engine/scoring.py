"""BM25F as Whoosh scores it, with each segment's field lengths read once per reader."""

from whoosh.scoring import BM25F, BM25FScorer

from search.engine.segment_values import field_lengths


class CachedLengthBM25F(BM25F):
    """Whoosh's BM25F (same B, K1 and scores): its scorer reads the document's field length
    from a column for every scored document, a file read per document when the index is not
    memory-mapped; here it is a lookup in a list kept with the segment's reader."""

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, BM25FScorer):
            scorer.dfl = field_lengths(searcher.reader(), fieldname).__getitem__
        return scorer
