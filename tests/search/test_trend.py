"""The trend of a search (/search/: bars per year, the JSON ``trend``, CSV, top committees)."""

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from plenums.chinese import fold
from plenums.models import Session
from plenums.search_indexes import SessionIndex
from plenums.web.timeline import year_bars
from search.analysis import WORD_RUN_RE
from search.templatetags.search_tags import percent
from tests.support.rows import make_session
from tests.support.search import SEARCH

# Queries and filters the trend must count exactly under (a committee, a term, year ranges,
# a range given the wrong way round).
CASES = [
    ("经济", {}),
    ("全会", {}),
    ("黨", {}),
    ("發展", {"committee": "sh-songjiang"}),
    ("全会", {"term": 2}),
    ("全会", {"year_from": 2013, "year_to": 2017}),
    ("全会", {"year_from": 2019, "year_to": 2012}),
    ("全会", {"committee": "jiading", "year_from": 2015}),
]


@pytest.fixture
def archive(seed):
    # Unpublished sessions are in neither the search nor the archive's totals; an undated one
    # is in the search's count but in no year.
    make_session(plenum=900, year=2015, text="全会强调,经济发展要稳。", published=False)
    make_session(plenum=901, year=None, month=None, text="全会强调,经济工作要稳。")
    seed.rebuild()
    return seed


def get_json(client, **params):
    response = client.get(SEARCH, {**params, "format": "json"})
    assert response.status_code == 200
    return response.json()


def matching(query, **filters):
    """Published sessions holding the query's folded word runs, filtered in Python."""
    needle = "".join(WORD_RUN_RE.findall(fold(query)))
    index = SessionIndex()
    year_from, year_to = sorted([filters.get("year_from") or 0, filters.get("year_to") or 9999])
    return [
        s
        for s in Session.objects.published().select_related("committee")
        if needle in "".join(WORD_RUN_RE.findall(fold(index.prepare(s)["text"])))
        and filters.get("committee", s.committee.slug) == s.committee.slug
        and filters.get("term", s.term) == s.term
        and (s.year is None or year_from <= s.year <= year_to)
        and (s.year is not None or not ({"year_from", "year_to"} & set(filters)))
    ]


@pytest.mark.parametrize(("query", "filters"), CASES)
def test_trend_counts_equal_the_year_facets_and_the_published_sessions_per_year(
    archive, client, query, filters
):
    data = get_json(client, q=query, **filters)
    trend = data["trend"]
    assert trend and all(set(row) == {"year", "sessions", "total"} for row in trend)
    # Every year the archive covers, within the year filters, in order, zeros included.
    years = sorted({s.year for s in Session.objects.published() if s.year})
    low, high = sorted([filters.get("year_from", years[0]), filters.get("year_to", years[-1])])
    expected_years = list(range(max(years[0], low), min(years[-1], high) + 1))
    assert [row["year"] for row in trend] == expected_years
    # Matching sessions per year: the search's own year facet, and a count done in Python.
    facet = {f["value"]: f["count"] for f in data["facets"]["year"]}
    assert {row["year"]: row["sessions"] for row in trend if row["sessions"]} == facet
    found = matching(query, **filters)
    for row in trend:
        assert row["sessions"] == sum(1 for s in found if s.year == row["year"]), row
    assert sum(row["sessions"] for row in trend) == data["count"] - sum(
        1 for s in found if s.year is None
    )
    # The archive's published sessions that year, under the same committee and term.
    for row in trend:
        published = Session.objects.published().filter(year=row["year"])
        if "committee" in filters:
            published = published.filter(committee__slug=filters["committee"])
        if "term" in filters:
            published = published.filter(term=filters["term"])
        assert row["total"] == published.count(), row
        assert row["sessions"] <= row["total"]


