"""Hostile requests to every public URL, property-based: never a 5xx, never input echoed raw."""

import json
import re
from collections import Counter
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plenums.models import Committee, KeyPhrase, Person, PhraseOccurrence, Session

pytestmark = pytest.mark.django_db

# Fixed seed, bounded examples: the same inputs on every run, so CI is deterministic.
FUZZ = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SENT = Counter()  # requests per test, reported in the summary below

# Every payload carries the marker "zqx", which no page contains by itself: "<zqx", 'x9"zqx' or
# "x9'zqx" in a page means that <, " or ' came from the request (or the database) unescaped.
PAYLOADS = [
    "<script>zqx()</script>",
    "<zqx onload=alert(1)>",
    'x9"zqx onmouseover="alert(1)',
    "x9'zqx onfocus='alert(1)",
    "javascript:zqx()",
    "%3Czqx%3E",
    "{{ zqx }}{% debug %}",
    "zqx\x00\x01\x1b[31m\r\nSet-Cookie: zqx=1",
    "zqx😀🇨🇳\u202e\ufeff\u200b",
    "zqx" + "中" * 5000,
    "zqx" * 30_000,  # 90 kB
    "../../../../etc/passwd#zqx",
    "zqx' OR '1'='1'; --",
    "zqx\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
]
RAW_MARKERS = [b"<zqx", b'x9"zqx', b"x9'zqx", b"<script>zqx"]

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.builds(
        lambda a, p, b: a + p + b,
        st.text(max_size=30),
        st.sampled_from(PAYLOADS),
        st.text(max_size=30),
    ),
    st.text(min_size=1, max_size=200),
    st.sampled_from(["", "0", "-1", "1e9", "99999999999999999999", "NaN", "None", "[]", "{}"]),
)
PARAMS = [
    "q",
    "page",
    "sort",
    "order",
    "format",
    "committee",
    "year",
    "term",
    "person",
    "phrase",
    "level",
    "region",
    "script",
    "type",
    "selected_facets",
    "models",
    "next",
    "hl",
    "chart",
    "year_from",
    "year_to",
]


