"""People told apart: one person per name and committee, merged by staff, at their own URLs."""

import json
from urllib.parse import quote

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from plenums.ingest.fixtures import dumps
from plenums.models import Appearance, Committee, Person, Session
from plenums.records.loader import load_records
from tests.support.records import make_record

WANG = quote("王伟")
JIADING = "中共上海市嘉定区委员会"
FENGXIAN = "中共上海市奉贤区委员会"


def two_districts():
    """王伟 speaks at 嘉定区 (twice, as 区长) and at 奉贤区 (once, as 区委书记)."""
    return [
        make_record(plenum=9, speakers=(("王伟", ("区长",)), ("高香", ("区委副书记",)))),
        make_record(plenum=10, speakers=(("王伟", ("区长",)),)),
        make_record("奉贤区", plenum=3, speakers=(("王伟", ("区委书记",)),)),
    ]


@pytest.fixture
def namesakes(db):
    load_records(two_districts())
    return Person.objects.get(committee__slug="jiading", name="王伟"), Person.objects.get(
        committee__slug="fengxian", name="王伟"
    )


# --- fixture builder and loader ---------------------------------------------------------------


def test_fixture_has_one_person_per_name_and_committee():
    objects = json.loads(dumps(two_districts()))
    people = [o["fields"] for o in objects if o["model"] == "plenums.person"]
    assert {"name": "王伟", "committee": [JIADING]} in people
    assert {"name": "王伟", "committee": [FENGXIAN]} in people
    assert len(people) == 3
    keys = [o["fields"]["person"] for o in objects if o["model"] == "plenums.appearance"]
    assert keys.count(["王伟", JIADING]) == 2 and keys.count(["王伟", FENGXIAN]) == 1


def test_loader_makes_namesakes_in_two_districts_two_people(namesakes):
    jiading, fengxian = namesakes
    assert jiading.pk != fengxian.pk
    assert [a.session.plenum for a in jiading.appearances.order_by("session__plenum")] == [9, 10]
    assert [a.roles for a in fengxian.appearances.all()] == [["区委书记"]]
    # Loading the same records again finds the same people.
    counts = load_records(two_districts())
    assert counts["person updated"] == 3 and "person created" not in counts
    assert Person.objects.count() == 3


@pytest.mark.django_db
def test_loaddata_of_namesakes_in_two_districts(tmp_path):
    path = tmp_path / "plenums.json"
    path.write_text(dumps(two_districts()), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)
    call_command("loaddata", str(path), verbosity=0)
    assert sorted(Person.objects.filter(name="王伟").values_list("committee__slug", flat=True)) == [
        "fengxian",
        "jiading",
    ]
    assert Appearance.objects.filter(person__committee__slug="jiading").count() == 3


# --- pages and their JSON ---------------------------------------------------------------------


def test_shared_name_lists_everyone_of_that_name_with_their_committee(client, namesakes):
    page = client.get(f"/people/{WANG}/")
    assert page.status_code == 200
    html = page.content.decode()
    for slug, committee in (("fengxian", FENGXIAN), ("jiading", JIADING)):
        person = f'<a href="/people/{WANG}/{slug}/" lang="zh-Hans">王伟</a>'
        committee_link = f'<a href="/committees/{slug}/" lang="zh-Hans">{committee}</a>'
        assert f"{person} · {committee_link}" in html
    assert "2 位同名人物" in html
    data = client.get(f"/people/{WANG}/", {"format": "json"}).json()
    assert data["name"] == "王伟"
    people = sorted(data["people"], key=lambda p: p["committee"]["slug"])
    assert [(p["committee"]["slug"], p["appearances"], p["roles"]) for p in people] == [
        ("fengxian", 1, ["区委书记"]),
        ("jiading", 2, ["区长"]),
    ]
    assert people[1]["url"] == f"http://testserver/people/{WANG}/jiading/"


def test_person_page_shows_only_that_persons_appearances(client, namesakes):
    html = client.get(f"/people/{WANG}/jiading/").content.decode()
    assert '<h1 lang="zh-Hans">王伟</h1>' in html
    assert f'<a href="/committees/jiading/" lang="zh-Hans">{JIADING}</a>' in html
    assert f'<a href="/people/{WANG}/">另有 1 位同名人物</a>' in html
    assert '<span lang="zh-Hans">嘉定区</span> 第7届委员会第9次全体会议' in html
    assert "奉贤区" not in html
    data = client.get(f"/people/{WANG}/fengxian/", {"format": "json"}).json()
    assert data["committee"]["name"] == FENGXIAN and data["namesakes"] == 1
    assert [a["session"]["slug"] for a in data["appearances"]] == ["fengxian-7-3"]


