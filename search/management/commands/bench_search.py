"""Benchmark search: the archive's stack against raw Whoosh and SQLite FTS5 on N sessions."""

from django.core.management.base import BaseCommand, CommandError

from search.bench import RAW_SAMPLE, scratch_run


class Command(BaseCommand):
    help = (
        "Build a synthetic corpus of N sessions in a scratch directory and report index build "
        "time and p50/p95 query latency for the archive's search, raw Whoosh and SQLite FTS5."
    )

    def add_arguments(self, parser):
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

    def handle(self, *args, sessions, queries, workdir, seed, raw_sample, **options):
        try:
            scratch_run(sessions, queries, workdir, seed, self.stdout.write, raw_sample)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
