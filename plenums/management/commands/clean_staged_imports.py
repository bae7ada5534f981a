"""Remove admin imports staged longer ago than their lifetime (24 hours) and never saved."""

from django.core.management.base import BaseCommand

from plenums.admin import staging


class Command(BaseCommand):
    help = "Remove staged admin imports older than --hours (default 24) and print the counts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=staging.LIFETIME_HOURS,
            help="remove imports staged more than this many hours ago (0: all of them)",
        )

    def handle(self, *args, hours, **options):
        swept = staging.sweep(hours)
        self.stdout.write(
            f"staged imports: {swept.removed} removed ({swept.removed_bytes:,} bytes), "
            f"{swept.kept} kept ({swept.kept_bytes:,} bytes)"
        )
