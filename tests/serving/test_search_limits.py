"""Search under load: a worker runs a bounded number of searches at once and turns the rest away
at once with 503 and Retry-After (page and JSON), a search that runs too long is cut off, and
session pages are answered meanwhile."""

import threading
import time

import pytest

from search.serving import limits
from tests.support.search import SEARCH


@pytest.fixture
def saturated():
    """Every search slot of this process held by other threads, as under load."""
    held, release = threading.Barrier(limits.max_concurrent() + 1), threading.Event()

    def hold():
        with limits.search_slot():
            held.wait()
            release.wait(30)

    threads = [threading.Thread(target=hold) for _ in range(limits.max_concurrent())]
    for t in threads:
        t.start()
    held.wait(10)
    yield
    release.set()
    for t in threads:
        t.join()


def test_a_saturated_worker_turns_searches_away_quickly_with_retry_after(
    seed, client, saturated, settings
):
    settings.SEARCH_QUEUE_WAIT = 0.2
    started = time.perf_counter()
    page = client.get(SEARCH, {"q": "经济"})
    as_json = client.get(SEARCH, {"q": "经济", "format": "json"})
    # Each waited for a slot, asleep, for the queue wait, then was turned away.
    assert 0.4 <= time.perf_counter() - started < 1.4
    assert page.status_code == 503 and page["Retry-After"] == "1"
    text = page.content.decode()
    assert "检索繁忙" in text and 'lang="' in text and "再试一次" in text
    assert as_json.status_code == 503 and as_json["Retry-After"] == "1"
    assert as_json.json()["error"] == "busy" and "秒后再试" in as_json.json()["message"]
    # What needs no search is still answered: the empty search form and a session page.
    assert client.get(SEARCH).status_code == 200
    from plenums.models import Session

    assert client.get(Session.objects.first().get_absolute_url()).status_code == 200


def test_the_slot_is_given_back_after_each_search_even_a_failed_one(seed, client):
    for _ in range(3):
        assert client.get(SEARCH, {"q": "经济"}).status_code == 200
    with pytest.raises(RuntimeError), limits.search_slot():
        raise RuntimeError("a search that fails")
    assert client.get(SEARCH, {"q": "经济", "format": "json"}).json()["count"] > 0


def test_a_search_past_its_time_limit_is_cut_off_with_a_clear_message(seed, client, settings):
    settings.SEARCH_TIME_LIMIT = 1e-9
    for q in ("经济", "经济 发展", "经"):
        page = client.get(SEARCH, {"q": q})
        assert page.status_code == 503 and "Retry-After" not in page
        assert "检索已中止" in page.content.decode()
        data = client.get(SEARCH, {"q": q, "format": "json"}).json()
        assert data["error"] == "timeout" and "筛选" in data["message"]
    settings.SEARCH_TIME_LIMIT = 5
    assert client.get(SEARCH, {"q": "经济"}).status_code == 200


def test_a_search_waiting_for_a_slot_runs_when_it_comes_free(seed, client, settings):
    settings.SEARCH_QUEUE_WAIT = 5
    holding = threading.Event()

    def hold_briefly():
        with limits.search_slot():
            holding.set()
            time.sleep(0.3)

    holder = threading.Thread(target=hold_briefly)
    holder.start()
    holding.wait(5)
    assert client.get(SEARCH, {"q": "经济"}).status_code == 200
    holder.join()


@pytest.mark.parametrize(
    "name, value, read",
    [
        ("SEARCH_MAX_CONCURRENT", 0, limits.max_concurrent),
        ("SEARCH_TIME_LIMIT", -1, limits.time_limit),
        ("SEARCH_QUEUE_WAIT", -0.5, limits.queue_wait),
    ],
)
def test_bad_limits_name_the_setting(settings, name, value, read):
    setattr(settings, name, value)
    with pytest.raises(ValueError, match=name):
        read()
