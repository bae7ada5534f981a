"""Prepare a fresh checkout to serve: migrate, load the fixtures into an empty archive."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from plenums.models import Session


class Command(BaseCommand):
    help = "Migrate, then load fixtures/plenums.json when the archive holds no session yet."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if Session.objects.exists():
            self.stdout.write(f"archive already holds {Session.objects.count()} sessions")
        else:
            call_command("loaddata", str(settings.FIXTURE_FILE), verbosity=0)
            self.stdout.write(f"loaded {Session.objects.count()} sessions from fixtures")
