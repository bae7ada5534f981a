"""Public pages: what a reader and a researcher get from each URL, in both scripts."""

import csv
import io
import json
import re
from dataclasses import fields
from urllib.parse import quote

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from plenums.ingest.records import SessionRecord
from plenums.models import Session
from plenums.records.shapes import session_record
from tests.support.rows import make_committee, make_session

pytestmark = pytest.mark.django_db

TRADITIONAL_TEXT = "全會指出,要堅持“十四五”規劃。\n全會強調,要加強黨的建設。"


def html(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


@pytest.fixture
def two_sessions():
    """The 6th-term 9th plenum and the 7th-term 9th plenum of one committee."""
    earlier = make_session(
        term=6,
        plenum=9,
        year=2020,
        month=6,
        day=29,
        source=None,
        phrases=(("人民城市", 3, "人民城市人民建。"), ("十四五", 1, "谋划“十四五”。")),
        speakers=(("高香", "高香", ["区长"], []),),
    )
    later = make_session(
        term=7,
        plenum=9,
        year=2024,
        month=12,
        inferred=True,
        text=TRADITIONAL_TEXT,
        script="Hant",
        speakers=(("陆方舟", "陸方舟", ["区委书记"], ["作工作报告"]),),
        warnings=(("damaged", 17, "全會強調"),),
    )
    return earlier, later


# --- the session record -----------------------------------------------------------------------


def test_session_header_shows_committee_ordinal_honest_date_and_source(client, two_sessions):
    _, later = two_sessions
    page = html(client.get("/sessions/jiading-7-9/"))
    assert '<a href="/committees/jiading/" lang="zh-Hans">中共上海市嘉定区委员会</a>' in page
    assert "第7届委员会第9次全体会议" in page
    assert "2024年12月(推定)" in page
    assert '<a class="source" href="https://example.org/jiading/7-9"' in page


def test_session_without_source_says_so(client, two_sessions):
    page = html(client.get("/sessions/jiading-6-9/"))
    assert "来源不详" in page
    assert 'class="source" href' not in page
    assert "2020年6月29日" in page and "推定" not in page.split("<main")[1].split("引用")[0]


def test_source_url_becomes_a_link_only_for_web_addresses(client, two_sessions):
    Session.objects.filter(term=6).update(source_name="某报", source_url="javascript:alert(1)")
    page = html(client.get("/sessions/jiading-6-9/"))
    assert "javascript:" not in page and '<dd><span lang="zh-Hans">某报</span></dd>' in page


def test_session_text_has_a_permalink_anchor_per_paragraph(client, two_sessions):
    page = html(client.get("/sessions/jiading-7-9/"))
    assert re.findall(r'<p id="(p\d+)"', page) == ["p1", "p2"]
    assert '<a class="pilcrow" lang="zh-Hans" href="#p2"' in page


def test_session_links_speakers_documents_and_phrases(client, two_sessions):
    page = html(client.get("/sessions/jiading-7-9/"))
    person_link = f'<a href="/people/{quote("陆方舟")}/jiading/" lang="zh-Hans">陆方舟</a>'
    assert person_link + ' <span class="role" lang="zh-Hans">区委书记</span>' in page
    assert "审议通过《中共嘉定区委关于加强党的建设的决议》" in page
    assert f'<a href="/phrases/{quote("十四五")}/" lang="zh-Hans">十四五</a>' in page
    assert "委员 31 名" in page and "候补委员 1 名" in page


def test_session_provenance_box(client, two_sessions):
    _, later = two_sessions
    page = html(client.get("/sessions/jiading-7-9/"))
    provenance = page.split('class="provenance"')[1].split("</section>")[0]
    assert later.sha256 in provenance
    assert "<code>strip_boilerplate</code> × 1" in provenance
    # The warning at offset 17 opens the second paragraph: paragraph and excerpt are marked.
    assert '<a href="#p2">第 2 段</a>' in provenance
    assert '<p id="p2" class="flagged" lang="zh-Hans">' in page
    mark = '<mark class="flag" title="damaged" lang="zh-Hans"><span lang="zh-Hans">全会强调</span>'
    assert mark + "</mark>" in page
    assert 'href="/sessions/jiading-7-9/original/"' in provenance


def test_session_cites_in_gbt7714_with_permalink(client, two_sessions):
    page = html(client.get("/sessions/jiading-7-9/"))
    citation = re.search(r'<p class="citation"><code lang="zh-Hans">(.*?)</code>', page).group(1)
    assert citation.startswith(
        "中共上海市嘉定区委员会. 中共嘉定区第7届委员会第9次全体会议举行[N/OL]. 嘉定报, [2024-12]["
    )
    assert citation.endswith("]. http://testserver/sessions/jiading-7-9/.")
    assert '<link rel="canonical" href="http://testserver/sessions/jiading-7-9/">' in page


def test_session_neighbours_and_phrase_changes(client, two_sessions):
    page = html(client.get("/sessions/jiading-7-9/"))
    assert '<a rel="prev" href="/sessions/jiading-6-9/">← 第6届委员会第9次全体会议</a>' in page
    assert "(此后无收录)" in page
    changes = page.split('<dl class="changes">')[1].split("</dl>")[0]
    assert re.search(r"不再出现</dt><dd><a [^>]*>人民城市</a>", changes)
    assert "十四五</a> 1→2" in changes
    older = html(client.get("/sessions/jiading-6-9/"))
    assert '<a rel="next" href="/sessions/jiading-7-9/">' in older
    assert '<dl class="changes">' not in older


def test_session_json_is_the_parser_shape(client, two_sessions):
    data = client.get("/sessions/jiading-7-9/?format=json").json()
    record = session_record(Session.objects.with_shapes().get(term=7))
    assert data == record.as_json()
    # The original, its digest and encoding, and a fetched page's origin stay with the row.
    internal = {"original", "sha256", "encoding", "origin"}
    assert set(data) == {f.name for f in fields(SessionRecord)} - internal
    assert data["text"] == TRADITIONAL_TEXT  # data stays in the article's own script
    assert data["speakers"][0]["name_as_printed"] == "陸方舟"
    assert data["date"] == {
        "year": 2024,
        "month": 12,
        "day": None,
        "inferred": True,
        "edtf": "2024-12?",
        # A row made by hand carries no evidence and no doubt.
        "evidence": None,
        "year_evidence": None,
        "doubt": [],
    }


def test_original_is_verbatim_and_never_converted(client, two_sessions):
    for cookie in ("hans", "hant"):
        client.cookies["script"] = cookie
        response = client.get("/sessions/jiading-7-9/original/")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode() == TRADITIONAL_TEXT


def test_unpublished_session_is_hidden(client, two_sessions):
    Session.objects.filter(term=6).update(published=False)
    assert client.get("/sessions/jiading-6-9/").status_code == 404
    assert client.get("/sessions/jiading-6-9/original/").status_code == 404
    assert "jiading-6-9" not in html(client.get("/"))
    assert "jiading-6-9" not in html(client.get("/committees/jiading/"))


# --- the script toggle ------------------------------------------------------------------------


def test_default_script_is_simplified_even_for_traditional_articles(client, two_sessions):
    page = html(client.get("/sessions/jiading-7-9/"))
    assert '<html lang="zh-Hans">' in page
    assert "全会指出,要坚持“十四五”规划。" in page
    assert "全會指出" not in page


def test_toggle_sets_cookie_and_returns_to_the_same_url(client, two_sessions):
    response = client.get("/script/hant/", {"next": "/sessions/jiading-7-9/"})
    assert response.status_code == 302
    assert response["Location"] == "/sessions/jiading-7-9/"
    assert response.cookies["script"].value == "hant"
    cookie = response.cookies["script"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]
    page = html(client.get("/sessions/jiading-7-9/"))
    assert '<html lang="zh-Hant">' in page
    assert "全會指出,要堅持“十四五”規劃。" in page
    assert "來源與整理" in page  # UI strings follow too
    assert "Cookie" in client.get("/sessions/jiading-7-9/")["Vary"]


def test_links_stay_the_same_in_both_scripts(client, two_sessions):
    hans = html(client.get("/sessions/jiading-7-9/"))
    client.cookies["script"] = "hant"
    hant = html(client.get("/sessions/jiading-7-9/"))
    links = re.compile(r'href="(/[^"]*)"')
    assert [h for h in links.findall(hans) if "script/" not in h] == [
        h for h in links.findall(hant) if "script/" not in h
    ]


def test_traditional_browsers_default_to_traditional(client, two_sessions):
    page = html(client.get("/sessions/jiading-7-9/", HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.8"))
    assert '<html lang="zh-Hant">' in page and "全會指出" in page


def test_staff_admin_is_never_converted(client):
    client.cookies["script"] = "hant"
    page = client.get("/admin/login/").content.decode()
    assert "用户名" in page and "用戶名" not in page


def test_toggle_refuses_foreign_redirects_and_unknown_scripts(client):
    response = client.get("/script/hant/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/script/klingon/").status_code == 404


def test_traditional_spelling_redirects_to_canonical_person_and_phrase(client, two_sessions):
    response = client.get(f"/people/{quote('陸方舟')}/")
    assert response.status_code == 301
    assert response["Location"] == f"/people/{quote('陆方舟')}/"
    assert client.get(f"/phrases/{quote('人民城市')}/").status_code == 200
    make_session(term=8, plenum=1, phrases=(("高质量发展", 1, "推动高质量发展。"),))
    response = client.get(f"/phrases/{quote('高質量發展')}/")
    assert response.status_code == 301
    assert response["Location"] == f"/phrases/{quote('高质量发展')}/"
    assert client.get(f"/people/{quote('無此人')}/").status_code == 404


# --- committees, people, phrases --------------------------------------------------------------


def test_committee_page_shows_gaps_as_missing_plenums(client):
    committee = make_committee()
    for plenum in (2, 5, 7):
        make_session(committee, term=7, plenum=plenum, phrases=(), speakers=(), documents=())
    page = html(client.get("/committees/jiading/"))
    assert re.search(r'<p class="gaps">未收录:第1次、第3–4次、第6次</p>', page)
    assert re.findall(r'<li class="missing" value="(\d+)">', page) == ["1", "3", "6"]
    data = client.get("/committees/jiading/?format=json").json()
    assert data["terms"][0]["missing_plenums"] == [1, 3, 4, 6]
    assert [s["plenum"] for s in data["terms"][0]["sessions"]] == [2, 5, 7]


def test_person_page_lists_every_appearance_with_role_and_date(client, two_sessions):
    make_session(
        term=7, plenum=8, year=2024, month=6, speakers=(("陆方舟", "陆方舟", ["区委书记"], []),)
    )
    page = html(client.get(f"/people/{quote('陆方舟')}/jiading/"))
    rows = re.findall(r'<time class="date" datetime="2024-\d\d">(.*?)</time>', page)
    assert rows == ["2024年6月", "2024年12月(推定)"]
    # The spelling as printed is quoted verbatim, even on a page converted to Simplified.
    # It keeps the language tag of the article's own script.
    assert '(原文作<span translate="no" lang="zh-Hant">陸方舟</span>)' in page
    data = client.get(f"/people/{quote('陆方舟')}/jiading/?format=json").json()
    assert [a["session"]["slug"] for a in data["appearances"]] == ["jiading-7-8", "jiading-7-9"]


def test_phrase_page_has_citing_sentences_and_svg_timeline(client, two_sessions):
    page = html(client.get(f"/phrases/{quote('十四五')}/"))
    assert "<blockquote" in page and "谋划“十四五”。" in page and "要坚持“十四五”规划。" in page
    svg = page.split("<svg")[1].split("</svg>")[0]
    dots = re.findall(r'<circle class="dot" cx="([\d.]+)" cy="\d+" r="([\d.]+)"', svg)
    assert len(dots) == 2
    # Later sessions sit further right; the session using the phrase more has the larger dot.
    (x2020, r2020), (x2024, r2024) = dots
    assert float(x2020) < float(x2024) and float(r2020) < float(r2024)
    assert ">2020</text>" in svg and ">2024</text>" in svg


def test_index_pages_list_rows(client, two_sessions):
    assert "中共上海市嘉定区委员会" in html(client.get("/committees/"))
    assert "高香" in html(client.get("/people/"))
    assert "人民城市" in html(client.get("/phrases/"))


def test_home_shows_counts_timeline_latest_and_search_box(client, two_sessions):
    page = html(client.get("/"))
    counts = dict(re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", page))
    assert counts == {"会议": "2", "委员会": "1", "人物": "2", "关键提法": "2"}
    assert page.index("jiading-7-9") < page.index("jiading-6-9")  # latest first
    assert '<h3 class="year">2024</h3>' in page and '<h3 class="year">2020</h3>' in page
    link = '<a href="/committees/jiading/" lang="zh-Hans">嘉定区</a>'
    chip = f'<li>{link} <span class="count">1 次</span></li>'
    assert page.count(chip) == 2
    assert re.search(
        r'<form class="search-box" role="search" method="get" action="[^"]*/search/"', page
    )
    data = client.get("/?format=json").json()
    assert data["counts"]["sessions"] == 2
    assert [t["year"] for t in data["timeline"]] == [2024, 2020]


def test_home_year_naming_many_committees_shows_counts_not_a_chip_each(
    client, two_sessions, monkeypatch, django_assert_num_queries
):
    from plenums.web.views import home

    # 2024 names two committees, 2020 one: with room for one chip a year, 2024 is counted.
    other = make_committee(region="宝山区", slug="baoshan")
    make_session(committee=other, term=7, plenum=3, year=2024, month=3)
    monkeypatch.setattr(home, "YEAR_CHIPS", 1)
    with django_assert_num_queries(8):
        page = html(client.get("/"))
    year_2024 = page[page.index('<h3 class="year">2024</h3>') : page.index('<h3 class="year">2020')]
    assert "2 个委员会,2 次会议" in year_2024
    assert 'href="/committees/"' in year_2024 and "/committees/baoshan/" not in year_2024
    assert '<a href="/committees/jiading/" lang="zh-Hans">嘉定区</a>' in page.split(year_2024)[1]
    timeline = client.get("/?format=json").json()["timeline"]
    assert timeline == [
        {"year": 2024, "sessions": 2, "committee_count": 2, "committees": None},
        {
            "year": 2020,
            "sessions": 1,
            "committee_count": 1,
            "committees": [{"name": "中共上海市嘉定区委员会", "sessions": 1}],
        },
    ]


@pytest.mark.parametrize(
    "url", ["/", "/committees/", "/committees/jiading/", "/people/", "/phrases/", "/data/"]
)
def test_json_twins_answer_json(client, two_sessions, url):
    response = client.get(url, {"format": "json"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    json.loads(response.content)


def test_bad_format_is_a_clear_400(client, two_sessions):
    response = client.get("/sessions/jiading-7-9/", {"format": "xml"})
    assert response.status_code == 400
    expected = "'html', 'json', 'csl-json', 'ris' or 'bibtex'"
    assert f"format: expected {expected}, got 'xml'" in response.content.decode()
    # A page without reference formats names only its own.
    response = client.get("/committees/jiading/", {"format": "ris"})
    assert response.status_code == 400
    assert "format: expected 'html' or 'json', got 'ris'" in response.content.decode()


# --- researchers' data ------------------------------------------------------------------------


def test_bulk_json_holds_every_session_in_the_parser_shape(client, two_sessions):
    response = client.get("/data/plenums.json")
    data = json.loads(b"".join(response.streaming_content))
    assert [d["term"] for d in data] == [6, 7]
    assert data[1] == client.get("/sessions/jiading-7-9/?format=json").json()


def test_bulk_csv_has_a_row_per_session(client, two_sessions):
    response = client.get("/data/plenums.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["slug"] for r in rows] == ["jiading-6-9", "jiading-7-9"]
    assert rows[1]["speakers"] == "陆方舟(区委书记)"
    assert rows[1]["text"] == TRADITIONAL_TEXT
    assert rows[1]["date_inferred"] == "1"
    assert [r["date_edtf"] for r in rows] == ["2020-06-29", "2024-12?"]


def test_atom_feed_sitemap_and_robots(client, two_sessions):
    feed = client.get("/feed/atom/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert feed.content.decode().count("<entry>") == 2
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/sessions/jiading-7-9/</loc>" in sitemap
    assert f"<loc>http://testserver/people/{quote('陆方舟')}/jiading/</loc>" in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots


# --- read-only, errors, static ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url", ["/", "/sessions/jiading-7-9/", "/people/x/", "/script/hant/", "/sitemap.xml"]
)
def test_public_site_is_read_only(client, two_sessions, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_head_is_allowed(client, two_sessions):
    assert client.head("/sessions/jiading-7-9/").status_code == 200


def test_admin_still_accepts_post(client):
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code != 405


def test_custom_404_page(client):
    response = client.get("/sessions/no-such-plenum/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "找不到页面" in page and 'role="search"' in page


def test_custom_500_page():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()


def test_static_files_are_hashed_and_compressed(client, two_sessions):
    page = html(client.get("/"))
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    response = client.get(css, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] in {"gzip", "br"}
    assert "immutable" in response["Cache-Control"]


def test_pages_have_no_inline_styles_or_scripts(client, two_sessions):
    for url in ["/", "/sessions/jiading-7-9/", f"/phrases/{quote('十四五')}/"]:
        page = html(client.get(url))
        assert " style=" not in page and "<style" not in page and "<script" not in page


def test_english_interface_is_selectable_and_persists(client, two_sessions):
    response = client.get("/language/en/", {"next": "/sessions/jiading-7-9/"})
    assert response["Location"] == "/sessions/jiading-7-9/"
    page = html(client.get("/sessions/jiading-7-9/"))
    assert '<html lang="en">' in page
    assert "Provenance" in page and "来源与整理" not in page
    assert "Compared with the previous plenum (Term 6, plenum 9)" in page
    assert '<h1 id="session-h">Term 7, plenum 9</h1>' in page
    assert "2024/12 (inferred)" in page
    # Content keeps its Chinese, in the reader's script, marked with its language.
    # The English labels inside it (paragraph links, warnings) are marked English again.
    assert '<p id="p1" lang="zh-Hans"><a class="pilcrow" lang="en" href="#p1"' in page
    assert '<mark class="flag" title="damaged" lang="en"><span lang="zh-Hans">' in page
    assert '<section class="text" aria-labelledby="text-h">' in page
    assert client.get("/language/xx/").status_code == 404


def test_long_indexes_are_paged_and_bad_pages_get_the_nearest_page(client, monkeypatch):
    monkeypatch.setattr("plenums.web.views.paged.PAGE_SIZE", 2)
    names = ["甲", "乙", "丙", "丁", "戊"]
    make_session(speakers=[(n, n, [], []) for n in names])
    data = client.get("/people/", {"format": "json", "page": "3"}).json()
    assert (data["count"], data["pages"], data["next"]) == (5, 3, None)
    assert data["previous"] == "http://testserver/people/?format=json&page=2"
    assert [p["name"] for p in data["results"]] == [sorted(names)[-1]]
    page = html(client.get("/people/", {"page": "2"}))
    assert '<a rel="next" href="?page=3">' in page and "第 2 / 3 页" in page
    # As the search page: a page that is not a whole number from 1 is the first, one past the
    # end the last.
    for bad, served in (("0", 1), ("x", 1), ("²", 1), ("4", 3), ("99999", 3)):
        data = client.get("/people/", {"format": "json", "page": bad}).json()
        assert data["page"] == served
    assert "第 3 / 3 页" in html(client.get("/people/", {"page": "4"}))
    assert client.get("/phrases/", {"format": "json"}).json()["count"] == 1
