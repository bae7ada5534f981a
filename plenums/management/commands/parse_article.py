"""Print article files parsed into session records, as a JSON array."""

import json

from django.core.management.base import BaseCommand, CommandError

from plenums.ingest.parse import parse_paths
from plenums.ingest.records import ArticleError


class Command(BaseCommand):
    help = "Parse article files (or directories of *.txt) and print their records as JSON."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="article files or directories of *.txt")

    def handle(self, *args, paths, **options):
        try:
            records = parse_paths(paths)
        except ArticleError as exc:
            raise CommandError(str(exc)) from exc
        data = [record.as_json() for record in records]
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
