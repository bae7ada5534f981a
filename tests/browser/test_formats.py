"""In a real browser (Debian's chromium via Playwright): a session page's citation meta tags read
against its JSON, and the OpenSearch description every page links, with the searches it
describes answering."""

import xml.etree.ElementTree as ET
from urllib.parse import quote

from django.core.management import call_command

from plenums.chinese import to_traditional
from tests.support.browser import BROWSER_MARKS, MISSING_PAGE

pytestmark = BROWSER_MARKS

OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
META = """() => Array.from(
  document.head.querySelectorAll('meta[name^="citation_"], meta[name^="DC."]')
).map(m => [m.name, m.content])"""


def tags(page) -> dict:
    found = {}
    for name, content in page.evaluate(META):
        found.setdefault(name, []).append(content)
    return found


def test_citation_meta_tags_match_the_sessions_json(page, live_server, archive):
    for slug in ("jiading-6-9", "jiading-7-9"):
        url = f"{live_server.url}/sessions/{slug}/"
        data = page.request.get(url + "?format=json").json()
        page.goto(url)
        date = data["date"]
        parts = [date["year"], date["month"], date["month"] and date["day"]]
        written = "/".join(f"{p:02d}" for p in parts if p)
        expected = {
            "citation_title": [data["title"]],
            "citation_author": [data["committee"]["name"]],
            "citation_date": [written],
            "citation_publisher": [data["source"]["name"] if data["source"] else "全会档案"],
            "citation_public_url": [url],
            "citation_language": ["zh-Hans"],
        }
        got = tags(page)
        assert {k: got[k] for k in expected} == expected
        assert got["DC.title"] == [data["title"]] and got["DC.date"] == [written.replace("/", "-")]

    # In Traditional script the tags are converted with the page, and say so.
    page.get_by_role("link", name="繁體").click()
    page.wait_for_url(url)
    got = tags(page)
    assert got["citation_title"] == [to_traditional(data["title"])]
    assert got["citation_author"] == [to_traditional(data["committee"]["name"])]
    assert got["citation_language"] == ["zh-Hant"] == got["DC.language"]
    assert page.locator("html").get_attribute("lang") == "zh-Hant"


def test_every_page_links_the_opensearch_description_and_its_urls_answer(
    page, live_server, archive
):
    # The index outlives each test's database; rebuild it from exactly this test's rows.
    call_command("rebuild_index", interactive=False, verbosity=0)
    for path in ["/", archive.get_absolute_url(), "/committees/", "/data/", MISSING_PAGE]:
        page.goto(live_server.url + path)
        link = page.locator('head link[rel="search"]')
        assert link.count() == 1, path
        assert link.get_attribute("type") == "application/opensearchdescription+xml"
        assert link.get_attribute("title") == "全会档案"
        description_url = page.evaluate("document.querySelector('link[rel=search]').href")
        assert description_url == live_server.url + "/opensearch.xml"

    response = page.request.get(description_url)
    assert response.ok
    assert response.headers["content-type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(response.body())
    assert root.tag == OPENSEARCH + "OpenSearchDescription"
    assert root.find(OPENSEARCH + "ShortName").text == "全会档案"
    templates = {u.get("type"): u.get("template") for u in root.iter(OPENSEARCH + "Url")}
    assert templates["application/opensearchdescription+xml"] == description_url

    # The browser's search: the described URL with the words put in answers with the hits.
    page.goto(templates["text/html"].replace("{searchTerms}", quote("嘉定")))
    assert page.locator("h1").inner_text() == "全文检索"
    assert page.locator(".search-results li").count() == 2
    found = page.request.get(templates["application/json"].replace("{searchTerms}", quote("嘉定")))
    assert found.ok and found.json()["count"] == 2
