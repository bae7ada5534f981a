"""The phrase lexicon: every key phrase counted in every session's text, quoted or not, in either
script; staff add, edit and remove phrases in the admin; manage.py recount_phrases."""

import csv
import io
import json
from io import StringIO
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from plenums.ingest.fixtures import fixture_objects
from plenums.ingest.parse import parse_path
from plenums.ingest.phrase_counts import count_phrases, read_lexicon
from plenums.ingest.records import ArticleError
from plenums.models import KeyPhrase, PhraseOccurrence, Session
from plenums.records.loader import load_records
from tests.support.forms import read_form
from tests.support.records import make_record

SEEDS = sorted(settings.ARTICLES_DIR.glob("*.txt"))
# 高质量发展 is quoted nowhere in the seeds: 6-9 (Simplified) says it once, 7-9 (Traditional,
# 高質量發展) three times.
PHRASE = "高质量发展"


# --- counting: a pure function of text and lexicon --------------------------------------------


def test_a_simplified_phrase_is_counted_unquoted_in_traditional_text():
    text = "全會指出，要堅持高質量發展。\n推動高質量發展，實現“十四五”目標。"
    found = count_phrases(text, ["高质量发展", "十四五", "六保"])
    assert [(k.phrase, k.count) for k in found] == [("高质量发展", 2), ("十四五", 1)]
    # The citing sentence is the first one using it, in the text's own script.
    assert found[0].sentence == "全會指出，要堅持高質量發展。"
    assert found[1].sentence == "推動高質量發展，實現“十四五”目標。"


def test_a_traditional_spelling_counts_in_simplified_text():
    assert [(k.phrase, k.count) for k in count_phrases("要坚持高质量发展。", ["高質量發展"])] == [
        ("高質量發展", 1)
    ]


def test_the_lexicon_file_names_a_bad_line(tmp_path):
    lexicon = tmp_path / "lexicon.txt"
    lexicon.write_text("# tracked\n新質生產力\n“六保”  # quoted\n\n新\n", encoding="utf-8")
    with pytest.raises(ArticleError) as error:
        read_lexicon(lexicon)
    assert str(error.value).startswith(f"{lexicon}:5: '新': ")
    lexicon.write_text("新質生產力\n“六保”  # quoted\n新质生产力\n", encoding="utf-8")
    assert read_lexicon(lexicon) == ["新质生产力", "六保"]


def test_the_seed_fixture_counts_a_tracked_phrase_in_traditional_text():
    records = [parse_path(p) for p in SEEDS]
    assert not any(k.phrase == "新质生产力" for r in records for k in r.key_phrases)
    objects = fixture_objects(records, tracked=["新质生产力"])
    found = [o["fields"] for o in objects if o["model"] == "plenums.phraseoccurrence"]
    tracked = [f for f in found if f["phrase"] == ["新质生产力"]]
    assert [(f["session"], f["count"]) for f in tracked] == [(["中共上海市嘉定区委员会", 7, 9], 3)]
    assert "新質生產力" in tracked[0]["sentence"]
    assert {"phrase": "新质生产力", "origin": "staff"} in [
        o["fields"] for o in objects if o["model"] == "plenums.keyphrase"
    ]
    # The committed fixture tracks it too (fixtures/lexicon.txt).
    committed = json.loads(settings.FIXTURE_FILE.read_text(encoding="utf-8"))
    assert tracked[0] in [o["fields"] for o in committed]


def test_a_phrase_quoted_in_one_record_is_counted_unquoted_in_another():
    quoting = make_record(plenum=9, phrases=(("人民城市", 1),))
    plain = make_record(plenum=10, phrases=(), text="第7届委员会第10次全体会议。建设人民城市。")
    found = [
        (o["fields"]["session"][2], o["fields"]["phrase"], o["fields"]["count"])
        for o in fixture_objects([quoting, plain])
        if o["model"] == "plenums.phraseoccurrence"
    ]
    assert found == [(9, ["人民城市"], 1), (10, ["人民城市"], 1)]


@pytest.mark.django_db
def test_loading_a_newly_quoted_phrase_counts_it_in_sessions_already_archived():
    load_records([make_record(plenum=9, phrases=(), text="第7届第9次全会。建設人民城市。")])
    load_records([make_record(plenum=10, phrases=(("人民城市", 1),))])
    older = PhraseOccurrence.objects.get(session__plenum=9)
    assert (older.phrase.phrase, older.count, older.sentence) == ("人民城市", 1, "建設人民城市。")
    assert KeyPhrase.objects.get(phrase="人民城市").origin == KeyPhrase.Origin.QUOTED


# --- the admin --------------------------------------------------------------------------------


@pytest.fixture
def seeds(db):
    call_command("loaddata", str(settings.FIXTURE_FILE), verbosity=0)
    return {(s.term, s.plenum): s for s in Session.objects.all()}


def _add_phrase(staff, phrase):
    url = reverse("admin:plenums_keyphrase_add")
    data = read_form(staff.get(url), "keyphrase_form")
    data["phrase"] = [phrase]
    return staff.post(url, data)


def _occurrences(phrase):
    return {
        (o.session.term, o.session.plenum): (o.count, o.sentence)
        for o in PhraseOccurrence.objects.filter(phrase__phrase=phrase).select_related("session")
    }


