"""rebuild_index that never empties the live index: build into a new directory, then swap it in."""

from django.core.management.base import BaseCommand, CommandError
from haystack import connections


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database into a fresh directory and swap it in; "
        "searches keep using the old index until the new one is complete."
    )

    def add_arguments(self, parser):
        # Haystack's options, so scripts written for its command keep working.
        parser.add_argument("--noinput", action="store_false", dest="interactive", default=True)
        parser.add_argument("-u", "--using", action="append", default=[])
        parser.add_argument("-b", "--batch-size", dest="batchsize", type=int, default=500)
        parser.add_argument("-k", "--workers", type=int, default=0)
        parser.add_argument("--nocommit", action="store_false", dest="commit", default=True)
        parser.add_argument("-t", "--max-retries", dest="max_retries", type=int, default=5)

    def handle(self, *args, **options):
        if options["batchsize"] < 1:
            raise CommandError(f"--batch-size must be at least 1, got {options['batchsize']}")
        for alias in options["using"] or list(connections.connections_info):
            if alias not in connections.connections_info:
                raise CommandError(f"--using {alias!r}: no such search connection")
            backend = connections[alias].get_backend()
            if not hasattr(backend, "rebuild"):
                raise CommandError(f"--using {alias!r}: backend cannot rebuild aside")
            count = backend.rebuild(batch_size=options["batchsize"], using=alias)
            if options["verbosity"]:
                self.stdout.write(f"{alias}: indexed {count} documents")
