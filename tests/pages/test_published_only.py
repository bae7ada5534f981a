"""Everything public derives from published sessions: an unpublished import is unseen anywhere."""

import gzip
from urllib.parse import quote, unquote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from plenums.models import Session
from tests.support.rows import make_committee, make_session

pytestmark = pytest.mark.django_db

# A committee whose only session is unpublished, and what only that session names.
HIDDEN_SLUG = "chunan"
HIDDEN = {
    "committee": "中共杭州市淳安县委员会",
    "region": "淳安县",
    "person": "覃隐之",
    "phrase": "隐秘冠军",
    "document": "中共淳安县委关于隐秘事项的决定",
    "text": "全会听取了覃隐之关于隐秘冠军的汇报。",
}


@pytest.fixture
def archive(index):
    shown = make_session(
        speakers=(("陆方舟", "陆方舟", ["区委书记"], ["作工作报告"]),),
        phrases=(("十四五", 2, "要坚持“十四五”规划。"),),
    )
    hidden_committee = make_committee(
        region="淳安县", parent="杭州市", slug=HIDDEN_SLUG, level="county"
    )
    hidden = make_session(
        hidden_committee,
        term=15,
        plenum=6,
        text=HIDDEN["text"],
        speakers=((HIDDEN["person"], HIDDEN["person"], ["县委书记"], ["讲话"]),),
        documents=((HIDDEN["document"], "审议通过", "决定"),),
        phrases=((HIDDEN["phrase"], 1, HIDDEN["text"]),),
        published=False,
    )
    # The person also appears, under a published session's committee, as someone else's
    # namesake would not: only through the hidden session.
    index.rebuild()
    return shown, hidden


def _routes(patterns, prefix=""):
    """``(name, route)`` of every URL pattern under ``patterns``, namespaces joined."""
    for p in patterns:
        if isinstance(p, URLResolver):
            namespace = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _routes(p.url_patterns, namespace)
        elif isinstance(p, URLPattern):
            yield f"{prefix}{p.name}", str(p.pattern)


# Every public URL pattern, with the addresses that could show the hidden committee's session.
# Those under "lists" must answer 200 and name nothing of it; those under "hidden" must be 404.
WALK = {
    "plenums:home": {"lists": ["/"]},
    "plenums:session": {
        "hidden": [
            f"/sessions/{HIDDEN_SLUG}-15-6/",
            *(f"/sessions/{HIDDEN_SLUG}-15-6/?format={f}" for f in ("csl-json", "ris", "bibtex")),
        ]
    },
    "plenums:session_original": {"hidden": [f"/sessions/{HIDDEN_SLUG}-15-6/original/"]},
    "plenums:committees": {"lists": ["/committees/"]},
    "plenums:committee": {"hidden": [f"/committees/{HIDDEN_SLUG}/"]},
    "plenums:people": {"lists": ["/people/"]},
    "plenums:person_name": {"hidden": [f"/people/{HIDDEN['person']}/", "/people/覃隱之/"]},
    "plenums:person": {"hidden": [f"/people/{HIDDEN['person']}/{HIDDEN_SLUG}/"]},
    "plenums:phrases": {"lists": ["/phrases/"]},
    "plenums:phrase": {"hidden": [f"/phrases/{HIDDEN['phrase']}/"]},
    "plenums:data": {"lists": ["/data/"]},
    "plenums:data_json": {"lists": ["/data/plenums.json"]},
    "plenums:data_csv": {"lists": ["/data/plenums.csv"]},
    "plenums:data_originals": {"lists": ["/data/originals.warc.gz"]},
    "plenums:datapackage": {"lists": ["/data/datapackage.json"]},
    "plenums:schema_session": {"lists": ["/data/schema/session.json"]},
    "plenums:schema_plenums": {"lists": ["/data/schema/plenums.json"]},
    "plenums:opensearch": {"lists": ["/opensearch.xml"]},
    "plenums:feed": {"lists": ["/feed/atom/"]},
    "plenums:sitemap": {"lists": ["/sitemap.xml"]},
    "plenums:robots": {"lists": ["/robots.txt"]},
    # Preferences only redirect back to a local address; they show no archive content.
    "plenums:script": {"redirects": ["/script/hant/?next=/"]},
    "plenums:language": {"redirects": ["/language/en/?next=/"]},
    "search:search": {
        "lists": [
            "/search/",
            f"/search/?q={quote('隐秘冠军')}",
            f"/search/?q={quote('覃隐之')}",
            f"/search/?q={quote('全会')}&committee={HIDDEN_SLUG}",
            f"/search/?q={quote('全会')}&format=csv",
            *(f"/search/?q={quote('全会')}&format={f}" for f in ("csl-json", "ris", "bibtex")),
        ]
    },
}


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw.startswith(b"\x1f\x8b"):
        # The originals' WARC: its gzip members opened, its UTF-8 originals read as text.
        return gzip.decompress(raw).decode("utf-8", "replace")
    return raw.decode("utf-8-sig")


def test_the_walk_covers_every_public_url_pattern():
    public = {name for name, _route in _routes(get_resolver().url_patterns)}
    public = {n for n in public if not n.startswith("admin:")}
    assert public == set(WALK), "a public URL pattern is not walked"


@pytest.mark.parametrize("name", sorted(WALK))
def test_nothing_of_an_unpublished_import_is_public(client, archive, name):
    for url in WALK[name].get("lists", []):
        for address in (url, url + ("&" if "?" in url else "?") + "format=json"):
            response = client.get(address)
            if response.status_code == 400 and "format=json" in address:
                continue  # a download with no JSON twin says so; the plain address was read
            assert response.status_code == 200, address
            body = _body(response)
            for what, marker in HIDDEN.items():
                if unquote(address).count(marker):
                    continue  # a search page echoes its own query
                assert marker not in body, f"{address} shows the hidden {what}"
            if HIDDEN_SLUG not in address:
                assert HIDDEN_SLUG not in body, address
    for url in WALK[name].get("hidden", []):
        for address in (url, url + "?format=json") if "?" not in url else (url,):
            assert client.get(address).status_code == 404, address
    for url in WALK[name].get("redirects", []):
        assert client.get(url).status_code == 302, url


def test_a_search_for_the_unpublished_import_finds_nothing(client, archive):
    for query in (HIDDEN["phrase"], HIDDEN["person"], HIDDEN["document"]):
        assert client.get("/search/", {"q": query, "format": "json"}).json()["count"] == 0, query


def test_publishing_the_import_makes_it_public(client, archive):
    _shown, hidden = archive
    Session.objects.filter(pk=hidden.pk).update(published=True)
    assert client.get(f"/committees/{HIDDEN_SLUG}/").status_code == 200
    assert client.get(f"/people/{HIDDEN['person']}/{HIDDEN_SLUG}/").status_code == 200
    assert client.get(f"/phrases/{HIDDEN['phrase']}/").status_code == 200
    assert HIDDEN["region"] in _body(client.get("/committees/"))
    assert HIDDEN_SLUG in _body(client.get("/search/"))
