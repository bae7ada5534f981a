"""No N+1 queries: every list page costs the same number of queries at 3 rows and at 30."""

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.rows import make_committee, make_session

pytestmark = pytest.mark.django_db

PEOPLE = ["陆方舟", "高香", "吴杰", "王明"]
PHRASES = ["十四五", "人民城市", "新质生产力", "高质量发展"]


def add_sessions(committee, terms, plenums):
    for term in terms:
        for plenum in plenums:
            make_session(
                committee,
                term=term,
                plenum=plenum,
                year=2000 + term,
                month=plenum,
                speakers=[(n, n, ["委员"], ["讲话"]) for n in PEOPLE[: 2 + plenum % 3]],
                documents=[(f"文件{term}-{plenum}-{i}", "审议通过", "决议") for i in range(2)],
                phrases=[(p, plenum + i, f"句子{p}。") for i, p in enumerate(PHRASES)],
            )


URLS = [
    "/",
    "/?format=json",
    "/committees/",
    "/committees/jiading/",
    "/committees/jiading/?format=json",
    "/people/",
    f"/people/{quote('陆方舟')}/",
    f"/people/{quote('陆方舟')}/?format=json",
    f"/people/{quote('陆方舟')}/jiading/",
    f"/people/{quote('陆方舟')}/jiading/?format=json",
    "/phrases/",
    f"/phrases/{quote('十四五')}/",
    f"/phrases/{quote('十四五')}/?format=json",
    "/sessions/jiading-1-1/",
    "/sessions/jiading-1-1/?format=json",
    "/data/plenums.json",
    "/data/plenums.csv",
    "/feed/atom/",
    "/sitemap.xml",
]


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", URLS)
def test_query_count_does_not_grow_with_rows(client, url, django_assert_max_num_queries):
    jiading, chongming = make_committee(), make_committee("崇明区", slug="chongming")
    add_sessions(jiading, terms=[1], plenums=[1, 2, 3])
    # Two committees from the start: their speakers are namesakes, listed at /people/<name>/.
    add_sessions(chongming, terms=[1], plenums=[1])
    few = queries_for(client, url)
    add_sessions(jiading, terms=[2, 3], plenums=range(1, 8))
    add_sessions(chongming, terms=[1, 2], plenums=range(2, 7))
    # 4 sessions then 28 (each with 2-4 speakers, 2 documents, 4 phrases): same query count.
    with django_assert_max_num_queries(few):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert few <= 10, f"{url}: {few} queries"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # The archive stamp, the session with its committee, its speakers (person and committee
        # joined), documents, its committee's published sessions (the neighbours) and the
        # phrases of it and of the one before, in one query.
        ("/sessions/jiading-1-2/", 6),
        # No session before: the same queries.
        ("/sessions/jiading-1-1/", 6),
        # The JSON twin: the stamp, the session and its three kinds of rows; no neighbours.
        ("/sessions/jiading-1-2/?format=json", 5),
    ],
)
def test_session_page_query_count(client, django_assert_num_queries, url, expected):
    add_sessions(make_committee(), terms=[1], plenums=[1, 2, 3])
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
