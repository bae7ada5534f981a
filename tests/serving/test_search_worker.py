"""Searches in a thread pool of their own (search.serving.worker): under a flood of searches a real
gunicorn still answers session pages at once, and sheds the searches that waited too long."""

import http.client
import re
import threading
import time
import urllib.parse

import pytest
from django.urls import reverse

from search.serving import limits
from search.serving.worker import SEARCH_PATH, is_search
from tests.support.server import Archive, Gunicorn, get

pytestmark = pytest.mark.load


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"GET /search/?q=%E7%BB%8F HTTP/1.1\r\n", True),
        (b"HEAD /search/?q=x HTTP/1.1\r\n", True),
        (b"GET /search/ HTTP/1.1\r\n", False),  # the empty form: no search runs
        (b"POST /search/?q=x HTTP/1.1\r\n", False),
        (b"GET /sessions/x-1-1/?q=1 HTTP/1.1\r\n", False),
        (b"GET /searching/?q=x HTTP/1.1\r\n", False),
        (b"", False),
    ],
)
def test_only_search_requests_go_to_the_search_pool(head, expected):
    assert is_search(head) is expected


def test_the_search_path_is_the_search_page():
    assert reverse("search:search").encode() == SEARCH_PATH


def test_a_search_that_waited_in_the_queue_past_the_queue_wait_is_turned_away_at_once(settings):
    settings.SEARCH_QUEUE_WAIT = 0.3
    held, release = threading.Event(), threading.Event()

    def hold():
        with limits.search_slot():
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        started = time.perf_counter()
        with pytest.raises(limits.Busy), limits.arrived(time.monotonic() - 0.5):
            with limits.search_slot():
                pass
        assert time.perf_counter() - started < 0.1  # no further wait
        started = time.perf_counter()
        with pytest.raises(limits.Busy), limits.arrived(time.monotonic() - 0.1):
            with limits.search_slot():
                pass
        assert 0.15 <= time.perf_counter() - started < 0.6  # the rest of its 0.3 s
    finally:
        release.set()
        holder.join()
    # A free slot does not save a search that waited too long in the queue: served now, it
    # would be served late.
    with pytest.raises(limits.Busy), limits.arrived(time.monotonic() - 0.5):
        with limits.search_slot():
            pass
    with limits.arrived(time.monotonic() - 0.1), limits.search_slot():
        pass


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    archive = Archive(tmp_path_factory.mktemp("search-worker"), n_sessions=200)
    yield archive
    archive.close()


def flood(base: str, queries: list[str], stop: threading.Event, statuses: list):
    """Searches on one kept-alive connection, one after another, until ``stop``."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    i = 0
    while not stop.is_set():
        q = urllib.parse.quote(queries[i % len(queries)])
        started = time.perf_counter()
        conn.request("GET", f"/search/?q={q}", headers={"X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        response.read()
        took = time.perf_counter() - started
        statuses.append((response.status, response.getheader("Retry-After"), took))
        i += 1
    conn.close()


@pytest.mark.parametrize("worker_class", ["search.serving.worker.SearchAsideWorker"])
def test_session_pages_are_answered_at_once_while_searches_flood_the_worker(archive, worker_class):
    server = Gunicorn(archive, workers=1, threads=2, worker_class=worker_class)
    try:
        status, home = get(server.base + "/")
        assert status == 200
        page = re.search(r'href="(/sessions/[^"/]+/)"', home.decode()).group(1)
        queries = ["全会", "高质量发展", "深化改革", "乡村振兴", "城市更新", "数字经济", "共同富裕"]
        stop, statuses = threading.Event(), []
        threads = [
            threading.Thread(target=flood, args=(server.base, queries, stop, statuses))
            for _ in range(16)
        ]
        for t in threads:
            t.start()
        time.sleep(1.0)  # the flood under way: search threads busy, a queue of searches
        took = []
        for _ in range(20):
            started = time.perf_counter()
            status, _ = get(server.base + page)
            took.append(time.perf_counter() - started)
            assert status == 200
        stop.set()
        for t in threads:
            t.join()
    finally:
        server.stop()
    answered = sorted(t for s, _, t in statuses if s == 200)
    shed = {(s, retry) for s, retry, _ in statuses if s != 200}
    assert answered, "no search was answered"
    assert shed <= {(503, "1")}, shed
    took.sort()
    # In one queue with the searches, a page would wait about as long as a search does; in
    # a pool of its own it waits only for its share of the processor.
    assert took[len(took) // 2] < answered[len(answered) // 2] / 4, (took, answered)
    assert took[-2] < 1.0, took
