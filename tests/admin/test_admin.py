"""The staff admin through real requests: inlines, read-only provenance, history, revert, merge."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from plenums.models import Appearance, Committee, Person, Session
from plenums.records.loader import load_records
from tests.support.forms import change_form_data
from tests.support.records import make_record


@pytest.fixture
def session(db):
    load_records([make_record(), make_record(plenum=10)])
    return Session.objects.get(plenum=9)


@pytest.mark.parametrize(
    "model", ["committee", "session", "person", "keyphrase", "historicalsession"]
)
def test_changelists_render(staff, session, model):
    if model.startswith("historical"):
        url = reverse("admin:plenums_session_history", args=[session.pk])
    else:
        url = reverse(f"admin:plenums_{model}_changelist")
    response = staff.get(url)
    assert response.status_code == 200


def test_session_change_page_shows_inlines_and_read_only_provenance(staff, session):
    response = staff.get(reverse("admin:plenums_session_change", args=[session.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "陆方舟" in html and "嘉定区全会决议" in html and "十四五" in html
    assert session.sha256 in html
    assert 'name="sha256"' not in html and 'name="original_text"' not in html


def test_edit_keeps_original_records_history_and_can_be_reverted(staff, session):
    url = reverse("admin:plenums_session_change", args=[session.pk])
    data = change_form_data(staff.get(url))
    original, sha = session.original_text, session.sha256
    data.update(title="改过的标题", original_text="篡改", sha256="0" * 64)
    response = staff.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    session.refresh_from_db()
    assert session.title == "改过的标题"
    assert (session.original_text, session.sha256) == (original, sha)
    first, latest = session.history.order_by("history_date")[0], session.history.latest()
    assert latest.title == "改过的标题" and latest.history_user.username == "chief"

    revert_url = reverse(
        "admin:plenums_session_simple_history", args=[session.pk, first.history_id]
    )
    data = change_form_data(staff.get(revert_url))
    response = staff.post(revert_url, data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == first.title != "改过的标题"
    assert session.history.count() == 3


def test_merge_moves_appearances_and_unites_roles(staff, session):
    other = Session.objects.get(plenum=10)
    variant = Person.objects.create(name="陆方洲", committee=session.committee)
    # The misprint appears at one session alone and, at another, beside the right name.
    Appearance.objects.filter(session=other, person__name="陆方舟").update(person=variant)
    Appearance.objects.create(
        session=session, person=variant, name_as_printed="陆方洲", roles=["市委委员"]
    )
    target = Person.objects.get(name="陆方舟")
    changelist = reverse("admin:plenums_person_changelist")
    selection = {ACTION_CHECKBOX_NAME: [target.pk, variant.pk], "action": "merge_people"}

    confirm = staff.post(changelist, selection)
    assert confirm.status_code == 200 and "陆方洲" in confirm.content.decode()

    response = staff.post(changelist, {**selection, "merge_into": target.pk})
    assert response.status_code == 302
    assert not Person.objects.filter(name="陆方洲").exists()
    mine = Appearance.objects.get(session=session, person=target)
    assert mine.roles == ["区委书记", "市委委员"]
    assert Appearance.objects.filter(session=other, person=target).count() == 1
    assert Person.history.filter(name="陆方洲", history_type="-").exists()


def test_merge_refuses_a_single_person(staff, session):
    person = Person.objects.get(name="高香")
    response = staff.post(
        reverse("admin:plenums_person_changelist"),
        {ACTION_CHECKBOX_NAME: [person.pk], "action": "merge_people", "merge_into": person.pk},
        follow=True,
    )
    assert "至少选择两个人物" in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()
    assert Committee.objects.count() == 1