def test_session_pages_link_the_speaker_of_their_own_committee(client, namesakes):
    jiading = client.get("/sessions/jiading-7-9/").content.decode()
    assert f'<a href="/people/{WANG}/jiading/" lang="zh-Hans">王伟</a>' in jiading
    fengxian = client.get("/sessions/fengxian-7-3/").content.decode()
    assert f'<a href="/people/{WANG}/fengxian/" lang="zh-Hans">王伟</a>' in fengxian


def test_person_list_and_sitemap_have_each_namesake(client, namesakes):
    html = client.get("/people/").content.decode()
    assert (
        f'<a href="/people/{WANG}/fengxian/" lang="zh-Hans">王伟</a> '
        '<span class="place" lang="zh-Hans">上海市奉贤区</span>' in html
    )
    assert (
        f'<a href="/people/{WANG}/jiading/" lang="zh-Hans">王伟</a> '
        '<span class="place" lang="zh-Hans">上海市嘉定区</span>' in html
    )
    data = client.get("/people/", {"format": "json"}).json()
    assert sorted((p["name"], p["committee"], p["appearances"]) for p in data["results"]) == [
        ("王伟", JIADING, 2),
        ("王伟", FENGXIAN, 1),
        ("高香", JIADING, 1),
    ]
    sitemap = client.get("/sitemap.xml").content.decode()
    for slug in ("jiading", "fengxian"):
        assert f"<loc>http://testserver/people/{WANG}/{slug}/</loc>" in sitemap


def test_a_unique_name_redirects_to_its_person_keeping_the_format(client, namesakes):
    response = client.get(f"/people/{quote('高香')}/")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{quote('高香')}/jiading/"
    response = client.get(f"/people/{quote('高香')}/", {"format": "json"})
    assert response["Location"] == f"/people/{quote('高香')}/jiading/?format=json"
    assert client.get(response["Location"]).json()["name"] == "高香"


def test_traditional_spellings_redirect_to_the_canonical_urls(client, namesakes):
    response = client.get(f"/people/{quote('王偉')}/")
    assert response.status_code == 301 and response["Location"] == f"/people/{WANG}/"
    response = client.get(f"/people/{quote('王偉')}/fengxian/")
    assert response.status_code == 301
    assert response["Location"] == f"/people/{WANG}/fengxian/"


@pytest.mark.parametrize(
    "url",
    [
        f"/people/{quote('無此人')}/",
        f"/people/{quote('無此人')}/jiading/",
        f"/people/{quote('高香')}/fengxian/",  # a name that exists, at a committee it does not
        f"/people/{WANG}/nowhere/",
    ],
)
def test_unknown_people_are_not_found(client, namesakes, url):
    assert client.get(url).status_code == 404


# --- merging across committees ----------------------------------------------------------------


def merge(staff, people, into):
    changelist = reverse("admin:plenums_person_changelist")
    selection = {ACTION_CHECKBOX_NAME: [p.pk for p in people], "action": "merge_people"}
    confirm = staff.post(changelist, selection)
    assert confirm.status_code == 200
    response = staff.post(changelist, {**selection, "merge_into": into.pk})
    assert response.status_code == 302
    return confirm.content.decode()


def test_staff_merge_an_official_who_moved_across_committees(staff, client, namesakes):
    jiading, fengxian = namesakes
    confirm = merge(staff, [jiading, fengxian], into=fengxian)
    # Staff see which committee each namesake belongs to before choosing.
    assert f"王伟 · {JIADING}" in confirm and f"王伟 · {FENGXIAN}" in confirm

    assert not Person.objects.filter(pk=jiading.pk).exists()
    fengxian.refresh_from_db()
    assert fengxian.committee.slug == "fengxian"
    sessions = fengxian.appearances.order_by("session__committee__name", "session__plenum")
    assert [a.session.slug for a in sessions] == ["jiading-7-9", "jiading-7-10", "fengxian-7-3"]
    assert Person.history.filter(id=jiading.pk, history_type="-").exists()

    # The one person's page shows both committees; the old URLs lead there.
    page = client.get(f"/people/{WANG}/fengxian/").content.decode()
    assert '<span lang="zh-Hans">嘉定区</span> 第7届委员会第10次全体会议' in page
    assert '<span lang="zh-Hans">奉贤区</span> 第7届委员会第3次全体会议' in page
    old = client.get(f"/people/{WANG}/jiading/")
    assert old.status_code == 302 and old["Location"] == f"/people/{WANG}/fengxian/"
    assert client.get(f"/people/{WANG}/")["Location"] == f"/people/{WANG}/fengxian/"
    session = client.get("/sessions/jiading-7-9/").content.decode()
    assert f'<a href="/people/{WANG}/fengxian/" lang="zh-Hans">王伟</a>' in session


