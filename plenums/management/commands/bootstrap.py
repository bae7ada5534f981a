"""Prepare a checkout to serve: migrate, load fixtures into an empty archive, drop old imports."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from plenums.models import Session
from search.backend.whoosh_backend import get_backend as get_search_backend


class Command(BaseCommand):
    help = "Migrate, then load fixtures/plenums.json when the archive holds no session yet."

    def handle(self, *args, **options):
        if connection.vendor == "sqlite":
            # A fresh checkout has no var/ yet, and SQLite will not create the directory.
            Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if Session.objects.exists():
            self.stdout.write(f"archive already holds {Session.objects.count()} sessions")
        else:
            call_command("loaddata", str(settings.FIXTURE_FILE), verbosity=0)
            # loaddata writes no history; give every row its first version so edits can revert.
            call_command("populate_history", auto=True, verbosity=0)
            self.stdout.write(f"loaded {Session.objects.count()} sessions from fixtures")
        search = get_search_backend()
        if not search.index_exists() or (search.document_count() == 0 and Session.objects.exists()):
            self.stdout.write(f"search index built: {search.rebuild()} documents")
        # Expired imports are refused when read; this frees their disk on every start.
        call_command("clean_staged_imports", stdout=self.stdout)
        users = get_user_model().objects
        if settings.DEBUG and not users.filter(is_superuser=True).exists():
            password = os.environ.get("ARCHIVE_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
            users.create_superuser("admin", "", password)
            self.stdout.write(f"development admin: user 'admin', password '{password}'")
