"""Pages fetched by URL from a real server on loopback: saved pages in UTF-8, GBK and Big5 come in
with their final URL and fetch time; robots.txt, slow, oversized, looping, non-HTML, missing
and private answers are each named, and nothing is written for them."""

import io
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_httpserver import HTTPServer
from werkzeug import Response

from plenums.fetch import ALLOW_PRIVATE, USER_AGENT, Fetcher, FetchError
from plenums.models import Session
from tests.support.pages import page

ROBOTS = "User-agent: *\nAllow: /\n\nUser-agent: QuanhuiArchive\nDisallow: /private/\n"


@pytest.fixture(autouse=True)
def allow_loopback(monkeypatch):
    monkeypatch.setenv(ALLOW_PRIVATE, "1")


@pytest.fixture
def server():
    # Threaded, so that a slow answer does not hold up the robots.txt of the next test.
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    server.expect_request("/robots.txt").respond_with_data(ROBOTS, content_type="text/plain")
    yield server
    server.clear()
    server.stop()


def serve_page(server, path, data, content_type="text/html; charset=utf-8"):
    server.expect_request(path).respond_with_data(data, content_type=content_type)
    return server.url_for(path)


@pytest.mark.parametrize(
    ("script", "encoding", "content_type"),
    [
        ("Hans", "utf-8", "text/html; charset=utf-8"),
        ("Hans", "gbk", "text/html; charset=GBK"),
        ("Hant", "big5", "text/html"),  # the page's own meta names Big5
        ("Hant", "utf-8", "application/xhtml+xml"),
    ],
)
def test_a_page_comes_in_verbatim_with_its_final_url(server, script, encoding, content_type):
    data = page("media_centre", script, encoding)
    serve_page(server, "/xw/2024/1230.html", data, content_type)
    server.expect_request("/short/1").respond_with_response(
        Response(status=302, headers={"Location": "/xw/2024/1230.html"})
    )
    with Fetcher() as fetcher:
        fetched = fetcher.fetch(server.url_for("/short/1"))
    assert fetched.data == data
    assert fetched.url == server.url_for("/xw/2024/1230.html")
    assert fetched.fetched_at.tzinfo is not None
    requests = [request for request, _response in server.log]
    assert [r.path for r in requests] == ["/robots.txt", "/short/1", "/xw/2024/1230.html"]
    assert {r.headers["User-Agent"] for r in requests} == {USER_AGENT}


def test_one_request_a_second_per_host(server):
    for n in range(2):
        serve_page(server, f"/p{n}.html", page("wechat"))
    started = time.monotonic()
    with Fetcher() as fetcher:
        fetcher.fetch(server.url_for("/p0.html"))
        fetcher.fetch(server.url_for("/p1.html"))
    # robots.txt, then two pages: three requests to one host take two intervals at least.
    assert time.monotonic() - started >= 2.0


def slow(_request):
    time.sleep(3)
    return Response(page("wechat"), content_type="text/html")


@pytest.mark.parametrize(
    ("path", "setup", "reason"),
    [
        ("/private/a.html", lambda s: None, "robots.txt disallows it"),
        ("/slow.html", lambda s: s.expect_request("/slow.html").respond_with_handler(slow),
         "timeout"),
        ("/big.html", lambda s: s.expect_request("/big.html").respond_with_data(
            b"<html>" + b"x" * (3 * 1024 * 1024), content_type="text/html"), "too big"),
        ("/stream.html", lambda s: s.expect_request("/stream.html").respond_with_response(
            Response((b"<p>" + b"x" * 65536 for _ in range(40)), content_type="text/html")),
         "too big"),
        ("/loop-a", lambda s: (
            s.expect_request("/loop-a").respond_with_response(
                Response(status=301, headers={"Location": "/loop-b"})),
            s.expect_request("/loop-b").respond_with_response(
                Response(status=302, headers={"Location": "/loop-a"})),
        ), "redirect loop"),
        ("/hop0", lambda s: [
            s.expect_request(f"/hop{n}").respond_with_response(
                Response(status=302, headers={"Location": f"/hop{n + 1}"}))
            for n in range(7)
        ], "too many redirects (more than 5)"),
        ("/data.json", lambda s: s.expect_request("/data.json").respond_with_json({"a": 1}),
         "not HTML: the server says application/json"),
        ("/gone.html", lambda s: s.expect_request("/gone.html").respond_with_data(
            "gone", status=404), "HTTP 404 NOT FOUND"),
        ("/error.html", lambda s: s.expect_request("/error.html").respond_with_data(
            "oops", status=503), "HTTP 503"),
    ],
    ids=["robots", "slow", "big", "big-chunked", "loop", "hops", "json", "404", "503"],
)  # fmt: skip
def test_each_failure_is_named(server, path, setup, reason):
    setup(server)
    with Fetcher(timeout=1.0) as fetcher, pytest.raises(FetchError) as failed:
        fetcher.fetch(server.url_for(path))
    assert failed.value.path == server.url_for(path)
    assert reason.lower() in failed.value.reason.lower()


