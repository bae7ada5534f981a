"""Admin security: login throttling, editors' rights, history and revert, read-only originals."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from plenums.admin.groups import EDITOR_PERMISSIONS, EDITORS_GROUP
from plenums.models import Committee, Session
from tests.support.forms import read_form

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ORIGINAL = "中共测试县第三届委员会第四次全体会议召开\n原文逐字,不得改动。"
SHA = "ab" * 32


@pytest.fixture
def session(db):
    committee = Committee.objects.create(
        name="中共测试县委员会", slug="ceshi", region="测试县", parent_region="", level="county"
    )
    return Session.objects.create(
        committee=committee,
        term=3,
        plenum=4,
        slug="ceshi-3-4",
        year=2023,
        title="中共测试县第三届委员会第四次全体会议召开",
        original_text=ORIGINAL,
        original_filename="ceshi.txt",
        original_encoding="gb18030",
        sha256=SHA,
        cleaned_text="全会审议通过了决议。",
        script="Hans",
    )


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


# --- login throttling -------------------------------------------------------------------------


def admin_login(client, username, password):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, secure=True
    )


def test_admin_login_locks_after_repeated_failures(client, settings, editor, django_user_model):
    limit = settings.AXES_FAILURE_LIMIT
    assert settings.AXES_ENABLED
    for _ in range(limit - 1):
        assert admin_login(client, "editor", "wrong").status_code == 200  # form again
    assert admin_login(client, "editor", "wrong").status_code == 429
    # Locked: even the right password is refused and no session is opened.
    response = admin_login(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The refused right password counts as one more failure.
    assert AccessAttempt.objects.get().failures_since_start == limit + 1
    # The lock is on this name from this address: another staff member still gets in.
    django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    assert admin_login(client, "other", PASSWORD).status_code == 302


def test_successful_login_before_the_limit_resets_the_count(client, settings, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_login(client, "editor", "wrong")
    assert admin_login(client, "editor", PASSWORD).status_code == 302
    client.logout()
    assert admin_login(client, "editor", "wrong").status_code == 200


def test_behind_the_proxy_lockouts_are_per_client_not_per_proxy(client, settings, editor):
    from plenums.settings import forwarded_client_address

    settings.AXES_CLIENT_IP_CALLABLE = forwarded_client_address

    def login_from(xff, password):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor", "password": password},
            secure=True,
            REMOTE_ADDR="127.0.0.1",  # every request reaches gunicorn from the proxy
            HTTP_X_FORWARDED_FOR=xff,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_from("203.0.113.5", "wrong")
    assert login_from("203.0.113.5", PASSWORD).status_code == 429
    # Forging an address in front of the proxy's entry does not help the attacker ...
    assert login_from("198.51.100.7, 203.0.113.5", PASSWORD).status_code == 429
    # ... and the real staff member, elsewhere, still gets in.
    assert login_from("198.51.100.7", PASSWORD).status_code == 302


def test_force_login_still_works_for_tests(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


# --- the editors group ------------------------------------------------------------------------


def test_editors_group_has_exactly_the_archive_permissions():
    group = Group.objects.get(name=EDITORS_GROUP)
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    expected = {("plenums", f"{a}_{m}") for m, acts in EDITOR_PERMISSIONS.items() for a in acts}
    assert codenames == expected
    for model in ("session", "appearance", "document", "keyphrase", "person", "committee"):
        assert ("plenums", f"change_{model}") in codenames
    assert not any(app == "auth" for app, _ in codenames)
    assert ("plenums", "delete_session") not in codenames


def test_editors_group_is_recreated_idempotently_by_migrate():
    group = Group.objects.get(name=EDITORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="change_user"))
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)
    assert Group.objects.filter(name=EDITORS_GROUP).count() == 1
    assert not group.permissions.filter(content_type__app_label="auth").exists()
    Group.objects.filter(name=EDITORS_GROUP).delete()
    call_command("migrate", verbosity=0)
    assert Group.objects.get(name=EDITORS_GROUP).permissions.count() == sum(
        len(a) for a in EDITOR_PERMISSIONS.values()
    )


@pytest.mark.parametrize(
    "url, status",
    [
        ("/admin/plenums/session/", 200),
        ("/admin/plenums/committee/", 200),
        ("/admin/plenums/person/", 200),
        ("/admin/plenums/keyphrase/", 200),
        ("/admin/auth/user/", 403),
        ("/admin/auth/group/", 403),
        ("/admin/auth/user/add/", 403),
    ],
)
def test_editor_reaches_the_archive_but_not_users(client, editor, session, url, status):
    client.force_login(editor)
    assert client.get(url).status_code == status


def test_editor_cannot_delete_a_session(client, editor, session):
    client.force_login(editor)
    url = reverse("admin:plenums_session_delete", args=[session.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Session.objects.filter(pk=session.pk).exists()


def test_staff_without_group_sees_nothing(client, django_user_model, session):
    user = django_user_model.objects.create_user("bare", password=PASSWORD, is_staff=True)
    client.force_login(user)
    change = reverse("admin:plenums_session_change", args=[session.pk])
    assert client.get(change).status_code == 403


# --- history, revert and read-only originals --------------------------------------------------


def edit_session(client, session, **changes):
    url = reverse("admin:plenums_session_change", args=[session.pk])
    data = read_form(client.get(url), "session_form")
    for name, value in changes.items():
        data[name] = [value]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return data


def test_every_admin_change_is_in_history_and_revertible(client, editor, session):
    client.force_login(editor)
    first_title = session.title
    edit_session(client, session, title="改过的标题")
    session.refresh_from_db()
    assert session.title == "改过的标题"
    records = list(session.history.order_by("history_date"))
    assert [r.title for r in records] == [first_title, "改过的标题"]
    assert records[-1].history_user == editor
    # Revert through the admin's history form, as a person would.
    url = reverse("admin:plenums_session_simple_history", args=[session.pk, records[0].history_id])
    data = read_form(client.get(url), "historicalsession_form")
    assert data["title"] == [first_title]
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.title == first_title
    assert session.history.count() == 3
    assert session.history.first().history_user == editor


def test_originals_and_hashes_cannot_be_changed_through_the_admin(client, editor, session):
    client.force_login(editor)
    page = client.get(reverse("admin:plenums_session_change", args=[session.pk]))
    form = read_form(page, "session_form")
    for field in ("original_text", "original_filename", "original_encoding", "sha256"):
        assert field not in form, f"{field} is editable"
    # Shown to staff, but only as text.
    assert SHA in page.content.decode()
    edit_session(
        client,
        session,
        title="同时改标题",
        original_text="篡改后的原文",
        sha256="f" * 64,
        original_filename="evil.txt",
        original_encoding="ascii",
        cleaning_log='[{"step": "forged", "count": 1}]',
        warnings="[]",
    )
    session.refresh_from_db()
    assert session.title == "同时改标题"  # the POST was accepted ...
    assert session.original_text == ORIGINAL  # ... and the evidence ignored
    assert session.sha256 == SHA
    assert session.original_filename == "ceshi.txt"
    assert session.original_encoding == "gb18030"
    assert all(r.original_text == ORIGINAL and r.sha256 == SHA for r in session.history.all())


def test_superuser_cannot_change_originals_either(client, django_user_model, session):
    root = django_user_model.objects.create_superuser("root", "", PASSWORD)
    client.force_login(root)
    edit_session(client, session, original_text="篡改", sha256="0" * 64)
    session.refresh_from_db()
    assert (session.original_text, session.sha256) == (ORIGINAL, SHA)
