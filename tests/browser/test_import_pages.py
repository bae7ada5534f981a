"""Importing web pages through the admin in a real browser: a saved page, then a URL."""

import pytest
from django.contrib.auth import get_user_model
from pytest_httpserver import HTTPServer

from plenums.fetch import ALLOW_PRIVATE
from plenums.models import Session
from tests.support.browser import BROWSER_MARKS, shoot
from tests.support.pages import page

PASSWORD = "correct horse battery staple"

pytestmark = BROWSER_MARKS


@pytest.fixture(autouse=True)
def staging(settings, tmp_path, monkeypatch):
    monkeypatch.setenv(ALLOW_PRIVATE, "1")
    settings.IMPORT_STAGING_DIR = tmp_path / "staged"


@pytest.fixture
def logged_in(request, live_server, transactional_db):
    tab = request.getfixturevalue("page")
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    tab.goto(live_server.url + "/admin/login/?next=/admin/plenums/session/import/")
    tab.get_by_label("用户名").fill("chief")
    tab.get_by_label("密码").fill(PASSWORD)
    tab.get_by_role("button", name="登录").click()
    tab.wait_for_url("**/admin/plenums/session/import/")
    return tab


@pytest.fixture
def site():
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    server.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    yield server
    server.clear()
    server.stop()


def save(tab):
    tab.get_by_role("button", name="保存为未公开会议").click()
    tab.wait_for_url("**/admin/plenums/session/?published__exact=0")
    assert "已保存 1 场会议" in tab.locator(".messagelist").inner_text()


def test_a_saved_page_and_a_url_come_in_through_the_admin(logged_in, site, tmp_path):
    tab = logged_in
    saved = tmp_path / "meitan.html"
    saved.write_bytes(page("media_centre", "Hans", "gbk"))
    tab.get_by_label("文章文件").set_input_files(str(saved))
    tab.get_by_role("button", name="解析并预览").click()
    tab.wait_for_url("**/admin/plenums/session/import/*/")
    item = tab.locator(".import-item")
    assert item.locator("td.ordinal").inner_text() == "第13届 第5次"
    assert item.locator("td.date").inner_text() == "2024年12月28日(推定)"
    assert "html_main_text (trafilatura" in item.inner_text()
    shoot(tab, "admin-import-page")
    save(tab)
    assert Session.objects.get().original_filename == "meitan.html"

    # A URL: refused by robots.txt first, named on the form; then a page that is allowed.
    Session.objects.all().delete()
    tab.goto(tab.url.split("/admin/")[0] + "/admin/plenums/session/import/")
    tab.get_by_label("或网页网址").fill(site.url_for("/private/a.html"))
    tab.get_by_role("button", name="解析并预览").click()
    tab.wait_for_load_state()
    assert "robots.txt disallows it" in tab.locator(".errorlist").inner_text()
    site.expect_request("/xw/1230.html").respond_with_data(
        page("wechat", "Hant", "big5"), content_type="text/html; charset=big5"
    )
    url = site.url_for("/xw/1230.html")
    tab.get_by_label("或网页网址").fill(url)
    tab.get_by_role("button", name="解析并预览").click()
    tab.wait_for_url("**/admin/plenums/session/import/*/")
    assert tab.locator(".import-item td.ordinal").inner_text() == "第13届 第5次"
    shoot(tab, "admin-import-url")
    save(tab)
    session = Session.objects.get()
    assert session.source_url == url and session.fetched_at is not None
