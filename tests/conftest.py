"""Shared test fixtures: static files collected once; the browser tests' chromium and archive;
the search tests' index and seed."""

import pytest
from django.core.management import call_command

# The browser tests' fixtures: one chromium per module, a page, the seed archive, static names.
from tests.support.browser import (  # noqa: F401 - pytest fixtures
    archive,
    browser,
    page,
    plain_static_names,
)

# The admin import tests' scratch staging folder.
from tests.support.imports import staging  # noqa: F401 - pytest fixture

# The search tests' scratch index and seed archive.
from tests.support.search import index, seed  # noqa: F401 - pytest fixtures

# A client logged in as the admin's superuser.
from tests.support.staff import staff  # noqa: F401 - pytest fixture


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    # Pages reference hashed static names from the manifest; build it once per run into the
    # scratch STATIC_ROOT so templates render exactly as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
