"""Search hits open at their paragraph (``#pN``) with the query marked (``?hl=…``), in either
script, escaped, and cached apart from the plain session page."""

import re
from urllib.parse import quote

import pytest
from django.core.cache import caches

from plenums.chinese import fold
from plenums.models import Session
from plenums.web import caching
from plenums.web.paragraphs import paragraph_at, paragraphs
from tests.support.rows import make_session
from tests.support.search import SEARCH

TRADITIONAL = (
    "全會指出,過去一年成績顯著。\n\n會議強調,要推動經濟高質量發展。\n全會要求,經濟工作要穩。"
)
SIMPLIFIED = "全会指出,要加强党的建设。\n全会强调,经济运行稳中向好,经济结构持续优化。"


def get_json(client, **params):
    response = client.get(SEARCH, {**params, "format": "json"})
    assert response.status_code == 200
    return response.json()


def first_paragraph(text: str, query: str) -> int | None:
    """The number of the first paragraph the session page shows holding the query (folded)."""
    for p in paragraphs(text, []):
        if fold(query) in fold(p["text"]):
            return p["n"]
    return None


@pytest.mark.parametrize("query", ["经济", "經濟", "全会", "党的建设", "質生產"])
def test_each_result_links_to_the_paragraph_of_its_first_hit(seed, client, query):
    data = get_json(client, q=query)
    assert data["results"]
    html = client.get(SEARCH, {"q": query}).content.decode()
    anchored = 0
    for row in data["results"]:
        slug = row["url"].split("/")[2]
        session = Session.objects.get(slug=slug)
        number = first_paragraph(session.cleaned_text, query)
        expected = f"/sessions/{slug}/?hl={quote(query)}" + (f"#p{number}" if number else "")
        assert row["url"] == expected
        assert f'<a href="{expected}"' in html
        anchored += number is not None
    assert anchored == len(data["results"])


def test_a_hit_outside_the_text_links_to_the_top_of_the_session(db, index, client):
    # The speaker's name is indexed with the session, not in its cleaned text.
    session = make_session(text="全会强调,要加强党的建设。")
    index.rebuild()
    (row,) = get_json(client, q="陆方舟")["results"]
    assert row["url"] == f"{session.get_absolute_url()}?hl={quote('陆方舟')}"


def test_paragraph_at_numbers_offsets_as_the_session_page_does():
    text = "\n第一段。\n\n  \n第二段,很长。\r\n第三段\n\n"
    numbered = paragraphs(text, [])
    for offset in range(len(text)):
        holder = [p["n"] for p in numbered if p["start"] <= offset < p["end"]]
        if holder:
            assert paragraph_at(text, offset) == holder[0], offset
        elif text[text.rfind("\n", 0, offset) + 1 :].split("\n")[0].strip() == "":
            assert paragraph_at(text, offset) is None, offset


def marks(html: str) -> list[str]:
    return re.findall(r'<mark class="hit">(.*?)</mark>', html)


def text_section(html: str) -> str:
    return html[html.index('<section class="text"') : html.index("</section>")]


def test_the_session_page_marks_the_query_in_the_readers_script(db, client):
    hant = make_session(plenum=1, text=TRADITIONAL, script="Hant")
    hans = make_session(plenum=2, text=SIMPLIFIED)
    # A Traditional report, a Simplified query, the default (Simplified) reader.
    page = client.get(hant.get_absolute_url(), {"hl": "经济"}).content.decode()
    assert marks(text_section(page)) == ["经济", "经济"]
    assert re.search(r'<p id="p2"[^>]*>.*<mark class="hit">经济</mark>', page)
    assert "(2 处)" in page and f'href="{hant.get_absolute_url()}">取消标记' in page
    # A reader of Traditional script: the marks follow the page into its script.
    client.cookies["script"] = "hant"
    page = client.get(hans.get_absolute_url(), {"hl": "经济"}).content.decode()
    assert marks(text_section(page)) == ["經濟", "經濟"]
    page = client.get(hant.get_absolute_url(), {"hl": "經濟 成績"}).content.decode()
    assert marks(text_section(page)) == ["成績", "經濟", "經濟"]


def test_marks_are_escaped_and_hostile_queries_stay_text(db, client):
    session = make_session(text="全会要求<b>经济&amp;</b>工作要稳。")
    page = client.get(session.get_absolute_url(), {"hl": "b 经济"}).content.decode()
    body = text_section(page)
    assert (
        '&lt;<mark class="hit">b</mark>&gt;<mark class="hit">经济</mark>&amp;amp;&lt;/'
        '<mark class="hit">b</mark>&gt;' in body
    )
    page = client.get(session.get_absolute_url(), {"hl": '"><script>alert(1)</script> 经济'})
    html = page.content.decode()
    assert page.status_code == 200 and "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 经济</mark>" in html  # the note quotes it
    assert marks(text_section(html)) == ["经济"]


@pytest.mark.parametrize("hl", ["", "  ", "!!!", "\x01\u202e"])
def test_nothing_to_mark_gives_the_plain_page(db, client, hl):
    session = make_session(text=SIMPLIFIED)
    plain = client.get(session.get_absolute_url()).content.decode()
    page = client.get(session.get_absolute_url(), {"hl": hl}).content.decode()
    assert "hl-note" not in page and 'class="hit"' not in page
    assert text_section(page) == text_section(plain)


def test_a_marked_page_is_never_stored_nor_served_from_the_plain_pages_entry(db, client):
    caches[caching.CACHE_ALIAS].clear()
    session = make_session(text=SIMPLIFIED)
    url = session.get_absolute_url()
    first = client.get(url)
    assert first[caching.CACHE_HEADER] == "miss" and client.get(url)[caching.CACHE_HEADER] == "hit"
    marked = client.get(url, {"hl": "经济"})
    assert marked[caching.CACHE_HEADER] == "miss"
    assert marks(marked.content.decode()) and marked["ETag"] != first["ETag"]
    plain = client.get(url)
    assert plain[caching.CACHE_HEADER] == "hit" and plain.content == first.content
    assert not marks(plain.content.decode())
    # Marked pages are rendered each time: many readers' queries cannot crowd the store.
    again = client.get(url, {"hl": "经济"})
    assert again[caching.CACHE_HEADER] == "miss" and again.content == marked.content
    other = client.get(url, {"hl": "党"})
    assert other[caching.CACHE_HEADER] == "miss" and marks(other.content.decode()) == ["党"]
    assert client.get(url)[caching.CACHE_HEADER] == "hit"
    # Revalidating the plain page with the marked page's ETag is not answered 304.
    response = client.get(url, headers={"if_none_match": marked["ETag"]})
    assert response.status_code == 200 and not marks(response.content.decode())


def test_a_quoted_phrase_is_marked_whole_across_punctuation(db, client):
    session = make_session(text="全会要求深化改革。\n坚持全面、深化改革,全面从严治党。")
    page = client.get(session.get_absolute_url(), {"hl": '"全面 深化改革"'}).content.decode()
    assert marks(text_section(page)) == ["全面、深化改革"]
    page = client.get(session.get_absolute_url(), {"hl": "全面 深化改革"}).content.decode()
    assert marks(text_section(page)) == ["深化改革", "全面", "深化改革", "全面"]