def test_adding_a_phrase_counts_it_in_every_session_traditional_included(staff, seeds):
    # Typed in Traditional, with quotes: stored Simplified.
    response = _add_phrase(staff, "“高質量發展”")
    assert response.status_code == 302, response.context and response.context["errors"]
    phrase = KeyPhrase.objects.get(phrase=PHRASE)
    assert phrase.origin == KeyPhrase.Origin.STAFF
    found = _occurrences(PHRASE)
    assert {key: count for key, (count, _s) in found.items()} == {(6, 9): 1, (7, 9): 3}
    assert found[(6, 9)][1] == "全会强调，要坚持高质量发展，夯实现代新城基础。"
    assert "高質量發展" in found[(7, 9)][1]
    assert phrase.history.count() == 1
    assert PhraseOccurrence.history.filter(phrase_id=phrase.pk).count() == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("2 次会议" in m for m in messages)


def test_every_page_reads_the_lexicon(staff, seeds, client):
    _add_phrase(staff, PHRASE)
    client.logout()
    newer = client.get("/sessions/jiading-7-9/").content.decode()
    assert f'href="/phrases/{quote(PHRASE)}/"' in newer
    # Compared with the previous plenum (6-9): kept, 1 → 3.
    assert f"{PHRASE}</a> 1→3" in newer
    record = client.get("/sessions/jiading-7-9/?format=json").json()
    assert {"phrase": PHRASE, "count": 3} in record["key_phrases"]
    listing = client.get(f"/phrases/{quote(PHRASE)}/?format=json").json()
    assert [(s["session"]["slug"], s["count"]) for s in listing["sessions"]] == [
        ("jiading-6-9", 1),
        ("jiading-7-9", 3),
    ]
    assert "<svg" in client.get(f"/phrases/{quote(PHRASE)}/").content.decode()
    phrases = client.get("/phrases/?format=json").json()["results"]
    assert {"phrase": PHRASE, "sessions": 2} in [
        {k: p[k] for k in ("phrase", "sessions")} for p in phrases
    ]
    body = b"".join(client.get("/data/plenums.csv").streaming_content).decode("utf-8-sig")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(body))}
    assert f"{PHRASE}×3" in rows["jiading-7-9"]["key_phrases"].split(";")


def test_a_bad_phrase_is_refused_with_the_reason(staff, seeds):
    response = _add_phrase(staff, "发")
    assert response.status_code == 200
    assert "提法须在一句之内,2 至 50 个字" in response.content.decode()
    assert not KeyPhrase.objects.filter(phrase="发").exists()


def test_editing_a_phrase_recounts_it(staff, seeds):
    _add_phrase(staff, PHRASE)
    phrase = KeyPhrase.objects.get(phrase=PHRASE)
    url = reverse("admin:plenums_keyphrase_change", args=[phrase.pk])
    data = read_form(staff.get(url), "keyphrase_form")
    data["phrase"] = ["城市安全"]  # 6-9 only, three times
    assert staff.post(url, data).status_code == 302
    assert _occurrences("城市安全").keys() == {(6, 9)}
    assert _occurrences("城市安全")[(6, 9)][0] == 3
    assert not PhraseOccurrence.objects.filter(phrase__phrase=PHRASE).exists()


def test_removing_a_phrase_removes_its_occurrences(staff, seeds):
    _add_phrase(staff, PHRASE)
    phrase = KeyPhrase.objects.get(phrase=PHRASE)
    url = reverse("admin:plenums_keyphrase_delete", args=[phrase.pk])
    assert staff.post(url, {"post": "yes"}).status_code == 302
    assert not KeyPhrase.objects.filter(phrase=PHRASE).exists()
    assert not PhraseOccurrence.objects.filter(phrase_id=phrase.pk).exists()
    # Each removal is in the history.
    removed = PhraseOccurrence.history.filter(phrase_id=phrase.pk, history_type="-")
    assert removed.count() == 2
    assert staff.get(f"/phrases/{quote(PHRASE)}/").status_code == 404


def test_editing_a_session_text_recounts_its_phrases(staff, seeds):
    session = seeds[(6, 9)]
    url = reverse("admin:plenums_session_change", args=[session.pk])
    data = read_form(staff.get(url), "session_form")
    data["cleaned_text"] = [data["cleaned_text"][0] + "\n再提“六保”，又说新质生产力。"]
    assert staff.post(url, data).status_code == 302
    assert _occurrences("六保")[(6, 9)][0] == 3
    assert _occurrences("新质生产力")[(6, 9)] == (1, "再提“六保”，又说新质生产力。")


# --- the command ------------------------------------------------------------------------------


def test_the_command_recounts_every_session(seeds):
    six, seven = seeds[(6, 9)], seeds[(7, 9)]
    KeyPhrase.objects.create(phrase=PHRASE, origin=KeyPhrase.Origin.STAFF)
    PhraseOccurrence.objects.filter(session=seven, phrase__phrase="十四五").update(count=9)
    stray = KeyPhrase.objects.get(phrase="六保")
    PhraseOccurrence.objects.create(session=seven, phrase=stray, count=1, sentence="无")
    before = PhraseOccurrence.objects.count()

    out = StringIO()
    call_command("recount_phrases", stdout=out)
    phrases = KeyPhrase.objects.count()
    assert out.getvalue() == (
        f"{phrases} phrases in 2 sessions: 2 occurrences created, 1 updated, 1 removed,"
        f" {before - 2} unchanged\n"
    )
    assert PhraseOccurrence.objects.get(session=seven, phrase__phrase="十四五").count == 2
    assert not PhraseOccurrence.objects.filter(session=seven, phrase=stray).exists()
    assert {s.pk for s in Session.objects.filter(phrases__phrase__phrase=PHRASE)} == {
        six.pk,
        seven.pk,
    }
    out = StringIO()
    call_command("recount_phrases", stdout=out)
    assert out.getvalue().endswith(
        f"0 occurrences created, 0 updated, 0 removed, {before + 1} unchanged\n"
    )
