"""Parse article files and write them straight into the archive database."""

from django.core.management.base import BaseCommand, CommandError

from plenums.ingest.parse import parse_paths
from plenums.ingest.records import ArticleError
from plenums.loader import load_records


class Command(BaseCommand):
    help = "Parse article files or directories and create or update their sessions."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="article files or directories of *.txt")

    def handle(self, *args, paths, **options):
        try:
            counts = load_records(parse_paths(paths))
        except ArticleError as exc:
            raise CommandError(str(exc)) from exc
        for key in sorted(counts):
            self.stdout.write(f"{key}: {counts[key]}")