def test_an_unreachable_robots_txt_allows_nothing():
    server = HTTPServer(host="127.0.0.1")
    server.start()
    try:
        server.expect_request("/robots.txt").respond_with_data("down", status=500)
        serve_page(server, "/a.html", page("wechat"))
        with Fetcher() as fetcher, pytest.raises(FetchError, match=r"robots\.txt could not"):
            fetcher.fetch(server.url_for("/a.html"))
        assert [r.path for r, _ in server.log] == ["/robots.txt"]
    finally:
        server.stop()


def test_dns_failure_is_named():
    with Fetcher() as fetcher, pytest.raises(FetchError, match="DNS: cannot resolve"):
        fetcher.fetch("http://no-such-host.invalid/a.html")


def test_private_and_loopback_hosts_are_refused_unless_allowed(server, monkeypatch):
    monkeypatch.delenv(ALLOW_PRIVATE)
    url = serve_page(server, "/a.html", page("wechat"))
    for target in (url, "http://10.0.0.1/a.html", "http://[::1]/a.html", "file:///etc/passwd"):
        with Fetcher() as fetcher, pytest.raises(FetchError) as refused:
            fetcher.fetch(target)
        assert "refused" in refused.value.reason or "not an http" in refused.value.reason
    assert server.log == []  # not even robots.txt was asked for


def ingest(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_ingest_articles_url_writes_the_session_with_its_fetch(server):
    data = page("government_portal", "Hans", "gbk")
    url = serve_page(server, "/art/2024/12/30/art_1.html", data, "text/html; charset=gbk")
    out, _err = ingest("--url", url)
    session = Session.objects.get()
    assert session.source_url == url  # the final URL, not the page's og:url
    assert session.original_filename == "art_1.html"
    assert session.original_encoding == "gb18030"
    assert session.original_text.encode("gb18030") == data
    assert session.fetched_at is not None and session.warc_record_id == ""
    assert (session.year, session.month, session.day, session.date_inferred) == (2024, 12, 28, True)


@pytest.mark.django_db
def test_a_failed_url_writes_nothing_and_is_named(server, tmp_path):
    good = serve_page(server, "/good.html", page("wechat"))
    bad = server.url_for("/private/secret.html")
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# to fetch\n{good}\n\n{bad}\n", encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        ingest("--url-file", urls)
    assert f"{bad}: robots.txt disallows it" in str(failed.value)
    assert not Session.objects.exists()
    # Keeping going, the good page is loaded and the failure listed.
    with pytest.raises(SystemExit) as exit_:
        out, err = ingest("--keep-going", "--url-file", urls)
    assert exit_.value.code == 1
    assert Session.objects.count() == 1


@pytest.mark.django_db
def test_keep_going_names_the_failed_url(server, capsys):
    good = serve_page(server, "/good.html", page("epaper", "Hant", "big5"), "text/html")
    server.expect_request("/data.json").respond_with_json({})
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "ingest_articles",
            "--keep-going",
            "--url",
            good,
            server.url_for("/data.json"),
            stdout=out,
            stderr=err,
        )
    assert "1 loaded, 1 refused" in out.getvalue().splitlines()
    assert err.getvalue().splitlines() == [
        f"{server.url_for('/data.json')}: not HTML: the server says application/json"
    ]
