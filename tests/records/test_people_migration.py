"""Migration 0004 on real rows: people of one name across committees become one per committee."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.timezone import now

from plenums.models import Appearance, ArchiveStamp, Person

BEFORE = "0003_person_committee"


def state_apps(migration):
    return MigrationExecutor(connection).loader.project_state(("plenums", migration)).apps


def old_rows(apps):
    """Rows as the one-person-per-name archive held them, written with that schema's models."""
    committee_model = apps.get_model("plenums", "Committee")
    session_model = apps.get_model("plenums", "Session")
    person_model = apps.get_model("plenums", "Person")
    appearance_model = apps.get_model("plenums", "Appearance")
    jiading = committee_model.objects.create(
        name="中共上海市嘉定区委员会", slug="jiading", region="嘉定区", parent_region="上海市"
    )
    fengxian = committee_model.objects.create(
        name="中共上海市奉贤区委员会", slug="fengxian", region="奉贤区", parent_region="上海市"
    )

    def session(committee, plenum, year):
        return session_model.objects.create(
            committee=committee,
            term=7,
            plenum=plenum,
            slug=f"{committee.slug}-7-{plenum}",
            year=year,
            title=f"{committee.name}第7届第{plenum}次全体会议",
            original_text=f"{committee.slug}{plenum}",
            original_filename=f"{committee.slug}{plenum}.txt",
            original_encoding="utf-8",
            sha256=f"{committee.pk}{plenum}".rjust(64, "0"),
            cleaned_text="全会召开。",
            script="Hans",
        )

    a1, a2 = session(jiading, 1, 2021), session(jiading, 2, 2022)
    b1 = session(fengxian, 1, 2020)
    people = {name: person_model.objects.create(name=name) for name in ("王伟", "张三", "李四")}
    for s, name, roles in [
        (a1, "王伟", ["区长"]),
        (a2, "王伟", ["区长"]),
        (b1, "王伟", ["区委书记"]),
        (a1, "张三", ["区委常委"]),
        (b1, "张三", ["副区长"]),
    ]:
        appearance_model.objects.create(
            session=s, person=people[name], name_as_printed=name, roles=roles
        )
    return {name: p.pk for name, p in people.items()}


@pytest.mark.django_db(transaction=True)
def test_people_are_split_by_committee_and_united_again_on_reverse():
    call_command("migrate", "plenums", BEFORE, verbosity=0)
    try:
        pks = old_rows(state_apps(BEFORE))
        stamp_before = ArchiveStamp.objects.get_or_create(pk=1, defaults={"changed_at": now()})[
            0
        ].version
        call_command("migrate", "plenums", verbosity=0)
    finally:
        call_command("migrate", "plenums", verbosity=0)

    # 王伟 keeps his row where he appears most; 奉贤区's 王伟 is a new person with that session.
    wang = Person.objects.get(pk=pks["王伟"])
    assert wang.committee.slug == "jiading"
    assert sorted(a.session.slug for a in wang.appearances.all()) == ["jiading-7-1", "jiading-7-2"]
    twin = Person.objects.get(name="王伟", committee__slug="fengxian")
    assert [(a.session.slug, a.roles) for a in twin.appearances.all()] == [
        ("fengxian-7-1", ["区委书记"])
    ]
    # At one appearance each, the row stays with the earliest (奉贤区, 2020).
    assert Person.objects.get(pk=pks["张三"]).committee.slug == "fengxian"
    assert Person.objects.get(name="张三", committee__slug="jiading").appearances.count() == 1
    # Nobody can tell where a person without appearances belongs: gone, in history.
    assert not Person.objects.filter(name="李四").exists()
    assert Person.history.get(id=pks["李四"]).history_type == "-"

    # History tells what happened to every row.
    assert Person.history.filter(id=pks["王伟"]).latest().committee_id == wang.committee_id
    created = Person.history.get(id=twin.pk)
    assert created.history_type == "+" and f"#{pks['王伟']}" in created.history_change_reason
    moved = Appearance.history.get(id=twin.appearances.get().pk)
    assert moved.history_type == "~" and moved.person_id == twin.pk
    assert ArchiveStamp.objects.get(pk=1).version > stamp_before

    # Back to one person per name: each name's first row, with every appearance.
    call_command("migrate", "plenums", BEFORE, verbosity=0)
    try:
        old = state_apps(BEFORE)
        person_model = old.get_model("plenums", "Person")
        appearance_model = old.get_model("plenums", "Appearance")
        assert sorted(person_model.objects.values_list("pk", "name")) == sorted(
            [(pks["王伟"], "王伟"), (pks["张三"], "张三")]
        )
        assert appearance_model.objects.filter(person_id=pks["王伟"]).count() == 3
    finally:
        call_command("migrate", "plenums", verbosity=0)
