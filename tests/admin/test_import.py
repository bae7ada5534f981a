"""Importing articles in the admin: upload or paste, preview, supply missing facts, save."""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from plenums.ingest.decode import MAX_BYTES
from plenums.ingest.parse import parse_bytes
from plenums.models import KeyPhrase, Session
from tests.support.articles import NO_COMMITTEE, NO_ORDINAL
from tests.support.imports import IMPORT_URL, upload

# Staged uploads in the test's own folder (tests.support.imports.staging).
pytestmark = pytest.mark.usefixtures("staging")

SEED_TRADITIONAL = Path(settings.ARTICLES_DIR) / "000_c877433114cd8e59.txt"
SEED_SIMPLIFIED = Path(settings.ARTICLES_DIR) / "002_27bcc7541d41a89d.txt"


def nothing_staged(staging):
    return not staging.exists() or not [p for p in staging.rglob("*") if p.name != ".lock"]


def stage(client, **data):
    response = client.post(IMPORT_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = response["Location"]
    assert preview.startswith(IMPORT_URL)
    return preview


def test_the_session_list_links_to_the_import(staff):
    page = staff.get(reverse("admin:plenums_session_changelist")).content.decode()
    assert f'href="{IMPORT_URL}"' in page and "导入文章" in page


def test_anonymous_and_non_staff_users_are_sent_to_log_in(client, db, staging):
    assert client.get(IMPORT_URL).status_code == 302
    user = get_user_model().objects.create_user("reader", password="x" * 20)
    client.force_login(user)
    response = client.post(IMPORT_URL, {"text": NO_ORDINAL})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert nothing_staged(staging)


def test_staff_without_the_add_permission_is_refused(client, db):
    user = get_user_model().objects.create_user("viewer", password="x" * 20, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_session", content_type__app_label="plenums")
    )
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": NO_ORDINAL}).status_code == 403
    page = client.get(reverse("admin:plenums_session_changelist")).content.decode()
    assert IMPORT_URL not in page


def test_a_post_without_the_csrf_token_is_refused(db, staging):
    client = Client(enforce_csrf_checks=True)
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "x" * 20)
    client.force_login(user)
    form = client.get(IMPORT_URL)
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()
    response = client.post(IMPORT_URL, {"files": upload("a.txt", SEED_SIMPLIFIED.read_bytes())})
    assert response.status_code == 403
    assert nothing_staged(staging)


def test_the_upload_form_has_labelled_fields(staff):
    page = staff.get(IMPORT_URL).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="id_files">文章文件:</label>' in page
    assert '<label for="id_text">或粘贴正文:</label>' in page
    assert "multiple" in page


def test_an_empty_form_asks_for_an_article(staff):
    response = staff.post(IMPORT_URL, {"text": "  "})
    assert response.status_code == 200
    assert "请选择文章文件、粘贴正文或填写网址。" in response.content.decode()


