"""Parse article files into the deterministic Django fixture the archive loads."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plenums.ingest.fixtures import dumps
from plenums.ingest.parse import parse_paths
from plenums.ingest.records import ArticleError
from plenums.ingest.write import write_atomic


class Command(BaseCommand):
    help = "Parse articles (default fixtures/articles/) into a fixture (fixtures/plenums.json)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="article files or directories of *.txt")
        parser.add_argument("-o", "--output", default=str(settings.FIXTURE_FILE))

    def handle(self, *args, paths, output, **options):
        try:
            records = parse_paths(paths or [str(settings.ARTICLES_DIR)])
            write_atomic(output, dumps(records))
        except (ArticleError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        people = len({(s.name, r.committee.name) for r in records for s in r.speakers})
        self.stdout.write(f"wrote {output}: {len(records)} sessions, {people} people")
