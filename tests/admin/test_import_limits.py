"""The admin import's limits answered by its own form, posted as multipart through the client."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from plenums.admin.import_view import MAX_FILES
from plenums.ingest.decode import MAX_BYTES
from plenums.models import Session
from tests.support.imports import IMPORT_URL, upload

# Staged uploads in the test's own folder (tests.support.imports.staging).
pytestmark = pytest.mark.usefixtures("staging")

BARE_400 = "Bad Request (400)"


def errors(response):
    """The texts of the form's error lists, as staff read them."""
    assert response.status_code == 200, response.content[:300]
    page = response.content.decode()
    lists = re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', page, re.S)
    return [item for block in lists for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def nothing_staged(staging):
    return not staging.exists() or not [p for p in staging.rglob("*") if p.name != ".lock"]


def test_a_paste_over_the_request_default_gets_the_forms_message(staff, staging):
    # Django's default refuses more than 2.5 MB of form fields with a bare 400.
    text = "全" * (2 * 1024 * 1024)  # 6 MiB of UTF-8
    response = staff.post(IMPORT_URL, {"text": text})
    assert errors(response) == [
        f"粘贴的文本:文件有 {3 * len(text):,} 字节,超过 {MAX_BYTES:,} 字节(2 MiB)的上限"
    ]
    assert nothing_staged(staging) and Session.objects.count() == 0


def test_with_csrf_enforced_the_form_still_answers(db, staging):
    # The CSRF check reads the request's fields first: the limits hold there too.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(get_user_model().objects.create_superuser("c", "c@example.org", "x" * 20))
    browser.get(IMPORT_URL)
    token = browser.cookies["csrftoken"].value
    files = [upload(f"a{n}.txt", "全会".encode()) for n in range(101)]
    response = browser.post(
        IMPORT_URL, {"csrfmiddlewaretoken": token, "files": files, "text": "全" * 1_000_000}
    )
    assert errors(response) == [
        f"一次最多导入 {MAX_FILES} 篇文章,这次有 102 篇。",
        f"粘贴的文本:文件有 3,000,000 字节,超过 {MAX_BYTES:,} 字节(2 MiB)的上限",
    ]


@pytest.mark.parametrize("count", [MAX_FILES + 1, 101, 1000])
def test_too_many_files_get_the_forms_message(staff, staging, count):
    files = [upload(f"a{n}.txt", "全会".encode()) for n in range(count)]
    response = staff.post(IMPORT_URL, {"files": files})
    assert errors(response) == [f"一次最多导入 {MAX_FILES} 篇文章,这次有 {count} 篇。"]
    assert BARE_400 not in response.content.decode()
    assert nothing_staged(staging)


def test_every_limit_broken_is_named_at_once(staff, staging):
    # An oversize file far past every request default, a paste past the fields' default and one
    # file too many: each is named with its reason, none answered by a bare 400.
    huge = upload("scan.pdf", b"%PDF" + b"\0" * (12 * 1024 * 1024))
    files = [upload(f"a{n}.txt", "全会".encode()) for n in range(MAX_FILES - 1)] + [huge]
    response = staff.post(IMPORT_URL, {"files": files, "text": "会" * 1_000_000})
    assert errors(response) == [
        f"一次最多导入 {MAX_FILES} 篇文章,这次有 {MAX_FILES + 1} 篇。",
        f"scan.pdf:文件有 {huge.size:,} 字节,超过 {MAX_BYTES:,} 字节(2 MiB)的上限",
        f"粘贴的文本:文件有 3,000,000 字节,超过 {MAX_BYTES:,} 字节(2 MiB)的上限",
    ]
    assert nothing_staged(staging)


def test_a_file_at_the_limit_is_taken_and_one_byte_more_refused(staff, staging):
    at_limit = upload("at.txt", b"a" * MAX_BYTES)
    over = upload("over.txt", b"a" * (MAX_BYTES + 1))
    assert errors(staff.post(IMPORT_URL, {"files": [at_limit, over]})) == [
        f"over.txt:文件有 {MAX_BYTES + 1:,} 字节,超过 {MAX_BYTES:,} 字节(2 MiB)的上限"
    ]
    at_limit.seek(0)
    response = staff.post(IMPORT_URL, {"files": [at_limit]})
    assert response.status_code == 302
    # Staged whole: the parser sees its 2 MiB of Latin letters, not an empty or cut file.
    assert "at.txt: no Chinese text in the file" in staff.get(response["Location"]).content.decode()


def test_an_empty_file_is_named_as_empty(staff, staging):
    response = staff.post(
        IMPORT_URL, {"files": [upload("empty.txt", b""), upload("note.txt", "全会".encode())]}
    )
    assert errors(response) == ["empty.txt:文件是空的"]
    assert nothing_staged(staging)


def test_past_the_ceilings_a_request_is_refused_unread_and_explained(staff, staging):
    files = [upload(f"a{n}.txt", b"x") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = staff.post(IMPORT_URL, {"files": files})
    assert response.status_code == 400
    page = response.content.decode()
    assert BARE_400 not in page
    assert f"{settings.DATA_UPLOAD_MAX_NUMBER_FILES} 个文件" in page
    assert f"{settings.UPLOAD_MAX_REQUEST_BYTES // 2**20} MiB" in page
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2**20} MiB" in page
    assert nothing_staged(staging)


def test_a_request_over_the_byte_ceiling_is_refused_before_it_is_read(staff, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 3 * MAX_BYTES
    files = [upload(f"a{n}.txt", b"a" * MAX_BYTES) for n in range(3)]
    response = staff.post(IMPORT_URL, {"files": files})
    assert response.status_code == 400 and "请求无效" in response.content.decode()
    files = [upload(f"a{n}.txt", b"a" * MAX_BYTES) for n in range(2)]
    assert staff.post(IMPORT_URL, {"files": files}).status_code == 302


def test_the_request_ceilings_sit_above_the_forms_limits():
    # A paste at the limit may double in size as CRLF; a file part carries its headers.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= 2 * MAX_BYTES + 64 * 1024
    assert 100 < settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 10_000
    assert settings.UPLOAD_MAX_REQUEST_BYTES >= 4 * MAX_FILES * MAX_BYTES
    assert settings.UPLOAD_MAX_REQUEST_BYTES <= 1024 * 2**20
