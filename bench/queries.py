"""The distinct queries the bench asks, drawn from the corpus, and the count each must get.

Thirteen fixed queries are too few to judge an engine by: the headline latencies come from every
fixed query plus words and 2–6 character substrings of the archive's own texts, drawn with a fixed
seed and weighted by how many sessions contain them (people search for common wording), each asked
once. The same list goes to every engine and to the HTTP load.
"""

import random
import re

from plenums.chinese import fold
from search.analysis import WORD_RUN_RE, words

SEED = 20260
# Han runs only: the drawn queries then mean the same thing to every engine (no ASCII case, no
# digits that FTS5's trigram tokenizer folds differently).
HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")
# Sessions read to estimate how many contain a candidate (a full scan per candidate would cost
# more than the searches being measured).
DF_SAMPLE = 800


def draw(texts: list[str], fixed: list[str], total: int, seed: int = SEED) -> list[str]:
    """``fixed`` first, then distinct corpus-drawn queries up to ``total`` in all.

    Candidates are a word (jieba's, two characters or more) or a 2–6 character substring at a
    random place of a random session; each is kept with a probability that grows with the number
    of sessions (of a fixed sample) that contain it, by weighted sampling without replacement."""
    rng = random.Random(seed)
    folded = [fold(t) for t in texts]
    runs = [HAN_RUN_RE.findall(t) for t in folded]
    taken = {fold(q) for q in fixed}
    pool: list[str] = []
    seen = set(taken)
    attempts = 0
    while len(pool) < 4 * total and attempts < 40 * total:
        attempts += 1
        doc_runs = runs[rng.randrange(len(runs))]
        if not doc_runs:
            continue
        run = rng.choice(doc_runs)
        if rng.random() < 0.5:
            choices = [w for w, _, _ in words(run) if len(w) >= 2 and HAN_RUN_RE.fullmatch(w)]
            if not choices:
                continue
            candidate = rng.choice(choices)
        else:
            size = rng.randint(2, min(6, len(run)))
            start = rng.randrange(len(run) - size + 1)
            candidate = run[start : start + size]
        if candidate not in seen:
            seen.add(candidate)
            pool.append(candidate)
    sample = rng.sample(folded, min(DF_SAMPLE, len(folded)))
    keyed = []
    for candidate in pool:
        df = sum(candidate in text for text in sample)
        # Efraimidis–Spirakis: the largest u^(1/w) are a weighted sample without replacement.
        keyed.append((rng.random() ** (1.0 / max(df, 1)), candidate))
    keyed.sort(reverse=True)
    drawn = [c for _, c in keyed[: max(0, total - len(fixed))]]
    return list(fixed) + drawn


def substring_counts(texts: list[str], queries: list[str]) -> dict[str, int]:
    """How many texts contain every space-separated piece of each query, by a plain scan of the
    folded text (a piece's word runs contiguous): the count every engine must reproduce."""
    folded = [fold(t) for t in texts]
    counts = {}
    for q in queries:
        pieces = ["".join(WORD_RUN_RE.findall(fold(p))) for p in q.split()]
        counts[q] = sum(all(p in text for p in pieces) for text in folded)
    return counts
