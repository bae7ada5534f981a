"""Chromium (Debian's, via Playwright): the browser tests' fixtures, shared by conftest.py."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from plenums.models import Session

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 390}
MISSING_PAGE = "/no-such-page/"

# Every browser test module's marks: live-server pages name unhashed static files, and without
# Debian's chromium the tests say loudly why they did not run.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.usefixtures("plain_static_names"),
    pytest.mark.skipif(
        not shutil.which(CHROMIUM),
        reason=f"BROWSER TESTS SKIPPED: {CHROMIUM} is missing (apt-get install chromium)",
    ),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def plain_static_names(settings):
    # The live server serves /static/ through the staticfiles finders, which know the source
    # names only; hashed, compressed serving by whitenoise is covered in test_pages.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def archive(transactional_db):
    """The two real seed articles as the parser stored them (fixtures/plenums.json)."""
    call_command("loaddata", str(settings.FIXTURE_FILE), verbosity=0)
    return Session.objects.get(slug="jiading-7-9")


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m) if m.type == "error" else None)
    yield page
    context.close()
    # A Content-Security-Policy violation or a missing stylesheet shows up as a console error;
    # only the status of a page deliberately asked for as missing is expected.
    assert [m.text for m in errors if MISSING_PAGE not in m.location.get("url", "")] == []
