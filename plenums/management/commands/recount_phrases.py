"""Count every key phrase of the lexicon in every session's text again."""

from django.core.management.base import BaseCommand

from plenums.records.lexicon import recount


class Command(BaseCommand):
    help = "Recount every key phrase in every session (one transaction) and print the counts."

    def handle(self, *args, **options):
        counts = recount()
        self.stdout.write(
            f"{counts['phrases']} phrases in {counts['sessions']} sessions: "
            f"{counts['created']} occurrences created, {counts['updated']} updated, "
            f"{counts['removed']} removed, {counts['unchanged']} unchanged"
        )
