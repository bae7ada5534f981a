"""Shared test fixtures: static files collected once, as production serves them."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    # Pages reference hashed static names from the manifest; build it once per run into the
    # scratch STATIC_ROOT so templates render exactly as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
