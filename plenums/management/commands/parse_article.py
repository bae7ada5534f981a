"""Print article files parsed into session records, as a JSON array."""

import json

from django.core.management.base import BaseCommand, CommandError

from plenums.ingest.parse import parse_paths
from plenums.ingest.records import ArticleError
from plenums.management.articles import add_path_arguments, strict_skipped_line


class Command(BaseCommand):
    help = "Parse article files (or directories of *.txt) and print their records as JSON."

    def add_arguments(self, parser):
        add_path_arguments(parser)

    def handle(self, *args, paths, follow_symlinks, **options):
        try:
            records = parse_paths(paths, follow_symlinks=follow_symlinks)
        except ArticleError as exc:
            raise CommandError(str(exc)) from exc
        data = [record.as_json() for record in records]
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        # stdout is the JSON alone; the count of skipped folder entries goes beside it.
        if skipped := strict_skipped_line(paths, follow_symlinks):
            self.stderr.write(skipped)
