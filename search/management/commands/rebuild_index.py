"""rebuild_index that never empties the live index: build into a new directory, then swap it in."""

from django.core.management.base import BaseCommand, CommandError
from haystack import connections

from plenums.management.progress import TerminalProgress


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database into a fresh directory and swap it in; "
        "searches keep using the old index until the new one is complete. On a terminal it "
        "shows documents done, rate and time left."
    )

    def add_arguments(self, parser):
        # Haystack's options, so scripts written for its command keep working.
        parser.add_argument("--noinput", action="store_false", dest="interactive", default=True)
        parser.add_argument("-u", "--using", action="append", default=[])
        parser.add_argument("-b", "--batch-size", dest="batchsize", type=int, default=500)
        parser.add_argument(
            "-k",
            "--workers",
            type=int,
            default=None,
            help="writer processes for this rebuild (default: the connection's WRITER_PROCS)",
        )
        # Accepted by haystack's command, meaningless here: refused rather than ignored.
        parser.add_argument("--nocommit", action="store_true", help="refused: see the message")
        parser.add_argument(
            "-t", "--max-retries", dest="max_retries", type=int, default=None, help="refused"
        )

    def handle(self, *args, **options):
        if options["batchsize"] < 1:
            raise CommandError(f"--batch-size must be at least 1, got {options['batchsize']}")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError(f"--workers must be at least 1, got {options['workers']}")
        if options["nocommit"]:
            raise CommandError(
                "--nocommit is not supported: the new index is built aside and swapped in "
                "whole, so there is nothing to leave uncommitted"
            )
        if options["max_retries"] is not None:
            raise CommandError(
                "--max-retries is not supported: a rebuild is not retried in part; "
                "a failed one leaves the live index as it was, run the command again"
            )
        for alias in options["using"] or list(connections.connections_info):
            if alias not in connections.connections_info:
                raise CommandError(f"--using {alias!r}: no such search connection")
            backend = connections[alias].get_backend()
            if not hasattr(backend, "rebuild"):
                raise CommandError(f"--using {alias!r}: backend cannot rebuild aside")
            progress = None
            if options["verbosity"] and self.stdout.isatty():
                progress = TerminalProgress(self.stdout._out, alias)
            count = backend.rebuild(
                batch_size=options["batchsize"],
                using=alias,
                procs=options["workers"],
                progress=progress,
            )
            if progress is not None:
                progress.finish()
            if options["verbosity"]:
                self.stdout.write(f"{alias}: indexed {count} documents")
