"""The search page over thousands of committees: a committee box instead of a list, and the
committee facet trimmed to the most frequent, as a national archive needs."""

import re

import pytest

from search.page import archive_search, forms
from tests.support.search import SEARCH


@pytest.fixture
def many_committees(monkeypatch, seed):
    """The seed archive (嘉定区, 松江区 and the seeds' own) as if it held too many committees for a
    list: the thresholds are lowered rather than thousands of committees made."""
    monkeypatch.setattr(forms, "COMMITTEE_SELECT_MAX", 1)
    monkeypatch.setattr(archive_search, "COMMITTEE_FACETS_SHOWN", 1)
    return seed


def page(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response.content.decode()


def count(client, **params) -> int:
    return client.get(SEARCH, {**params, "format": "json"}).json()["count"]


@pytest.mark.parametrize(
    "typed",
    ["松江区", "松江", "中共上海市松江区委员会", "上海市松江区委", "sh-songjiang", "鬆江區"],
)
def test_committee_box_takes_a_name_a_region_or_a_slug(many_committees, client, typed):
    if typed == "松江":
        # Not a name the archive uses: refused with a notice, the search left unfiltered.
        html = page(client, q="全会", committee=typed)
        assert "没有名称、地区或代号为“松江”的委员会" in html
        assert count(client, q="全会", committee=typed) == count(client, q="全会")
        return
    expected = count(client, q="全会", committee="sh-songjiang")
    assert 0 < expected < count(client, q="全会")
    assert count(client, q="全会", committee=typed) == expected


def test_committee_box_replaces_the_list_and_shows_the_chosen_name(many_committees, client):
    html = page(client, q="全会", committee="sh-songjiang")
    assert '<select name="committee"' not in html
    box = re.search(r'<input type="text" name="committee"[^>]*>', html).group(0)
    assert 'value="中共上海市松江区委员会"' in box and 'lang="zh"' in box


def test_facet_lists_the_most_frequent_committee_and_counts_the_rest(many_committees, client):
    data = client.get(SEARCH, {"q": "全会", "format": "json"}).json()
    committees = sorted(data["facets"]["committee"], key=lambda f: -f["count"])
    assert len(committees) >= 2  # the JSON twin keeps every count
    html = page(client, q="全会")
    facets = html[html.index('<aside class="search-facets"') : html.index("</aside>")]
    listed = re.findall(r"committee=([\w-]+)", facets)
    assert listed == [committees[0]["value"]]
    assert f"另有 {len(committees) - 1} 个委员会" in facets
    # The committee filtered on stays listed, however rare.
    rare = committees[-1]["value"]
    facets = page(client, q="全会", committee=rare).split('<aside class="search-facets"')[1]
    assert "<strong lang=" in facets.split("</aside>")[0]


def test_below_the_thresholds_the_page_keeps_its_list_and_every_facet(seed, client):
    html = page(client, q="全会")
    assert '<select name="committee"' in html and "另有" not in html
