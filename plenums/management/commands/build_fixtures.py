"""Parse article files into the deterministic Django fixture the archive loads."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plenums.ingest.fixtures import dumps
from plenums.ingest.parse import parse_batch, parse_paths
from plenums.ingest.phrase_counts import read_lexicon
from plenums.ingest.records import ArticleError
from plenums.ingest.write import write_atomic
from plenums.management.articles import add_path_arguments, skipped_line, strict_skipped_line
from plenums.management.progress import TerminalProgress


class Command(BaseCommand):
    help = "Parse articles (default fixtures/articles/) into a fixture (fixtures/plenums.json)."

    def add_arguments(self, parser):
        add_path_arguments(parser, nargs="*")
        parser.add_argument("-o", "--output", default=str(settings.FIXTURE_FILE))
        parser.add_argument(
            "--lexicon",
            help="phrases to count in every session besides the quoted ones, one a line"
            " (default: fixtures/lexicon.txt when present)",
        )
        parser.add_argument(
            "--keep-going",
            action="store_true",
            help="write every good file, list the refused ones, exit 1 if any was refused",
        )

    def handle(self, *args, paths, output, keep_going, lexicon, follow_symlinks, **options):
        paths = paths or [str(settings.ARTICLES_DIR)]
        if lexicon is None and settings.LEXICON_FILE.exists():
            lexicon = str(settings.LEXICON_FILE)
        progress = TerminalProgress(self.stdout)
        refused: list[ArticleError] = []
        try:
            tracked = read_lexicon(lexicon) if lexicon else []
            if keep_going:
                batch = parse_batch(paths, progress, follow_symlinks)
                records, refused = [record for _path, record in batch.parsed], batch.refused
            else:
                records = parse_paths(paths, progress, follow_symlinks)
            progress.finish()
            # Nothing good at all: keep the old fixture rather than empty it.
            if records or not keep_going:
                write_atomic(output, dumps(records, tracked))
        except (ArticleError, OSError) as exc:
            progress.finish()
            raise CommandError(str(exc)) from exc
        if records or not keep_going:
            people = len({(s.name, r.committee.name) for r in records for s in r.speakers})
            self.stdout.write(f"wrote {output}: {len(records)} sessions, {people} people")
        if keep_going:
            skipped = skipped_line(batch.skipped)
            self.stdout.write(
                f"{len(records)} written, {len(refused)} refused"
                + (f", {skipped}" if skipped else "")
            )
            for error in refused:
                self.stderr.write(str(error))
            if refused:
                sys.exit(1)
        elif skipped := strict_skipped_line(paths, follow_symlinks):
            self.stdout.write(skipped)
