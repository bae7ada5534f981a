"""`python bench/search_run.py --sessions 10000`: the archive's search, raw Whoosh and SQLite FTS5.

Builds a synthetic corpus of N sessions in a scratch directory and reports index build time and
p50/p95 query latency for each; the real archive is never touched.
"""

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv=None, out=print) -> int:
    """Parse ``argv``, run the benchmark, write each line of the report with ``out``."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenums.settings")
    import django

    django.setup()
    from bench.search import RAW_SAMPLE, scratch_run

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000, help="corpus size N")
    parser.add_argument(
        "--queries", type=int, default=20, help="timed rounds over the fixed query set"
    )
    parser.add_argument("--workdir", help="scratch directory (default: a new temporary one)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--raw-sample",
        type=int,
        default=RAW_SAMPLE,
        help=f"documents the raw Whoosh writer is timed on ({RAW_SAMPLE})",
    )
    args = parser.parse_args(argv)
    try:
        scratch_run(args.sessions, args.queries, args.workdir, args.seed, out, args.raw_sample)
    except ValueError as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