def test_a_file_over_the_size_limit_is_named_and_refused(staff, staging):
    big = upload("huge.txt", "全".encode() * (MAX_BYTES // 3 + 1))
    small = upload("small.txt", SEED_SIMPLIFIED.read_bytes())
    response = staff.post(IMPORT_URL, {"files": [small, big]})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"huge.txt:文件有 {MAX_BYTES + 1:,} 字节,超过 {MAX_BYTES:,} 字节" in page
    assert "small.txt" not in page
    assert nothing_staged(staging)
    assert Session.objects.count() == 0


def test_preview_shows_the_parsed_record(staff):
    preview = stage(staff, files=[upload(SEED_SIMPLIFIED.name, SEED_SIMPLIFIED.read_bytes())])
    page = staff.get(preview).content.decode()
    assert SEED_SIMPLIFIED.name in page
    assert "中共上海市嘉定区委员会" in page and "上级地区 上海市" in page
    assert "第6届 第9次" in page
    assert '<td class="date">2020年6月29日</td>' in page
    assert "<td>鲁同志</td>" in page  # a speaker, with the warning it raised
    assert "仅有姓氏的人物" in page
    assert "委员 31" in page and "候补委员 1" in page
    assert "上海热线新闻网" in page
    assert hashlib.sha256(SEED_SIMPLIFIED.read_bytes()).hexdigest() in page
    record = parse_bytes(SEED_SIMPLIFIED.read_bytes(), SEED_SIMPLIFIED.name)
    steps = [f"{c.step} ×{c.count}" for c in record.cleaning if c.count]
    assert steps and f'<p class="import-cleaning">{"、".join(steps)}</p>' in page
    assert Session.objects.count() == 0  # a preview writes nothing


def test_save_creates_an_unpublished_session_keeping_the_original(staff):
    data = SEED_TRADITIONAL.read_bytes()
    preview = stage(staff, files=[upload("jiading.txt", data)])
    response = staff.post(preview, {"_save": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith("?published__exact=0")
    session = Session.objects.get()
    assert session.published is False
    assert (session.term, session.plenum) == (7, 9)
    assert session.original_filename == "jiading.txt"
    assert session.original_text == data.decode("utf-8")
    assert session.sha256 == hashlib.sha256(data).hexdigest()
    assert session.appearances.filter(person__name="陆方舟").exists()
    assert session.documents.exists() and session.phrases.exists()
    # Not on the public site until staff publish it.
    assert staff.get(session.get_absolute_url()).status_code == 404
    # The staged bytes are gone: the same preview cannot be saved twice.
    assert staff.post(preview, {"_save": "1"}).status_code == 404
    listing = staff.get(response["Location"]).content.decode()
    assert session.title in listing and "已保存 1 场会议" in listing


def test_pasted_text_keeps_its_utf8_bytes_and_their_hash(staff):
    text = SEED_SIMPLIFIED.read_text(encoding="utf-8")
    # A browser sends a textarea's line breaks as CRLF.
    preview = stage(staff, text=text.replace("\n", "\r\n"))
    staff.post(preview, {"_save": "1"})
    session = Session.objects.get()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert session.sha256 == digest and session.original_text == text
    assert session.original_filename == f"pasted-{digest[:12]}.txt"


def test_a_missing_plenum_number_is_asked_for_and_supplied(staff):
    preview = stage(staff, files=[upload("no-ordinal.txt", NO_ORDINAL.encode())])
    page = staff.get(preview).content.decode()
    assert "no-ordinal.txt: not a plenum report" in page
    assert '<label for="id_f0-term" class="required">届:</label>' in page
    assert '<label for="id_f0-plenum" class="required">次:</label>' in page
    assert "id_f0-region" not in page  # the committee was found: not asked

    # Saving without the facts saves nothing and says what is missing.
    response = staff.post(preview, {"_save": "1"})
    assert "未保存:请补全所缺的事实。" in response.content.decode()
    assert Session.objects.count() == 0

    response = staff.post(preview, {"_preview": "1", "f0-term": "7", "f0-plenum": "10"})
    page = response.content.decode()
    assert "第7届 第10次" in page and "中共上海市嘉定区第七届委员会第十次全体会议" in page
    assert '<td class="date">2024年12月20日</td>' in page
    assert "导入时由编辑补充" in page

    staff.post(preview, {"_save": "1", "f0-term": "7", "f0-plenum": "10"})
    session = Session.objects.get()
    assert (session.committee.name, session.term, session.plenum) == (
        "中共上海市嘉定区委员会",
        7,
        10,
    )
    assert session.published is False
    assert {"kind": "supplied", "offset": 0, "excerpt": "第7届、第10次"} in session.warnings


def test_a_missing_committee_is_asked_for_and_supplied(staff):
    preview = stage(staff, text=NO_COMMITTEE)
    page = staff.get(preview).content.decode()
    assert "no district or county committee" in page
    assert "id_f0-region" in page and "id_f0-parent_region" in page
    assert "id_f0-term" not in page
    response = staff.post(preview, {"_save": "1", "f0-region": "Jiading"})
    assert "请用汉字书写地名" in response.content.decode()
    assert Session.objects.count() == 0
    staff.post(preview, {"_save": "1", "f0-region": "淳安县", "f0-parent_region": "杭州市"})
    session = Session.objects.get()
    assert session.committee.name == "中共杭州市淳安县委员会"
    assert session.committee.level == "county"
    assert (session.term, session.plenum, session.year) == (5, 4, 2023)


def test_a_bad_file_in_a_batch_is_named_and_only_the_good_one_saved(staff):
    preview = stage(
        staff,
        files=[
            upload("good.txt", SEED_SIMPLIFIED.read_bytes()),
            upload("binary.txt", b"\x00\x01\x02 not text"),
        ],
    )
    page = staff.get(preview).content.decode()
    assert "binary.txt: binary file: contains NUL bytes" in page
    response = staff.post(preview, {"_save": "1"}, follow=True)
    assert "未导入 binary.txt: binary file" in response.content.decode()
    assert list(Session.objects.values_list("original_filename", flat=True)) == ["good.txt"]


def test_a_plenum_already_in_the_archive_is_not_imported_again(staff):
    first = stage(staff, files=[upload("a.txt", SEED_SIMPLIFIED.read_bytes())])
    staff.post(first, {"_save": "1"})
    again = stage(staff, text=SEED_SIMPLIFIED.read_text(encoding="utf-8") + "\n补记。")
    page = staff.get(again).content.decode()
    assert "档案中已有这次全会" in page and "jiading-6-9" in page
    response = staff.post(again, {"_save": "1"})
    assert "未保存:没有可以导入的文章。" in response.content.decode()
    assert Session.objects.count() == 1


def test_two_files_of_one_plenum_are_both_held_back(staff):
    data = SEED_SIMPLIFIED.read_bytes()
    preview = stage(staff, files=[upload("a.txt", data), upload("b.txt", data + b"\n")])
    page = staff.get(preview).content.decode()
    assert page.count("与同批的另一文件描述同一次全会。") == 2
    staff.post(preview, {"_save": "1"})
    assert Session.objects.count() == 0


def test_a_token_from_another_session_finds_nothing(staff, db):
    preview = stage(staff, text=NO_ORDINAL)
    other = Client()
    other.force_login(get_user_model().objects.create_superuser("other", "o@example.org", "y" * 20))
    assert other.get(preview).status_code == 404
    assert other.post(preview, {"_save": "1", "f0-term": "7", "f0-plenum": "1"}).status_code == 404
    assert Session.objects.count() == 0


def test_a_file_whose_missing_facts_are_left_blank_is_skipped_and_named(staff):
    preview = stage(
        staff,
        files=[
            upload("good.txt", SEED_SIMPLIFIED.read_bytes()),
            upload("no-ordinal.txt", NO_ORDINAL.encode()),
        ],
    )
    # Half the facts: nothing is saved, the missing one is asked for again.
    response = staff.post(preview, {"_save": "1", "f1-term": "7"})
    page = response.content.decode()
    assert "未保存:请补全所缺的事实。" in page and "这个字段是必填项" in page
    assert Session.objects.count() == 0
    # All left blank: the others are saved, that file is named as not imported.
    response = staff.post(preview, {"_save": "1", "f1-term": "", "f1-plenum": ""}, follow=True)
    assert "未导入 no-ordinal.txt: not a plenum report" in response.content.decode()
    assert list(Session.objects.values_list("original_filename", flat=True)) == ["good.txt"]


def test_two_files_of_one_name_describing_two_plenums_are_both_saved(staff):
    preview = stage(
        staff,
        files=[
            upload("a.txt", SEED_SIMPLIFIED.read_bytes()),
            upload("a.txt", SEED_TRADITIONAL.read_bytes()),
        ],
    )
    staff.post(preview, {"_save": "1"})
    assert sorted(Session.objects.values_list("plenum", "term")) == [(9, 6), (9, 7)]
    assert not Session.objects.filter(published=True).exists()


def test_the_import_speaks_english_in_the_english_interface(staff):
    staff.get("/language/en/")
    page = staff.get(IMPORT_URL).content.decode()
    assert "Import articles" in page and "Parse and preview" in page
    preview = stage(staff, files=[upload(SEED_SIMPLIFIED.name, SEED_SIMPLIFIED.read_bytes())])
    page = staff.get(preview).content.decode()
    assert "Parsed record" in page and "Save as unpublished sessions" in page
    assert "解析结果" not in page


def test_preview_counts_the_archived_lexicon_as_saving_will(staff):
    KeyPhrase.objects.create(phrase="新质生产力", origin=KeyPhrase.Origin.STAFF)
    preview = stage(staff, files=[upload("jiading.txt", SEED_TRADITIONAL.read_bytes())])
    page = staff.get(preview).content.decode()
    phrases = re.search(r'<p class="import-phrases">(.*?)</p>', page).group(1).split("、")
    # Tracked, never quoted in the article (新質生產力 three times), and its own quoted ones.
    assert "新质生产力 ×3" in phrases and "十四五 ×2" in phrases
    assert staff.post(preview, {"_save": "1"}).status_code == 302
    saved = Session.objects.get().phrases.get(phrase__phrase="新质生产力")
    assert saved.count == 3
