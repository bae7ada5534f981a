"""Public pages: each one renders its own rows, answers 404 for unknown keys and 405 for writes."""

import pytest

from plenums.models import (
    Appearance,
    Committee,
    KeyPhrase,
    Person,
    PhraseOccurrence,
    Session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_rows():
    committee = Committee.objects.create(
        name="中共上海市嘉定区委员会",
        slug="jiading",
        region="嘉定区",
        parent_region="上海市",
        level="district",
    )
    session = Session.objects.create(
        committee=committee,
        term=7,
        plenum=9,
        slug="jiading-7-9",
        year=2024,
        month=12,
        date_inferred=True,
        title="中共嘉定区第七届委员会第九次全体会议举行",
        original_text="原文",
        original_filename="a.txt",
        original_encoding="utf-8",
        sha256="0" * 64,
        cleaned_text="全会指出,要坚持“十四五”规划。",
        script="Hant",
    )
    person = Person.objects.create(name="陆方舟")
    Appearance.objects.create(
        session=session, person=person, name_as_printed="陸方舟", roles=["区委书记"]
    )
    phrase = KeyPhrase.objects.create(phrase="十四五")
    PhraseOccurrence.objects.create(
        session=session, phrase=phrase, count=2, sentence="要坚持“十四五”规划。"
    )
    return session


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/", "嘉定区 第7届委员会第9次全体会议"),
        ("/sessions/jiading-7-9/", "要坚持“十四五”规划"),
        ("/committees/jiading/", "第7届委员会第9次全体会议"),
        ("/people/陆方舟/", "区委书记"),
        ("/phrases/十四五/", "要坚持“十四五”规划。"),
    ],
)
def test_page_shows_its_rows(client, session_rows, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/sessions/nope-1-1/", "/committees/nope/", "/people/无名/", "/phrases/无此提法/"]
)
def test_unknown_keys_are_404(client, session_rows, url):
    assert client.get(url).status_code == 404
