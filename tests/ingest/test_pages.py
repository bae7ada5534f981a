"""Saved web pages as articles: five portal layouts, both scripts, UTF-8/GBK/Big5; main text
without the page's chrome, the page's metadata as evidence, the verbatim HTML kept."""

import hashlib
import io
import json

import pytest
from django.core.management import call_command

from plenums.chinese import to_simplified, to_traditional
from plenums.ingest.page import EXTRACT_STEP, TRAFILATURA, read_page
from plenums.ingest.parse import parse_bytes, parse_paths
from plenums.ingest.records import ArticleError
from plenums.models import Session
from plenums.records.loader import load_records
from tests.support import pages
from tests.support.pages import CANONICAL, CHROME, ENCODINGS, LAYOUTS, PARAGRAPHS, page

CASES = [
    (layout, script, encoding)
    for layout in LAYOUTS
    for script, encodings in ENCODINGS.items()
    for encoding in encodings
]


@pytest.mark.parametrize(("layout", "script", "encoding"), CASES)
def test_each_layout_gives_the_article_and_none_of_the_page_around_it(layout, script, encoding):
    data = page(layout, script, encoding)
    record = parse_bytes(data, f"{layout}.html")
    printed = (lambda s: s) if script == "Hans" else to_traditional
    paragraphs = record.text.split("\n\n")
    for paragraph in PARAGRAPHS:
        assert printed(paragraph) in paragraphs  # whole, and a paragraph of its own
    folded = to_simplified(record.text)
    assert [word for word in CHROME if word in folded] == []
    assert record.script == script
    assert (record.committee.region, record.term, record.plenum) == ("湄潭县", 13, 5)
    # The text gives 12月28日 and no year: the page's date gives it, flagged with the evidence.
    assert (record.date.year, record.date.month, record.date.day) == (2024, 12, 28)
    assert record.date.inferred
    inferred = [w.excerpt for w in record.warnings if w.kind == "date_inferred"]
    assert inferred == [f"网页发布日期 2024-12-30({TRAFILATURA}, {pages.HTMLDATE_NAME})"]
    # The verbatim original is the page: its bytes' SHA-256, its decoded HTML.
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.original.lstrip().lower().startswith(("<!doctype", "<html"))
    assert record.original.encode(record.encoding) == data
    assert record.cleaning[0].step == EXTRACT_STEP and record.cleaning[0].count >= 4
    assert "trafilatura 2." in EXTRACT_STEP


@pytest.mark.parametrize("layout", ["media_centre", "government_portal", "wechat", "epaper"])
def test_the_canonical_link_or_og_url_is_the_source_link(layout):
    record = parse_bytes(page(layout), "p.html")
    assert record.source.url == CANONICAL
    assert any(w.kind == "from_page" and CANONICAL in w.excerpt for w in record.warnings)


def test_a_source_line_of_the_text_wins_over_the_site_name():
    # The aggregator reposts the media centre's report: the text's 来源 names the outlet.
    record = parse_bytes(page("aggregator"), "p.html")
    assert record.source.name == pages.SITE
    assert record.source.url == ""  # the aggregator names no canonical link


def test_the_site_name_names_the_county_a_bare_county_committee_leaves_out():
    record = parse_bytes(page("media_centre", bare=True), "bare.html")
    assert record.committee.region == "湄潭县"
    evidence = [w.excerpt for w in record.warnings if w.kind == "from_page"]
    assert any(e.startswith("委员会 湄潭县:" + pages.SITE) for e in evidence), evidence
    with pytest.raises(ArticleError, match="no district or county committee"):
        # Without the site's name nothing in the page names the county.
        parse_bytes(page("media_centre", bare=True).replace(b"og:site_name", b"og:x"), "b.html")


def test_the_page_date_dates_the_year_never_the_day():
    html = pages.media_centre(
        "县委全会召开",
        ["本报讯 中国共产党湄潭县第十三届委员会第五次全体会议召开。县委书记王建华作工作报告。"],
        "utf-8",
    )
    record = parse_bytes(html.encode(), "no-day.html")
    assert (record.date.year, record.date.month, record.date.day) == (2024, None, None)
    assert record.date.inferred


def test_a_year_printed_in_the_text_wins_over_the_page():
    html = pages.media_centre(
        pages.TITLE, ["2023年12月28日，" + PARAGRAPHS[0].removeprefix("12月28日，")], "utf-8"
    )
    record = parse_bytes(html.encode(), "printed.html")
    assert (record.date.year, record.date.inferred) == (2023, False)


def test_an_undeclared_legacy_encoding_is_found_from_the_bytes_and_said():
    data = page("media_centre", "Hans", "gbk").replace(b'<meta charset="gbk">', b"")
    record = parse_bytes(data, "undeclared.html")
    assert record.encoding == "gb18030"
    assert any("detected from the bytes" in w.excerpt for w in record.warnings)
    # A wrong declaration is checked against the bytes, not believed.
    lying = page("wechat", "Hant", "big5").replace(b'charset="big5"', b'charset="utf-8"')
    decoded = read_page(lying, "lying.html")
    assert decoded.encoding == "big5"
    assert any("says utf-8" in note for note in decoded.notes)


def test_a_page_without_a_plenum_report_is_refused_with_the_reason():
    html = pages.government_portal(
        "县政府召开常务会议",
        ["近日，县政府召开第十二次常务会议，研究部署安全生产工作。会议强调要压实责任。"],
        "utf-8",
    )
    with pytest.raises(ArticleError) as refused:
        parse_bytes(html.encode(), "notice.html")
    assert str(refused.value).startswith("notice.html: web page: ")
    empty = b"<!doctype html><html><head><title>x</title></head><body><nav>a</nav></body></html>"
    with pytest.raises(ArticleError, match="empty.html: web page: "):
        parse_bytes(empty, "empty.html")


def test_parse_article_reads_html_files_in_a_folder(tmp_path):
    (tmp_path / "a.html").write_bytes(page("epaper", "Hant", "big5"))
    (tmp_path / "b.htm").write_bytes(page("government_portal", "Hans", "gbk"))
    with pytest.raises(ArticleError, match="same plenum"):
        parse_paths([tmp_path])  # two pages of one plenum: a person picks one
    (tmp_path / "b.htm").unlink()
    out = io.StringIO()
    call_command("parse_article", str(tmp_path), stdout=out)
    [record] = json.loads(out.getvalue())
    assert record["file"] == "a.html" and record["script"] == "Hant"
    assert record["cleaning"][0]["step"] == EXTRACT_STEP


@pytest.mark.django_db
def test_the_original_of_a_page_is_served_as_text_never_as_a_page(client):
    data = page("wechat").replace(b"</body>", b"<script>alert(1)</script></body>")
    load_records([parse_bytes(data, "wechat.html")])
    session = Session.objects.get()
    assert session.sha256 == hashlib.sha256(data).hexdigest()
    response = client.get(f"/sessions/{session.slug}/original/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode() == data.decode()  # the markup as characters, verbatim
