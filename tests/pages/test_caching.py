"""Page cache and conditional GET: 304 on revalidation, never stale after an edit, per variant."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from plenums.models import ArchiveStamp, Document, Session
from plenums.records.loader import load_records
from plenums.web import caching
from tests.support.forms import change_form_data
from tests.support.records import make_record

pytestmark = pytest.mark.django_db

CACHE = caching.CACHE_HEADER


@pytest.fixture(autouse=True)
def empty_cache():
    caches[caching.CACHE_ALIAS].clear()


@pytest.fixture
def session():
    load_records([make_record(text="全会指出,要坚持“十四五”规划,推动经济发展。")])
    return Session.objects.get()


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def test_second_fetch_is_served_from_cache_with_the_same_body_and_etag(client, session):
    url = session.get_absolute_url()
    first = fetch(client, url)
    second = fetch(client, url)
    assert first[CACHE] == "miss" and second[CACHE] == "hit"
    assert first.content == second.content and session.title.encode() in second.content
    assert first["ETag"] == second["ETag"] and first["ETag"].startswith('W/"')
    assert "no-cache" in second["Cache-Control"]
    vary = {v.strip().lower() for v in second["Vary"].split(",")}
    assert {"cookie", "accept-language"} <= vary
    assert second["Last-Modified"]


def test_revalidation_with_the_current_etag_is_answered_304_without_a_body(client, session):
    url = session.get_absolute_url()
    etag = fetch(client, url)["ETag"]
    response = fetch(client, url, if_none_match=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag
    other = fetch(client, url, if_none_match='W/"0.0-somethingelse"')
    assert other.status_code == 200 and other.content


def test_if_modified_since_alone_never_gets_304(client, session):
    url = session.get_absolute_url()
    last_modified = fetch(client, url)["Last-Modified"]
    assert fetch(client, url, if_modified_since=last_modified).status_code == 200


def test_orm_edit_is_seen_by_the_next_fetch_and_old_etag_no_longer_matches(client, session):
    url = session.get_absolute_url()
    old = fetch(client, url)
    assert fetch(client, url)[CACHE] == "hit"
    session.title = "中共上海市嘉定区第七届委员会第九次全体会议(改)"
    session.save()
    new = fetch(client, url, if_none_match=old["ETag"])
    assert new.status_code == 200 and new[CACHE] == "miss"
    assert "第九次全体会议(改)" in new.content.decode()
    assert new["ETag"] != old["ETag"]


def test_editing_a_child_row_or_deleting_it_invalidates_the_session_page(client, session):
    url = session.get_absolute_url()
    document = Document.objects.get(session=session)
    assert document.title in fetch(client, url).content.decode()
    document.title = "关于加快发展新质生产力的决定"
    document.save()
    assert "新质生产力" in fetch(client, url).content.decode()
    document.delete()
    assert "新质生产力" not in fetch(client, url).content.decode()


def test_admin_edit_is_seen_by_the_next_public_fetch(client, session):
    url = session.get_absolute_url()
    etag = fetch(client, url)["ETag"]
    assert fetch(client, url, if_none_match=etag).status_code == 304
    staff_user = get_user_model().objects.create_superuser("chief", "c@example.org", "x" * 20)
    from django.test import Client

    staff = Client()
    staff.force_login(staff_user)
    change = reverse("admin:plenums_session_change", args=[session.pk])
    data = change_form_data(staff.get(change))
    data["title"] = "经编辑部更正的标题"
    assert staff.post(change, data).status_code == 302
    response = fetch(client, url, if_none_match=etag)
    assert response.status_code == 200 and "经编辑部更正的标题" in response.content.decode()


def test_loaddata_bumps_the_stamp(tmp_path, session):
    before = caching.current_stamp()
    fixture = tmp_path / "one.json"
    call_command("dumpdata", "plenums.committee", output=str(fixture), verbosity=0)
    call_command("loaddata", str(fixture), verbosity=0)
    after = caching.current_stamp()
    assert after[0] > before[0] and after[1] >= before[1]


def test_stamp_row_is_recreated_after_a_flush(session):
    ArchiveStamp.objects.all().delete()
    assert caching.current_stamp() == (0, None)
    session.save()
    version, changed_at = caching.current_stamp()
    assert version >= 1 and changed_at is not None


def test_each_script_and_language_is_its_own_variant(client, session):
    url = session.get_absolute_url()
    hans = fetch(client, url)
    client.cookies["script"] = "hant"
    hant = fetch(client, url)
    hant_again = fetch(client, url)
    assert hant[CACHE] == "miss" and hant_again[CACHE] == "hit"
    assert "经济发展" in hans.content.decode() and "經濟發展" in hant_again.content.decode()
    assert hant["ETag"] != hans["ETag"]
    # The Simplified variant is still its own entry.
    del client.cookies["script"]
    assert "经济发展" in fetch(client, url).content.decode()
    english = fetch(client, url, accept_language="en")
    assert english["ETag"] not in (hans["ETag"], hant["ETag"])
    # A Simplified ETag does not validate the Traditional page.
    client.cookies["script"] = "hant"
    assert fetch(client, url, if_none_match=hans["ETag"]).status_code == 200


def test_admin_and_other_cookies_bypass_the_cache(client, session):
    user = get_user_model().objects.create_superuser("chief", "c@example.org", "x" * 20)
    client.force_login(user)
    admin_page = client.get(reverse("admin:index"))
    assert admin_page.status_code == 200 and CACHE not in admin_page
    # With a staff session cookie even public pages are rendered afresh and not stored.
    public = client.get(session.get_absolute_url())
    assert public.status_code == 200 and CACHE not in public
    client.logout()
    client.cookies.clear()
    assert fetch(client, session.get_absolute_url())[CACHE] == "miss"


def test_writes_and_errors_are_never_cached(client, session):
    url = session.get_absolute_url()
    assert client.post(url).status_code == 405
    assert fetch(client, url)[CACHE] == "miss"
    missing = client.get("/sessions/no-such-session/")
    assert missing.status_code == 404 and CACHE not in missing
    assert CACHE not in client.get("/sessions/no-such-session/")


def test_head_is_answered_from_the_entry_a_get_stored(client, session):
    url = session.get_absolute_url()
    assert client.head(url)[CACHE] == "miss"
    body = fetch(client, url).content
    head = client.head(url)
    assert head.status_code == 200 and head[CACHE] == "hit"
    assert head["Content-Length"] == str(len(body))


def test_code_fingerprint_changes_with_the_code(monkeypatch):
    caching.code_fingerprint.cache_clear()
    digest = caching.code_fingerprint()
    monkeypatch.setenv("ARCHIVE_RELEASE", "deploy-42")
    caching.code_fingerprint.cache_clear()
    assert caching.code_fingerprint() == "deploy-42" != digest
    monkeypatch.delenv("ARCHIVE_RELEASE")
    caching.code_fingerprint.cache_clear()
    assert caching.code_fingerprint() == digest


def test_each_host_gets_its_own_absolute_links(client, session, settings):
    settings.ALLOWED_HOSTS = ["testserver", "archive.example"]
    url = session.get_absolute_url()
    assert "http://testserver/" in fetch(client, url).content.decode()
    other = fetch(client, url, host="archive.example")
    assert other[CACHE] == "miss" and "http://archive.example/" in other.content.decode()


def test_a_new_day_renders_pages_that_cite_the_new_access_date(client, session, monkeypatch):
    url = session.get_absolute_url()
    today = fetch(client, url)
    assert fetch(client, url)[CACHE] == "hit"
    # The clock moves on; the page cites its access date, so yesterday's copy must not be used.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2031, 5, 6))
    tomorrow = fetch(client, url, if_none_match=today["ETag"])
    assert tomorrow.status_code == 200 and tomorrow[CACHE] == "miss"
    assert "2031-05-06" in tomorrow.content.decode()


def test_search_pages_are_never_cached(client, session):
    # The index follows the database after commit; a cached result could outlive an edit.
    response = client.get(reverse("search:search"), {"q": "经济发展"})
    assert response.status_code == 200
    assert CACHE not in response and "ETag" not in response


def test_large_answers_get_an_etag_but_are_not_stored(client, session, monkeypatch):
    url = session.get_absolute_url()
    monkeypatch.setattr(caching, "MAX_CACHED_BYTES", 100)
    first, second = fetch(client, url), fetch(client, url)
    assert len(first.content) > 100
    assert first[CACHE] == second[CACHE] == "miss" and first["ETag"] == second["ETag"]
    assert fetch(client, url, if_none_match=first["ETag"]).status_code == 304


@pytest.mark.django_db
def test_remembered_values_are_recomputed_after_any_write_to_the_archive(client):
    calls = []

    def count():
        calls.append(1)
        return Session.objects.count()

    first = caching.remembered("test-count", count)
    assert caching.remembered("test-count", count) == first and len(calls) == 1
    client.get("/search/")  # the form's committees are remembered before the write
    load_records([make_record()])
    assert caching.remembered("test-count", count) == first + 1 and len(calls) == 2
    # The search form's committees follow too: the new committee is offered at once.
    html = client.get("/search/").content.decode()
    assert all(
        f'value="{slug}"' in html
        for slug in Session.objects.values_list("committee__slug", flat=True)
    )
