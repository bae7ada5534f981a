"""The admin import takes saved web pages and URLs: the page's facts previewed and saved with
their origin; a URL that gives no page is named on the form, and nothing is staged."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_httpserver import HTTPServer

from plenums.fetch import ALLOW_PRIVATE
from plenums.models import Session
from tests.support.pages import page

IMPORT_URL = "/admin/plenums/session/import/"


@pytest.fixture(autouse=True)
def staging(settings, tmp_path, monkeypatch):
    monkeypatch.setenv(ALLOW_PRIVATE, "1")
    settings.IMPORT_STAGING_DIR = tmp_path / "staged"
    return settings.IMPORT_STAGING_DIR


@pytest.fixture
def server():
    server = HTTPServer(host="127.0.0.1")
    server.start()
    server.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    yield server
    server.clear()
    server.stop()


def save(client, preview):
    response = client.post(preview, {"_save": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_saved_page_is_previewed_and_saved(staff):
    data = page("epaper", "Hant", "big5")
    upload = SimpleUploadedFile("paper.html", data, content_type="text/html")
    response = staff.post(IMPORT_URL, {"files": upload})
    preview = response["Location"]
    text = staff.get(preview).content.decode()
    assert "html_main_text (trafilatura" in text  # the cleaning log names the extraction
    assert "網頁發布日期" in text or "网页发布日期" in text  # the year's evidence, shown
    save(staff, preview)
    session = Session.objects.get()
    assert session.sha256 == hashlib.sha256(data).hexdigest()
    assert session.original_encoding == "big5" and not session.published


def test_a_url_is_fetched_previewed_and_saved_with_its_origin(staff, server):
    server.expect_request("/xw/1230.html").respond_with_data(
        page("wechat", "Hans", "gbk"), content_type="text/html; charset=gbk"
    )
    url = server.url_for("/xw/1230.html")
    response = staff.post(IMPORT_URL, {"url": url})
    assert response.status_code == 302, response.content.decode()[:3000]
    preview = response["Location"]
    assert url in staff.get(preview).content.decode()
    save(staff, preview)
    session = Session.objects.get()
    assert session.source_url == url
    assert session.fetched_at is not None
    assert session.original_filename == "1230.html"


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/private/a.html", "robots.txt disallows it"), ("/missing.html", "HTTP 500")],
)
def test_a_url_without_a_page_is_named_and_nothing_staged(staff, server, staging, path, reason):
    url = server.url_for(path)
    response = staff.post(IMPORT_URL, {"url": url})
    assert response.status_code == 200
    assert f"未能抓取 {url}:" in response.content.decode()
    assert reason in response.content.decode()
    assert not staging.exists() or not any(p.is_dir() for p in staging.rglob("*"))
    assert not Session.objects.exists()