def test_the_undated_and_unpublished_sessions_stay_out_of_the_years(archive, client):
    trend = {row["year"]: row for row in get_json(client, q="经济工作要稳")["trend"]}
    assert sum(row["sessions"] for row in trend.values()) == 0
    assert get_json(client, q="经济工作要稳")["count"] == 1
    assert get_json(client, q="经济发展要稳")["count"] == 0
    published_2015 = Session.objects.published().filter(year=2015).count()
    assert trend[2015]["total"] == published_2015 < Session.objects.filter(year=2015).count()


def test_trend_without_a_query_lists_the_archive_with_no_matches(archive, client):
    trend = get_json(client)["trend"]
    assert trend and all(row["sessions"] == 0 for row in trend)
    assert (
        sum(row["total"] for row in trend) == Session.objects.published().exclude(year=None).count()
    )


def test_csv_is_the_trend_table_with_a_header_row(archive, client):
    response = client.get(SEARCH, {"q": "经济", "committee": "jiading", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''trend-%E7%BB%8F%E6%B5%8E.csv" in disposition
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffyear,sessions,total\r\n")
    table = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    trend = get_json(client, q="经济", committee="jiading")["trend"]
    assert [{k: int(v) for k, v in row.items()} for row in table] == trend


def test_csv_file_name_keeps_only_the_words_of_the_query(archive, client):
    response = client.get(SEARCH, {"q": '经济 "../x;" <y>', "format": "csv"})
    assert response.status_code == 200
    assert "filename*=utf-8''trend-%E7%BB%8F%E6%B5%8E-x-y.csv" in response["Content-Disposition"]


def svg_of(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>")]


def test_the_page_draws_a_bar_per_year_linking_to_that_year(archive, client):
    html = client.get(SEARCH, {"q": "经济", "committee": "jiading"}).content.decode()
    trend = get_json(client, q="经济", committee="jiading")["trend"]
    svg = svg_of(html)
    assert '<title id="trend-title">“经济”:每年匹配的会议数</title>' in svg
    assert 'aria-labelledby="trend-title" aria-describedby="trend-desc"' in svg
    assert '<desc id="trend-desc">' in svg
    links = re.findall(r'<a href="([^"]+)" aria-label="(\d+) 年:(\d+) / (\d+) 次会议">', svg)
    assert [(int(y), int(n), int(t)) for _, y, n, t in links] == [
        (r["year"], r["sessions"], r["total"]) for r in trend if r["sessions"]
    ]
    for href, year, _n, _t in links:
        params = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert params == {
            "q": ["经济"],
            "committee": ["jiading"],
            "year_from": [year],
            "year_to": [year],
        }
        filtered = get_json(client, **{k: v[0] for k, v in params.items()})
        assert filtered["count"] == int(_n)
    # Bar heights follow the counts: the tallest bar belongs to the busiest year.
    heights = [float(h) for h in re.findall(r'<rect class="bar" [^>]*height="([\d.]+)"', svg)]
    counts = [r["sessions"] for r in trend if r["sessions"]]
    assert heights.index(max(heights)) == counts.index(max(counts))
    # The text twin: a real table with a caption and a row per year.
    table = html[html.index("<table") : html.index("</table>")]
    assert "<caption>" in table
    assert len(re.findall(r'<th scope="row">', table)) == len(trend)


def test_the_share_toggle_draws_each_year_as_a_share_of_its_sessions(archive, client):
    params = {"q": "全会", "committee": "sh-songjiang"}
    counts = client.get(SEARCH, params).content.decode()
    shares = client.get(SEARCH, {**params, "chart": "share"}).content.decode()
    assert '<strong aria-current="true">匹配的会议数</strong>' in counts
    assert '<strong aria-current="true">占当年收录会议的比例</strong>' in shares
    assert "chart=share" in counts and 'name="chart" value="share"' in shares
    trend = get_json(client, **params)["trend"]
    values = re.findall(r'<text class="value"[^>]*>([^<]+)</text>', svg_of(shares))
    assert values == [percent(r["sessions"] / r["total"]) for r in trend if r["sessions"]]
    # The bars' links keep the toggle; a bad value is named and ignored.
    assert "chart=share" in svg_of(shares)
    bad = client.get(SEARCH, {**params, "chart": "pie"}).content.decode()
    assert "已忽略参数“趋势图”" in bad and svg_of(bad) == svg_of(counts)


def test_totals_follow_every_change_to_the_archive(archive, client):
    # The per-year totals are remembered between searches; a saved session must show at once.
    before = {row["year"]: row["total"] for row in get_json(client, q="全会")["trend"]}
    make_session(plenum=902, year=2015, text="全会强调,经济发展要稳。")
    hidden = Session.objects.get(plenum=900)
    hidden.published = True
    hidden.save()
    after = {row["year"]: row["total"] for row in get_json(client, q="全会")["trend"]}
    assert after[2015] == before[2015] + 2 == Session.objects.published().filter(year=2015).count()
    assert {y: n for y, n in after.items() if y != 2015} == {
        y: n for y, n in before.items() if y != 2015
    }


def test_top_committees_without_year_bounds_count_undated_sessions(archive, client):
    data = get_json(client, q="全会")
    committee = Session.objects.get(plenum=901).committee
    html = client.get(SEARCH, {"q": "全会"}).content.decode()
    section = html[
        html.index("trend-committees") : html.index("</ol>", html.index("trend-committees"))
    ]
    shown = dict(
        re.findall(
            r'committee=([\w-]+)[^"]*"[^>]*>[^<]+</a> <span class="count">\d+ / (\d+)', section
        )
    )
    assert committee.slug in shown and data["count"]
    assert (
        int(shown[committee.slug])
        == Session.objects.published().filter(committee=committee).count()
    )


def test_top_committees_count_their_matches_and_their_sessions(archive, client):
    data = get_json(client, q="全会", year_from=2012, year_to=2020)
    html = client.get(SEARCH, {"q": "全会", "year_from": 2012, "year_to": 2020}).content.decode()
    section = html[html.index("trend-committees") :]
    section = section[: section.index("</ol>")]
    facet = {f["value"]: f["count"] for f in data["facets"]["committee"]}
    shown = re.findall(
        r'committee=([\w-]+)[^"]*"[^>]*>[^<]+</a> <span class="count">(\d+) / (\d+)', section
    )
    assert [slug for slug, _, _ in shown] == sorted(facet, key=lambda s: -facet[s])[:5]
    for slug, n, total in shown:
        assert int(n) == facet[slug]
        published = Session.objects.published().filter(
            committee__slug=slug, year__gte=2012, year__lte=2020
        )
        assert int(total) == published.count()


def test_an_empty_search_shows_no_chart(archive, client):
    html = client.get(SEARCH, {"q": "不存在的词汇组合"}).content.decode()
    assert "<svg" not in html and 'class="trend"' not in html


def test_bars_are_wide_enough_to_tap_and_never_vanish():
    items = [{"year": 2000 + i, "n": n} for i, n in enumerate([0, 1, 500, 3] * 10)]
    chart = year_bars(items, lambda item: item["n"])
    assert chart["column"] >= 24 and chart["width"] == 2 * 8 + 40 * chart["column"]
    heights = [bar["height"] for bar in chart["bars"]]
    assert max(heights) == 110 and heights[0] == 0 and all(h >= 2 for h in heights if h != 0)
    assert chart["bars"][-1]["labelled"] and not chart["bars"][-2]["labelled"]
    few = year_bars(items[:5], lambda item: item["n"])
    assert few["column"] == 56 and all(bar["labelled"] for bar in few["bars"])
    assert year_bars([], lambda item: 0) == {"bars": []}
    # A share is drawn against the whole: half a year's sessions is half the plot.
    halves = year_bars([{"year": 2020, "share": 0.5}], lambda item: item["share"], top=1)
    assert halves["bars"][0]["height"] == 55


def test_percent_filter():
    assert [percent(v) for v in (0, 0.004, 0.25, 1)] == ["0%", "<1%", "25%", "100%"]
    assert percent(1 / 3, 1) == "33.3%" and percent(0.0004, 1) == "<0.1%"
    assert percent(None) == ""
