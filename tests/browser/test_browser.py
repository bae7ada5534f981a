"""What a reader sees in a real browser (Debian's chromium via Playwright), desktop and phone."""

from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from tests.support.browser import BROWSER_MARKS, MISSING_PAGE, shoot

pytestmark = BROWSER_MARKS


def test_home(page, live_server, archive):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("search").is_visible()
    assert page.locator(".session-list li").count() == 2
    # The stylesheet loaded: the header rule is the accent colour, not the browser default.
    border = page.eval_on_selector("header.site", "e => getComputedStyle(e).borderBottomStyle")
    assert border == "solid"
    shoot(page, "home")


def test_session_page_shows_source_and_toggles_script(page, live_server, archive):
    page.goto(live_server.url + "/sessions/jiading-6-9/")
    source = page.locator("a.source")
    assert source.get_attribute("href") == "http://www.shcafe.org/shzxxw/88287.html"
    assert source.inner_text() == "上海热线新闻网"
    assert page.locator(".facts time").inner_text() == "2020年6月29日"
    shoot(page, "session-6-9")

    page.goto(live_server.url + archive.get_absolute_url())
    assert page.locator(".facts time").inner_text() == "2024年(推定)"
    assert page.locator(".source.unknown").inner_text() == "来源不详"
    first = page.locator("#p1").inner_text()
    # The article is in Traditional script; the default reader gets Simplified.
    assert "嘉定区第七届委员会" in first and "嘉定區" not in first
    assert page.locator("mark.flag").count() == 3
    shoot(page, "session")
    page.emulate_media(media="print")
    # On paper: no navigation chrome, the record and its citation stay.
    assert not page.locator("nav.main-nav").is_visible()
    assert not page.get_by_role("search").is_visible()
    assert page.locator(".cite").is_visible()
    shoot(page, "session-print")
    page.emulate_media(media="screen")

    page.get_by_role("link", name="繁體").click()
    page.wait_for_url(live_server.url + archive.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert "嘉定區第七屆委員會" in page.locator("#p1").inner_text()
    assert page.get_by_role("heading", name="來源與整理").is_visible()
    shoot(page, "session-hant")

    # The choice persists across pages, and the URL does not change with the script.
    page.get_by_role("link", name="陸方舟").first.click()
    assert page.locator("h1").inner_text() == "陸方舟"
    assert page.url == live_server.url + f"/people/{quote('陆方舟')}/jiading/"


def test_paragraph_permalink_targets_the_paragraph(page, live_server, archive):
    page.goto(live_server.url + archive.get_absolute_url())
    page.locator('a.pilcrow[href="#p3"]').click()
    assert page.url.endswith("#p3")
    colour = page.eval_on_selector("#p3", "e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")


def test_person_page(page, live_server, archive):
    page.goto(live_server.url + f"/people/{quote('高香')}/")
    rows = page.locator("table.records tbody tr")
    assert rows.count() == 1
    assert "区委副书记、区长" in rows.first.inner_text()
    assert "2024年(推定)" in rows.first.inner_text()
    shoot(page, "person")


def test_phrase_page_draws_the_timeline(page, live_server, archive):
    page.goto(live_server.url + f"/phrases/{quote('十四五')}/")
    dots = page.locator("svg circle.dot")
    assert dots.count() == 2
    box = page.locator(".phrase-timeline svg").bounding_box()
    assert box["width"] > 300
    shoot(page, "phrase")


def test_committee_page_on_a_phone_has_no_sideways_scroll(page, live_server, archive):
    page.set_viewport_size({"width": 360, "height": 800})
    for url in [
        "/",
        archive.get_absolute_url(),
        f"/people/{quote('高香')}/",
        f"/phrases/{quote('十四五')}/",
        "/committees/jiading/",
    ]:
        page.goto(live_server.url + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 360px"
    assert "未收录" in page.content()
    shoot(page, "committee")


def test_search_highlights_the_hit(page, live_server, archive):
    try:
        reverse("search:search")
    except NoReverseMatch:
        pytest.skip("the /search/ page is not wired into the URLs yet")
    # The index outlives each test's database; rebuild it from exactly this test's rows.
    call_command("rebuild_index", interactive=False, verbosity=0)
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox").fill("嘉定")
    page.get_by_role("search").get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator("mark").count() > 0
    assert page.locator("mark").first.inner_text() == "嘉定"
    shoot(page, "search")


A11Y_CHECKS = """() => {
  const problems = [];
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(`${h1} h1 elements`);
  let last = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(h.tagName[1]);
    if (level > last + 1) problems.push(`heading jumps to ${h.tagName}: ${h.textContent}`);
    last = level;
  }
  for (const a of document.querySelectorAll('a')) {
    const labelledby = (a.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
    const name = (a.textContent + (a.getAttribute('aria-label') || '')
      + labelledby.map(id => document.getElementById(id)?.textContent || '').join('')).trim();
    if (!name) problems.push(`link without a name: ${a.outerHTML.slice(0, 80)}`);
  }
  for (const input of document.querySelectorAll('input:not([type=hidden]), select')) {
    if (!input.labels.length && !input.getAttribute('aria-label'))
      problems.push(`unlabelled control: ${input.outerHTML.slice(0, 80)}`);
  }
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  if (!document.querySelector('main')) problems.push('no <main>');
  return problems;
}"""


def test_pages_pass_basic_accessibility_checks(page, live_server, archive):
    for url in [
        "/",
        archive.get_absolute_url(),
        f"/people/{quote('陆方舟')}/",
        f"/phrases/{quote('十四五')}/",
        "/committees/jiading/",
        "/committees/",
        "/data/",
        MISSING_PAGE,
    ]:
        page.goto(live_server.url + url)
        assert page.evaluate(A11Y_CHECKS) == [], url
    # The first Tab reaches the skip link, which leads to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"


def test_english_interface_in_the_browser(page, live_server, archive):
    page.goto(live_server.url + archive.get_absolute_url())
    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + archive.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Term 7, plenum 9"
    assert page.get_by_role("heading", name="Provenance").is_visible()
    shoot(page, "session-en")
