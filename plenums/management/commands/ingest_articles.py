"""Parse article files and write them straight into the archive database."""

import sys

from django.core.management.base import BaseCommand, CommandError

from plenums.ingest.parse import parse_batch, parse_paths
from plenums.ingest.records import ArticleError
from plenums.loader import load_keep_going, load_records
from plenums.management.articles import add_path_arguments, skipped_line, strict_skipped_line
from plenums.management.progress import TerminalProgress


class Command(BaseCommand):
    help = "Parse article files or directories and create or update their sessions."

    def add_arguments(self, parser):
        add_path_arguments(parser)
        parser.add_argument(
            "--keep-going",
            action="store_true",
            help="load every good file, list the refused ones, exit 1 if any was refused",
        )

    def handle(self, *args, paths, keep_going, follow_symlinks, **options):
        progress = TerminalProgress(self.stdout)
        if keep_going:
            batch = parse_batch(paths, progress, follow_symlinks)
            progress.finish()
            counts, failed = load_keep_going(batch.parsed)
            refused = sorted(batch.refused + failed, key=lambda error: error.path)
        else:
            try:
                counts = load_records(parse_paths(paths, progress, follow_symlinks))
            except ArticleError as exc:
                raise CommandError(str(exc)) from exc
            finally:
                progress.finish()
        for key in sorted(counts):
            self.stdout.write(f"{key}: {counts[key]}")
        if keep_going:
            loaded = len(batch.parsed) - len(failed)
            skipped = skipped_line(batch.skipped)
            self.stdout.write(
                f"{loaded} loaded, {len(refused)} refused" + (f", {skipped}" if skipped else "")
            )
            for error in refused:
                self.stderr.write(str(error))
            if refused:
                sys.exit(1)
        elif skipped := strict_skipped_line(paths, follow_symlinks):
            self.stdout.write(skipped)
