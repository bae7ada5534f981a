"""Backup: a dumpdata/loaddata round-trip into an empty database gives identical data."""

import json

import pytest
from django.conf import settings

from tests.support.server import Archive

# Rebuilt by migrate itself (and keyed by natural keys in the dump); login sessions are transient.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
# Natural keys for every foreign key, so the dump does not depend on content-type ids; primary
# keys are kept, because history rows and admin log entries refer to the objects by id.
DUMP = ["dumpdata", "--natural-foreign", "--indent", "1"] + [f"--exclude={e}" for e in EXCLUDED]


def canonical(dump_text):
    rows = json.loads(dump_text)
    return sorted(rows, key=lambda o: (o["model"], json.dumps(o.get("pk"))))


@pytest.fixture
def source(tmp_path):
    arc = Archive(tmp_path / "source", n_sessions=40, index=False, fixtures=[settings.FIXTURE_FILE])
    # History, a group membership, an admin log entry and a lockout record, as a live archive has.
    arc.manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.admin.models import LogEntry, CHANGE;"
        "from django.contrib.auth.models import User;"
        "from plenums.models import Session, Person;"
        "from axes.models import AccessAttempt;"
        "user = User.objects.get(username='staff');"
        "s = Session.objects.order_by('pk').first(); s.title = s.title + '(校订)';"
        "s._history_user = user; s.save();"
        "p = Person.objects.create(name='备份测试人物', committee=s.committee); p.delete();"
        "LogEntry.objects.log_actions(user.pk, [s], CHANGE, change_message='校订标题');"
        "AccessAttempt.objects.create(username='x', ip_address='127.0.0.1', user_agent='t',"
        " failures_since_start=2, get_data='', post_data='', http_accept='', path_info='/');",
    )
    yield arc
    arc.close()


def test_dump_and_load_into_an_empty_database_is_identical(source, tmp_path):
    dump = source.manage(*DUMP).stdout
    rows = canonical(dump)
    models = {o["model"] for o in rows}
    for needed in (
        "plenums.session",
        "plenums.historicalsession",
        "plenums.appearance",
        "plenums.keyphrase",
        "auth.user",
        "auth.group",
        "admin.logentry",
    ):
        assert needed in models, f"{needed} missing from the dump"
    sessions = [o for o in rows if o["model"] == "plenums.session"]
    assert len(sessions) >= 42  # 40 synthetic + the two real seed articles
    assert any(o["fields"]["original_encoding"] != "utf-8" for o in sessions) or any(
        "\u5340" in o["fields"]["original_text"] for o in sessions
    ), "the real Traditional-script seed article should be part of the round trip"
    backup = tmp_path / "backup.json"
    backup.write_text(dump, encoding="utf-8")

    target = Archive(tmp_path / "target", populate=False)  # migrated, otherwise empty
    try:
        target.manage("loaddata", str(backup), "-v0")
        again = canonical(target.manage(*DUMP).stdout)
        assert len(again) == len(rows)
        for before, after in zip(rows, again, strict=True):
            assert before == after
        # And the archive works on the copy: the verbatim original and its hash survived.
        check = target.manage(
            "shell",
            "--no-imports",
            "-c",
            "import hashlib; from plenums.models import Session;"
            "bad = [s.slug for s in Session.objects.all()"
            " if s.original_filename.startswith('load-')"
            " and hashlib.sha256(s.original_text.encode()).hexdigest() != s.sha256];"
            "print(len(bad), Session.objects.count())",
        )
        bad, count = check.stdout.split()
        assert bad == "0" and int(count) == len(sessions)
    finally:
        target.close()
