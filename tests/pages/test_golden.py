"""Golden pages: the seed sessions' HTML (both scripts, both interface languages) and JSON, byte
for byte, so that work on how a page is rendered can never change what it says.

The access date the citation carries and the static files' content hashes are masked. To
regenerate after a deliberate change to a page, run
``UPDATE_GOLDEN=1 .venv/bin/pytest tests/pages/test_golden.py`` and read the diff by eye.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

GOLDEN = Path(__file__).parent.parent / "golden" / "pages"
SLUGS = ["jiading-6-9", "jiading-7-9"]
# name: (query string, script cookie, Accept-Language)
VARIANTS = {
    "hans.html": ("", None, "zh-hans"),
    "hant.html": ("", "hant", "zh-hans"),
    "en.html": ("", None, "en"),
    "json": ("?format=json", None, "zh-hans"),
}
STATIC_HASH = re.compile(r"(/static/[^\"']+?)\.[0-9a-f]{12}(\.\w+)")

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds():
    call_command("loaddata", str(settings.FIXTURE_FILE), verbosity=0)


def masked(body: bytes) -> bytes:
    text = body.decode().replace(timezone.localdate().isoformat(), "ACCESS-DATE")
    return STATIC_HASH.sub(r"\1.HASH\2", text).encode()


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("slug", SLUGS)
def test_session_page_is_byte_identical_to_its_golden(client, seeds, slug, variant):
    query, script, language = VARIANTS[variant]
    if script:
        client.cookies["script"] = script
    response = client.get(f"/sessions/{slug}/{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = masked(response.content)
    golden = GOLDEN / f"{slug}.{variant}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(body)
    assert body == golden.read_bytes()
