"""Importing articles through the admin in a real browser: upload, preview, save, publish."""

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from plenums.models import Session
from tests.support.articles import NO_ORDINAL
from tests.support.browser import BROWSER_MARKS, shoot

SEED = Path(settings.ARTICLES_DIR) / "002_27bcc7541d41a89d.txt"
PASSWORD = "correct horse battery staple"

pytestmark = BROWSER_MARKS


# An article about a committee the seed archive does not hold, with two speakers of its own.
CHUNAN = (
    "中共淳安县第十五届委员会第六次全体会议召开\n\n"
    "2024年7月26日,中国共产党淳安县第十五届委员会第六次全体会议在千岛湖召开。\n\n"
    "县委书记覃隐之代表县委常委会作工作报告并讲话。县委副书记、县长柯晓澜出席会议。\n\n"
    "全会审议通过了《中共淳安县委关于深化生态文明建设的决定》。\n\n"
    "全会强调,要坚持“绿水青山就是金山银山”,推动高质量发展。\n"
)


@pytest.fixture(autouse=True)
def staging(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staged"


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


def test_an_import_is_unseen_by_readers_until_it_is_published(
    logged_in, live_server, archive, browser, tmp_path
):
    # The index outlives each test's database; rebuild it from exactly this test's rows.
    call_command("rebuild_index", interactive=False, verbosity=0)
    tab = logged_in
    article = tmp_path / "chunan-15-6.txt"
    article.write_text(CHUNAN, encoding="utf-8")
    open_import(tab, article)
    assert tab.locator(".import-item td.ordinal").inner_text() == "第15届 第6次"
    tab.get_by_role("button", name="保存为未公开会议").click()
    tab.wait_for_url("**/admin/plenums/session/?published__exact=0")
    session = Session.objects.get(committee__region="淳安县")
    assert session.published is False
    committee, people = session.committee, ["覃隐之", "柯晓澜"]
    own_pages = [
        session.get_absolute_url(),
        f"/sessions/{session.slug}/original/",
        f"/committees/{committee.slug}/",
        f"/committees/{committee.slug}/?format=json",
        "/phrases/绿水青山就是金山银山/",
        *(f"/people/{name}/" for name in people),
        *(f"/people/{name}/{committee.slug}/" for name in people),
    ]
    lists = ["/", "/committees/", "/people/", "/phrases/", "/search/", "/search/?q=千岛湖"]

    reader = browser.new_context(locale="zh-CN")
    anonymous = reader.new_page()

    def visit(path):
        response = anonymous.goto(live_server.url + quote(path, safe="/?=&"))
        return response.status, anonymous.locator("body").inner_text()

    def committee_choices():
        return anonymous.locator("select[name=committee] option").all_inner_texts()

    try:
        for path in own_pages:
            assert visit(path)[0] == 404, path
        for path in lists:
            status, text = visit(path)
            assert status == 200, path
            # Nothing of it: not its committee, region, speakers, document, nor its one sentence.
            for shown in ("淳安", *people, "生态文明建设", "绿水青山"):
                assert shown not in text.replace("千岛湖", ""), (path, shown)
        assert not [c for c in committee_choices() if "淳安" in c]
        assert anonymous.locator(f'a[href*="/sessions/{session.slug}/"]').count() == 0

        # Staff publish it on its page; then readers see it everywhere.
        tab.goto(f"{live_server.url}/admin/plenums/session/{session.pk}/change/")
        tab.locator("#id_published").check()
        tab.get_by_role("button", name="保存", exact=True).click()
        tab.wait_for_url("**/admin/plenums/session/")
        session.refresh_from_db()
        assert session.published is True
        for path in own_pages:
            assert visit(path)[0] == 200, path
        assert committee.name in visit("/committees/")[1]
        assert all(name in visit("/people/")[1] for name in people)
        visit("/search/?q=千岛湖")
        assert "中共杭州市淳安县委员会" in committee_choices()
        assert anonymous.locator(f'a[href*="/sessions/{session.slug}/"]').count() >= 1
    finally:
        reader.close()
