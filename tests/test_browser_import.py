"""Importing an article through the admin in a real browser: log in, upload, preview, save."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from plenums.models import Session
from tests.support.articles import NO_ORDINAL
from tests.support.browser import BROWSER_MARKS, shoot

SEED = Path(settings.ARTICLES_DIR) / "002_27bcc7541d41a89d.txt"
PASSWORD = "correct horse battery staple"

pytestmark = BROWSER_MARKS


@pytest.fixture
def logged_in(request, live_server, transactional_db):
    tab = request.getfixturevalue("page")
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    tab.goto(live_server.url + "/admin/login/?next=/admin/plenums/session/")
    tab.get_by_label("用户名").fill("chief")
    tab.get_by_label("密码").fill(PASSWORD)
    tab.get_by_role("button", name="登录").click()
    tab.wait_for_url("**/admin/plenums/session/")
    return tab


def open_import(tab, path):
    tab.get_by_role("link", name="导入文章").click()
    tab.wait_for_url("**/admin/plenums/session/import/")
    shoot(tab, "admin-import-upload")
    tab.get_by_label("文章文件").set_input_files(str(path))
    tab.get_by_role("button", name="解析并预览").click()
    tab.wait_for_url("**/admin/plenums/session/import/*/")


def test_upload_preview_save(logged_in, tmp_path):
    tab = logged_in
    article = tmp_path / "jiading-6-9.txt"
    shutil.copy(SEED, article)
    open_import(tab, article)
    item = tab.locator(".import-item")
    assert item.locator("h2").inner_text() == "jiading-6-9.txt"
    assert item.locator("td.ordinal").inner_text() == "第6届 第9次"
    assert item.locator("td.date").inner_text() == "2020年6月29日"
    assert "中共上海市嘉定区委员会" in item.locator("table.import-facts").inner_text()
    assert item.locator("table.import-speakers tbody tr").count() >= 1
    shoot(tab, "admin-import-preview")

    tab.get_by_role("button", name="保存为未公开会议").click()
    tab.wait_for_url("**/admin/plenums/session/?published__exact=0")
    assert "已保存 1 场会议" in tab.locator(".messagelist").inner_text()
    session = Session.objects.get()
    assert session.published is False and session.original_filename == "jiading-6-9.txt"
    row = tab.locator("#result_list tbody tr")
    assert row.count() == 1 and session.title in row.inner_text()
    shoot(tab, "admin-import-saved")


def test_an_article_without_its_ordinal_asks_for_it(logged_in, tmp_path):
    tab = logged_in
    article = tmp_path / "no-ordinal.txt"
    article.write_text(NO_ORDINAL, encoding="utf-8")
    open_import(tab, article)
    item = tab.locator(".import-item")
    assert "not a plenum report" in item.locator(".errorlist").inner_text()
    assert tab.locator("table.import-facts").count() == 0
    shoot(tab, "admin-import-missing")

    tab.get_by_label("届").fill("7")
    tab.get_by_label("次").fill("10")
    tab.get_by_label("次").press("Enter")  # the form's default button re-parses
    tab.wait_for_load_state()
    assert item.locator("td.ordinal").inner_text() == "第7届 第10次"
    assert "导入时由编辑补充" in item.locator(".import-warnings").inner_text()
    assert Session.objects.count() == 0
    shoot(tab, "admin-import-supplied")

    tab.get_by_role("button", name="保存为未公开会议").click()
    tab.wait_for_url("**/admin/plenums/session/?published__exact=0")
    title = "中共上海市嘉定区第七届委员会第十次全体会议"
    assert title in tab.locator("#result_list").inner_text()
    assert Session.objects.get().title == title