def test_a_later_session_of_the_old_committee_joins_the_merged_person(staff, namesakes):
    jiading, fengxian = namesakes
    merge(staff, [jiading, fengxian], into=fengxian)

    counts = load_records([make_record(plenum=11, speakers=(("王伟", ("区长",)),))])
    assert "person created" not in counts
    assert Person.objects.filter(name="王伟").count() == 1
    assert Appearance.objects.get(session__slug="jiading-7-11").person == fengxian
    # Re-ingesting a merged session keeps it with the merged person too.
    load_records(two_districts()[:1])
    assert Appearance.objects.get(session__slug="jiading-7-9", name_as_printed="王伟").person == (
        fengxian
    )
    assert Person.objects.filter(name="王伟").count() == 1
    # A namesake at a third committee is still someone else.
    load_records([make_record("崇明区", plenum=1, speakers=(("王伟", ("区长",)),))])
    assert Person.objects.filter(name="王伟").count() == 2


def test_a_merged_misprint_stays_merged_when_printed_again(staff, db):
    load_records(
        [
            make_record(plenum=9, speakers=(("陆方舟", ("区委书记",)),)),
            make_record(plenum=10, speakers=(("陆方洲", ("区委书记",)),)),
        ]
    )
    right, misprint = Person.objects.get(name="陆方舟"), Person.objects.get(name="陆方洲")
    merge(staff, [right, misprint], into=right)
    load_records([make_record(plenum=11, speakers=(("陆方洲", ("区委书记",)),))])
    appearance = Appearance.objects.get(session__plenum=11)
    assert appearance.person == right and appearance.name_as_printed == "陆方洲"
    assert not Person.objects.filter(name="陆方洲").exists()


def test_a_session_printing_both_merged_spellings_keeps_both_roles(staff, db):
    record = make_record(speakers=(("陆方舟", ("区委书记",)), ("陆方洲", ("市委委员",))))
    load_records([record, make_record(plenum=10, speakers=(("陆方洲", ("区长",)),))])
    right, misprint = Person.objects.get(name="陆方舟"), Person.objects.get(name="陆方洲")
    merge(staff, [right, misprint], into=right)
    # Both printings now name one person: re-ingesting the session unites their roles.
    counts = load_records([record])
    assert Appearance.objects.get(session__plenum=9).roles == ["区委书记", "市委委员"]
    assert counts["appearance removed"] == 0 and Person.objects.count() == 1


def test_person_admin_tells_namesakes_apart(staff, namesakes):
    html = staff.get(reverse("admin:plenums_person_changelist")).content.decode()
    assert FENGXIAN in html and JIADING in html
    found = staff.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "plenums",
            "model_name": "appearance",
            "field_name": "person",
            "term": "王伟",
        },
    ).json()
    assert sorted(r["text"] for r in found["results"]) == [
        "王伟(上海市嘉定区)",
        "王伟(上海市奉贤区)",
    ]


@pytest.mark.django_db
def test_the_same_name_twice_at_one_committee_is_refused():
    committee = Committee.objects.create(
        name=JIADING, slug="jiading", region="嘉定区", parent_region="上海市", level="district"
    )
    Person.objects.create(name="王伟", committee=committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="王伟", committee=committee)


def test_namesake_pages_in_english(client, namesakes):
    client.get("/language/en/")
    listing = client.get(f"/people/{WANG}/").content.decode()
    assert "2 people of this name, told apart by committee:" in listing
    assert "2 appearances" in listing and "1 appearance" in listing
    person = client.get(f"/people/{WANG}/jiading/").content.decode()
    assert "1 other person of this name" in person


def test_a_namesake_met_only_at_unpublished_sessions_is_not_listed(client, namesakes):
    Session.objects.filter(slug="fengxian-7-3").update(published=False)
    response = client.get(f"/people/{WANG}/")
    assert response.status_code == 302 and response["Location"] == f"/people/{WANG}/jiading/"
    assert "fengxian" not in client.get("/people/").content.decode()
