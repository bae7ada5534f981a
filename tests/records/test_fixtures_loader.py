"""Fixture builder and loader: deterministic output, idempotent loads, all-or-nothing writes."""

import json
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from plenums.ingest.fixtures import committee_slugs, dumps
from plenums.models import Appearance, Committee, KeyPhrase, Person, PhraseOccurrence, Session
from plenums.records.loader import load_records
from tests.support.records import make_record


def test_fixture_text_is_independent_of_input_order():
    records = [make_record(term=7, plenum=n) for n in range(1, 6)] + [make_record("奉贤区")]
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    assert dumps(records) == dumps(shuffled)
    assert dumps(records).endswith("]\n")


def test_fixture_uses_natural_keys_and_no_primary_keys():
    objects = json.loads(dumps([make_record()]))
    assert all("pk" not in o for o in objects)
    session = next(o for o in objects if o["model"] == "plenums.session")
    assert session["fields"]["committee"] == ["中共上海市嘉定区委员会"]
    assert session["fields"]["slug"] == "jiading-7-9"
    appearance = next(o for o in objects if o["model"] == "plenums.appearance")
    assert appearance["fields"]["session"] == ["中共上海市嘉定区委员会", 7, 9]
    assert appearance["fields"]["person"] == ["陆方舟", "中共上海市嘉定区委员会"]
    person = next(o for o in objects if o["model"] == "plenums.person")
    assert person["fields"] == {"name": "陆方舟", "committee": ["中共上海市嘉定区委员会"]}


def test_committee_slugs_disambiguate_same_named_regions_by_parent():
    records = [make_record("鼓楼区", "南京市"), make_record("鼓楼区", "福州市"), make_record()]
    slugs = committee_slugs(records)
    assert slugs["中共南京市鼓楼区委员会"] == "gulou-nanjing"
    assert slugs["中共福州市鼓楼区委员会"] == "gulou-fuzhou"
    assert slugs["中共上海市嘉定区委员会"] == "jiading"
    assert len(set(slugs.values())) == 3


def test_committee_slugs_keep_those_taken_and_never_reuse_them():
    records = [make_record("鼓楼区", "南京市"), make_record()]
    taken = {"中共福州市鼓楼区委员会": "gulou", "中共上海市嘉定区委员会": "jiading"}
    slugs = committee_slugs(records, taken)
    assert slugs == {"中共南京市鼓楼区委员会": "gulou-nanjing", "中共上海市嘉定区委员会": "jiading"}


@pytest.mark.django_db
def test_loads_one_at_a_time_keep_every_committee_and_session_url():
    fuzhou = make_record("鼓楼区", "福州市", text="福州市鼓楼区第7届委员会第9次全体会议举行。")
    nanjing = make_record("鼓楼区", "南京市", text="南京市鼓楼区第7届委员会第9次全体会议举行。")
    load_records([fuzhou])
    load_records([nanjing])
    load_records([fuzhou])
    slugs = dict(Committee.objects.values_list("name", "slug"))
    assert slugs == {"中共福州市鼓楼区委员会": "gulou", "中共南京市鼓楼区委员会": "gulou-nanjing"}
    assert sorted(Session.objects.values_list("slug", flat=True)) == [
        "gulou-7-9",
        "gulou-nanjing-7-9",
    ]


@pytest.mark.django_db
def test_loaddata_of_built_fixture_is_idempotent(tmp_path):
    path = tmp_path / "plenums.json"
    path.write_text(dumps([make_record(), make_record(plenum=10)]), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)
    call_command("loaddata", str(path), verbosity=0)
    assert Session.objects.count() == 2
    assert Committee.objects.count() == 1
    assert Person.objects.count() == 2
    assert Appearance.objects.count() == 4
    assert PhraseOccurrence.objects.get(session__plenum=10).phrase.phrase == "十四五"


@pytest.mark.django_db
def test_loader_updates_in_place_and_drops_rows_the_record_no_longer_lists():
    counts = load_records([make_record()])
    assert counts["session created"] == 1 and counts["appearance created"] == 2
    session_pk = Session.objects.get().pk

    edited = make_record(speakers=(("陆方舟", ("区委书记",)),), phrases=(("两个确立", 1),))
    counts = load_records([edited])
    assert counts["session updated"] == 1
    assert counts["appearance removed"] == 1 and counts["phraseoccurrence removed"] == 1
    session = Session.objects.get()
    assert session.pk == session_pk
    assert [a.person.name for a in session.appearances.all()] == ["陆方舟"]
    assert [o.phrase.phrase for o in session.phrases.all()] == ["两个确立"]
    # People and phrases are shared across sessions: kept even when one session drops them.
    assert Person.objects.filter(name="高香").exists()
    assert KeyPhrase.objects.filter(phrase="十四五").exists()


@pytest.mark.django_db
def test_a_load_that_fails_half_way_leaves_the_database_as_it_was():
    load_records([make_record()])
    before = json.loads(_dump())
    assert any(o["model"] == "plenums.historicalsession" for o in before)
    good = make_record(plenum=10)
    clash = make_record(plenum=11)
    clash.sha256 = good.sha256  # the same original file cannot be two plenums
    with pytest.raises(IntegrityError):
        load_records([good, clash])
    assert json.loads(_dump()) == before


def _dump():
    out = StringIO()
    call_command("dumpdata", "plenums", natural_foreign=True, natural_primary=True, stdout=out)
    return out.getvalue()
