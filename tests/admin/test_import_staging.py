"""Staged admin imports on disk: not in the session, bound to their user, quota and expiry."""

import json
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from plenums import settings as archive_settings
from plenums.ingest.decode import MAX_BYTES
from plenums.models import Session
from tests.support.articles import NO_ORDINAL
from tests.support.imports import IMPORT_URL, upload

# Staged uploads in the test's own folder (tests.support.imports.staging).
pytestmark = pytest.mark.usefixtures("staging")

SEED = Path(settings.ARTICLES_DIR) / "002_27bcc7541d41a89d.txt"
DAY = 24 * 3600


def log_in(name):
    client = Client()
    user = get_user_model().objects.create_superuser(name, f"{name}@example.org", "x" * 20)
    client.force_login(user)
    return client


@pytest.fixture
def staff(db):
    return log_in("chief")


def stage(client, **data):
    response = client.post(IMPORT_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def token_of(preview):
    return preview.rstrip("/").rsplit("/", 1)[1]


def folder_of(staging, preview):
    """Where a staged import waits: the folder named by its token."""
    (found,) = [p for p in staging.rglob(token_of(preview)) if p.is_dir()]
    return found


def staged_files(staging):
    return [p for p in staging.rglob("*") if p.is_file() and p.name != ".lock"]


def age(path, seconds):
    """Make a staged import look ``seconds`` older, as time passing would."""
    for item in [path, *path.rglob("*")]:
        stat = item.stat()
        os.utime(item, (stat.st_atime - seconds, stat.st_mtime - seconds))


def form_errors(response):
    assert response.status_code == 200, response.content[:300]
    blocks = re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    return [item for block in blocks for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def test_staging_lives_under_the_var_folder():
    assert archive_settings.IMPORT_STAGING_DIR == archive_settings.VAR_DIR / "staged-imports"


def test_staged_bytes_wait_on_disk_not_in_the_session(staff, staging):
    data = SEED.read_bytes()
    preview = stage(staff, files=[upload("a.txt", data)], text=NO_ORDINAL)
    # The session holds login and nothing of the articles.
    session = json.dumps(dict(staff.session.items()), ensure_ascii=False)
    assert len(session) < 500 and "嘉定" not in session and token_of(preview) not in session
    on_disk = {p.read_bytes(): p for p in staged_files(staging)}
    assert data in on_disk and NO_ORDINAL.encode() in on_disk
    user = get_user_model().objects.get(username="chief")
    for path in (on_disk[data], on_disk[NO_ORDINAL.encode()]):
        assert path.parent.parent == staging / str(user.pk)  # one folder per user, then token
        assert path.stat().st_mode & 0o077 == 0  # readable by the server's user alone
    assert not list(staging.rglob(".tmp-*"))  # renamed whole, no half-written folder
    page = staff.get(preview).content.decode()
    assert "a.txt" in page and "第6届 第9次" in page


def test_saving_removes_the_staged_files_and_a_replay_is_404(staff, staging):
    preview = stage(staff, files=[upload("a.txt", SEED.read_bytes())])
    assert staff.post(preview, {"_save": "1"}).status_code == 302
    assert Session.objects.count() == 1 and staged_files(staging) == []
    assert staff.post(preview, {"_save": "1"}).status_code == 404
    assert staff.get(preview).status_code == 404


def test_discarding_removes_the_staged_files(staff, staging):
    preview = stage(staff, files=[upload("a.txt", SEED.read_bytes())])
    assert 'name="_discard"' in staff.get(preview).content.decode()
    response = staff.post(preview, {"_discard": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert "已放弃这次导入:a.txt" in response.content.decode()
    assert staged_files(staging) == [] and Session.objects.count() == 0
    assert staff.get(preview).status_code == 404


def test_another_users_token_is_404_and_leaves_the_import_alone(staff, staging):
    preview = stage(staff, text=NO_ORDINAL)
    files = {p: p.read_bytes() for p in staged_files(staging)}
    other = log_in("other")
    assert other.get(preview).status_code == 404
    for action in ({"_preview": "1"}, {"_save": "1", "f0-term": "7", "f0-plenum": "1"}):
        assert other.post(preview, action).status_code == 404
    assert other.post(preview, {"_discard": "1"}).status_code == 404
    assert "等待保存的导入" not in other.get(IMPORT_URL).content.decode()
    assert {p: p.read_bytes() for p in staged_files(staging)} == files
    assert Session.objects.count() == 0
    assert staff.get(preview).status_code == 200


def test_a_staged_file_changed_on_disk_is_refused_not_parsed(staff, staging):
    preview = stage(staff, files=[upload("a.txt", SEED.read_bytes())])
    (changed,) = [p for p in staged_files(staging) if p.read_bytes() == SEED.read_bytes()]
    changed.write_bytes(SEED.read_bytes().replace("嘉定".encode(), "松江".encode()))
    assert staff.get(preview).status_code == 404
    assert staff.post(preview, {"_save": "1"}).status_code == 404
    assert Session.objects.count() == 0


def test_the_upload_page_lists_the_imports_waiting(staff):
    first = stage(staff, files=[upload("a.txt", SEED.read_bytes())])
    second = stage(staff, text=NO_ORDINAL)
    page = staff.get(IMPORT_URL).content.decode()
    listed = re.search(r'<div class="module import-pending".*?</table>', page, re.S).group(0)
    assert listed.index(f'href="{first}"') < listed.index(f'href="{second}"')
    assert "a.txt" in listed and "pasted-" in listed


def test_a_sixth_waiting_import_is_refused_with_the_reason(staff, staging):
    previews = [stage(staff, text=NO_ORDINAL + "补记" * n) for n in range(5)]
    before = staged_files(staging)
    response = staff.post(IMPORT_URL, {"text": NO_ORDINAL})
    (message,) = form_errors(response)
    assert message.startswith(
        f"未暂存:这次的文章共 {len(NO_ORDINAL.encode()) / 1024:.1f} KiB,而您已有 5 次导入等待保存"
    )
    assert "每人最多暂存 5 次、共 25 MiB。请先保存或放弃下面等待的导入" in message
    assert "24 小时后自动清除" in message
    assert staged_files(staging) == before
    for preview in previews:  # none was dropped to make room
        assert staff.get(preview).status_code == 200
        assert f'href="{preview}"' in response.content.decode()
    staff.post(previews[0], {"_discard": "1"})
    assert staff.post(IMPORT_URL, {"text": NO_ORDINAL}).status_code == 302


def test_imports_over_25_mib_waiting_are_refused_with_the_reason(staff, staging):
    full = [upload(f"a{n}.txt", b"a" * MAX_BYTES) for n in range(10)]
    stage(staff, files=full)
    response = staff.post(
        IMPORT_URL, {"files": [upload(f"b{n}.txt", b"b" * MAX_BYTES) for n in range(3)]}
    )
    (message,) = form_errors(response)
    assert message.startswith("未暂存:这次的文章共 6 MiB,而您已有 1 次导入等待保存(共 20 MiB)")
    assert len(staged_files(staging)) == 11  # ten files and their list, nothing of the refused
    # Another staff member has a quota of their own.
    other = log_in("other")
    assert other.post(IMPORT_URL, {"files": [upload("c.txt", b"c" * MAX_BYTES)]}).status_code == 302


def test_an_expired_import_is_refused_and_removed_by_the_command(staff, staging):
    old = stage(staff, files=[upload("old.txt", SEED.read_bytes())])
    young = stage(staff, text=NO_ORDINAL)
    age(folder_of(staging, old), DAY + 60)
    # Refused when read even before anything removes it, and not listed as waiting.
    assert staff.get(old).status_code == 404
    assert "old.txt" not in staff.get(IMPORT_URL).content.decode()
    out = StringIO()
    call_command("clean_staged_imports", stdout=out)
    size = len(SEED.read_bytes())
    removed, kept = re.fullmatch(
        r"staged imports: 1 removed \(([\d,]+) bytes\), 1 kept \(([\d,]+) bytes\)\n", out.getvalue()
    ).groups()
    # Each import's bytes and its list of files.
    assert int(removed.replace(",", "")) > size and int(kept.replace(",", "")) > len(NO_ORDINAL)
    assert not list(staging.rglob(token_of(old)))
    assert staff.get(young).status_code == 200


def test_the_command_removes_what_a_crash_left_and_takes_an_age(staff, staging):
    preview = stage(staff, text=NO_ORDINAL)
    user_folder = folder_of(staging, preview).parent
    crashed = user_folder / ".tmp-crashed"
    crashed.mkdir()
    (crashed / "0").write_bytes(b"half")
    # Never read as an import, though its name is no token: only renamed folders are.
    assert "half" not in staff.get(IMPORT_URL).content.decode()
    out = StringIO()
    call_command("clean_staged_imports", stdout=out)
    assert out.getvalue().startswith("staged imports: 0 removed (0 bytes), 1 kept")
    assert not crashed.exists() and staff.get(preview).status_code == 200
    call_command("clean_staged_imports", "--hours", "0", stdout=out)
    assert staff.get(preview).status_code == 404 and staged_files(staging) == []


def test_bootstrap_removes_expired_imports(staff, staging, index):
    old = stage(staff, text=NO_ORDINAL)
    age(folder_of(staging, old), DAY + 60)
    out = StringIO()
    call_command("bootstrap", stdout=out)
    assert "staged imports: 1 removed" in out.getvalue()
    assert staged_files(staging) == []


def test_a_staged_import_a_day_old_less_a_minute_is_kept(staff, staging):
    preview = stage(staff, text=NO_ORDINAL)
    age(folder_of(staging, preview), DAY - 60)
    assert staff.get(preview).status_code == 200
    out = StringIO()
    call_command("clean_staged_imports", stdout=out)
    assert "0 removed" in out.getvalue() and staff.get(preview).status_code == 200