def public_routes(patterns=None, prefix=""):
    """Route strings of every public URL (the admin excluded), e.g. 'sessions/<slug:slug>/'."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = str(p.pattern)
        if isinstance(p, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from public_routes(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern):
            yield prefix + route


ROUTES = sorted(set(public_routes()))
PARAM_RE = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(route, value):
    return "/" + PARAM_RE.sub(lambda m: quote(value, safe=""), route.lstrip("^").rstrip("$"))


@pytest.fixture
def archive(db):
    """A small archive whose own stored text is hostile too."""
    committee = Committee.objects.create(
        name="中共<zqx>县委员会", slug="zqx", region="<zqx>县", parent_region="", level="county"
    )
    session = Session.objects.create(
        committee=committee,
        term=1,
        plenum=2,
        slug="zqx-1-2",
        year=2024,
        month=1,
        day=2,
        title='中共<script>zqx()</script>县第一届委员会第二次全体会议x9"zqx',
        original_text="原文<zqx onload=alert(1)>x9'zqx",
        original_filename="<zqx>.txt",
        original_encoding="utf-8",
        sha256="2" * 64,
        cleaned_text="全会指出,<zqx>要坚持x9'zqx高质量发展。",
        script="Hans",
        source_url="https://example.org/?a=<zqx>",
        source_name='x9"zqx',
    )
    person = Person.objects.create(name="<zqx>", committee=committee)
    session.appearances.create(person=person, name_as_printed='x9"zqx', roles=["<zqx>书记"])
    phrase = KeyPhrase.objects.create(phrase="<zqx>发展")
    PhraseOccurrence.objects.create(session=session, phrase=phrase, count=1, sentence="x9'zqx<zqx>")
    session.documents.create(title="<zqx>决议", action="审议通过", kind="决议")
    return session


def check(response, url):
    """The properties every answer must have, whatever was asked."""
    assert response.status_code < 500, f"{response.status_code} for {url!r}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/json") or "+json" in kind.split(";")[0]:
        json.loads(body)  # a JSON answer (CSL-JSON too) is always well-formed JSON
    elif "xml" in kind:
        # Quotes are plain text in XML character data; only markup would be an injection.
        ElementTree.fromstring(body)
        assert b"<zqx" not in body and b"<script>zqx" not in body, url
    elif "html" in kind or not kind:
        for marker in RAW_MARKERS:
            at = body.find(marker)
            assert at < 0, f"unescaped {marker!r} in {url!r}: …{body[at - 200 : at + 60]!r}…"
    if 300 <= response.status_code < 400:
        # Redirects never lead off the site, whatever 'next' says.
        target = urlsplit(response["Location"])
        assert target.netloc in {"", "testserver"}, response["Location"]
        assert not response["Location"].startswith(("//", "/\\")), response["Location"]
    assert "zqx" not in response.get("Set-Cookie", "")
    return body


def test_routes_were_found():
    # The fuzzers below walk the URL configuration; make sure it is not silently empty.
    assert "sessions/<slug:slug>/" in ROUTES
    assert len(ROUTES) >= 5


def test_every_public_page_escapes_stored_hostile_text(client, archive):
    paths = {"/": None}
    for route in ROUTES:
        for value in ("zqx-1-2", "zqx", "<zqx>", "<zqx>发展", "hans", "hant", "zh-hans"):
            paths[fill(route, value)] = None
    # A person's URL has two parts: the stored hostile name and its committee's slug.
    paths.update(dict.fromkeys(p.get_absolute_url() for p in Person.objects.all()))
    ok = 0
    for path in paths:
        for fmt in ("", "?format=json", "?format=csl-json", "?format=ris", "?format=bibtex"):
            response = client.get(path + fmt)
            SENT["stored"] += 1
            check(response, path + fmt)
            ok += response.status_code == 200
    assert ok >= 8  # the hostile rows really were rendered, not just 404s


@FUZZ
@given(route=st.sampled_from(ROUTES), value=hostile_text)
def test_hostile_path_segments(client, archive, route, value):
    url = fill(route, value)
    SENT["paths"] += 1
    check(client.get(url), url)


@pytest.mark.parametrize("route", [r for r in ROUTES if "<str:" in r])
def test_nul_byte_in_a_path_segment_is_a_bad_request(client, archive, route):
    url = fill(route, "zqx\x00")
    SENT["paths"] += 1
    response = client.get(url)
    check(response, url)
    assert response.status_code == 400


@pytest.mark.parametrize("query", ["q=%00", "committee=a%00b", "format=json&page=1%00"])
def test_nul_byte_in_the_query_is_a_bad_request_even_in_the_admin(client, archive, query):
    for path in ("/search/", "/people/", "/admin/plenums/session/"):
        assert client.get(f"{path}?{query}").status_code == 400


@FUZZ
@given(
    route=st.sampled_from(ROUTES),
    params=st.dictionaries(
        st.one_of(st.sampled_from(PARAMS), st.text(min_size=1, max_size=10)),
        hostile_text,
        min_size=1,
        max_size=4,
    ),
)
def test_hostile_query_parameters(client, archive, route, params):
    url = fill(route, "zqx-1-2")
    SENT["params"] += 1
    check(client.get(url, params), f"{url} {params!r}")


@FUZZ
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "q": hostile_text,
            "page": hostile_text,
            "sort": hostile_text,
            "format": st.one_of(
                st.sampled_from(["json", "csv", "html", "xml", "JSON", ""]), hostile_text
            ),
            "committee": hostile_text,
            "year": hostile_text,
            "selected_facets": hostile_text,
            "year_from": hostile_text,
            "year_to": hostile_text,
            "chart": hostile_text,
        },
    )
)
def test_hostile_search_parameters(client, archive, params):
    SENT["search"] += 1
    check(client.get("/search/", params), f"/search/ {params!r}")


@FUZZ
@given(
    route=st.sampled_from(ROUTES),
    raw=st.text(alphabet=st.characters(codec="latin-1"), max_size=200),
)
def test_raw_undecoded_query_strings(client, archive, route, raw):
    # Bypasses the client's encoding: broken percent-escapes and bare bytes as a proxy passes them.
    url = fill(route, "zqx-1-2")
    SENT["raw"] += 1
    response = client.generic("GET", url, QUERY_STRING=quote(raw, safe="%&=+;/?:@"))
    check(response, f"{url}?{raw!r}")


def test_open_redirects_are_refused(client, archive):
    redirects = []
    for route in ROUTES:
        if "<" not in route:
            continue
        for value in ("hans", "hant", "zh-hans", "en"):
            for target in (
                "//evil.example/",
                "https://evil.example/",
                "/\\evil.example",
                "http:/\\evil.example",
                "\\\\evil.example",
                "javascript:alert(1)",
            ):
                url = fill(route, value)
                SENT["redirect"] += 1
                response = client.get(url, {"next": target})
                check(response, f"{url}?next={target}")
                if 300 <= response.status_code < 400:
                    redirects.append(url)
                    assert response["Location"] == "/", f"{url}?next={target}"
    # The script (hans, hant) and language (zh-hans, en) choices redirect, home, for each target.
    assert len(redirects) == 4 * 6, redirects


@pytest.fixture(scope="module", autouse=True)
def report_requests_sent():
    yield
    print(f"\nfuzzed requests sent: {sum(SENT.values())} {dict(SENT)}")
