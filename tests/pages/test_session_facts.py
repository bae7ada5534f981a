"""A session page's facts link to their sentence with the span marked (?fact=), doubted facts carry
a marker in words, and a person's review shows on the pages, the JSON and the feed."""

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from plenums.ingest.parse import parse_path
from plenums.models import Appearance, Document, Session
from plenums.records.loader import load_records
from plenums.web import facts, session_html
from plenums.web.paragraphs import paragraphs
from tests.support.forms import change_form_data
from tests.support.rows import make_session

HOSTILE = "<b>&\"'x"
TEXT = f"全会指出,要坚持{HOSTILE}高质量发展。\n\n区委书记陆方舟主持会议。"


def rendered(items) -> str:
    return session_html.paragraphs(items, "zh-Hans", "zh-Hans")


# --- links and marks, without a database --------------------------------------------------------


def test_a_fact_links_to_the_paragraph_holding_its_span():
    items = paragraphs(TEXT, [])
    at = TEXT.index("陆方舟")
    spans = {"speaker-1": {"offset": at, "length": 3}, "date": {"offset": 0, "length": 2}}
    links = facts.FactLinks("/sessions/x/", items, spans)
    assert links.href("speaker-1") == "/sessions/x/?fact=speaker-1#p2"
    assert links.href("date") == "/sessions/x/?fact=date#p1"
    # No span, or a span on the blank line between paragraphs: no link.
    assert links.href("document-1") == ""
    blank = facts.FactLinks(
        "/s/", items, {"members": {"offset": TEXT.index("\n") + 1, "length": 1}}
    )
    assert blank.href("members") == ""


def test_session_spans_keep_only_stored_spans_by_their_keys():
    class Row:
        committee_evidence = {"offset": 1, "length": 2}
        numbering_evidence = None
        date_evidence = {"offset": 5, "length": 0}  # damaged: nothing to mark
        attendance_evidence = {"members": {"offset": 9, "length": 3}, "alternates": None}

    appearances = [("王", "c", ["书记"], [], {"offset": 20, "length": 1}, [None], [])]
    documents = [("通过", "决议", {"offset": 30, "length": 2}, ["short_title"])]
    assert facts.session_spans(Row, appearances, documents) == {
        "committee": {"offset": 1, "length": 2},
        "members": {"offset": 9, "length": 3},
        "speaker-1": {"offset": 20, "length": 1},
        "document-1": {"offset": 30, "length": 2},
    }


def test_marking_a_span_splits_its_segment_and_escapes_what_it_marks():
    at = TEXT.index(HOSTILE) - 2
    items = facts.mark(paragraphs(TEXT, []), {"offset": at, "length": 4})
    html = rendered(items)
    assert 'mark class="hit">坚持&lt;b</mark>&gt;&amp;&quot;&#x27;x高质量' in html
    assert html.count("<mark") == 1 and "<b>" not in html


def test_a_marked_span_inside_a_warning_stays_inside_its_flag():
    at = TEXT.index("陆方舟")
    warnings = [{"kind": "surname_only_speaker", "offset": at - 4, "excerpt": "区委书记陆方舟"}]
    items = facts.mark(paragraphs(TEXT, warnings), {"offset": at, "length": 3})
    html = rendered(items)
    assert re.search(
        r'<mark class="flag"[^>]*><span lang="zh-Hans">区委书记</span></mark>'
        r'<mark class="flag"[^>]*><span lang="zh-Hans">'
        r'<mark class="hit">陆方舟</mark></span></mark>',
        html,
    ), html


def test_review_segments_cut_the_text_where_facts_begin_and_end():
    (p,) = paragraphs("区委书记陆方舟主持会议", [])
    runs = facts.review_segments(
        p,
        [
            ("职务 区委书记", {"offset": 0, "length": 4}, False),
            ("人物 陆方舟", {"offset": 4, "length": 3}, True),
            ("整句", {"offset": 0, "length": 7}, False),
        ],
    )
    assert runs == [
        ("区委书记", ["职务 区委书记", "整句"], False),
        ("陆方舟", ["人物 陆方舟", "整句"], True),
        ("主持会议", [], False),
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "存疑:只有姓氏、未写职务"), ("en", "Doubted: surname only; no role given")],
)
def test_a_doubt_marker_names_its_reasons_in_the_interface_language(language, expected):
    with translation.override(language):
        html = session_html.doubt_marker(["surname_only", "no_role"], mark_safe("en"))
    assert f'role="img" lang="en" aria-label="{expected}" title="{expected}">?</span>' in html
    assert session_html.doubt_marker([], "en") == ""


# --- the session page -----------------------------------------------------------------------------


@pytest.fixture
def seeds(db):
    call_command("loaddata", str(settings.FIXTURE_FILE), verbosity=0)
    return Session.objects.get(slug="jiading-7-9")


def page(client, url, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def paragraph(html: str, n: int) -> str:
    return re.search(rf'<p id="p{n}"[^>]*>(.*?)</p>', html, re.S).group(1)


def test_a_speakers_link_opens_the_page_with_the_name_marked_in_its_paragraph(client, seeds):
    html = page(client, seeds.get_absolute_url())
    href = re.search(r'<a class="source-link" href="([^"]+)"[^>]*>¶\d+</a>', html).group(1)
    url, n = href.split("#p")
    assert "?fact=speaker-1" in url
    marked = page(client, url)
    assert paragraph(marked, int(n)).count('<mark class="hit">陆方舟</mark>') == 1
    assert marked.count('<mark class="hit">') == 1
    assert "已标出所选事实在正文中的出处" in marked
    # A role, a document, the date: each its own link and its own mark.
    role = re.search(r'<a href="([^"]+fact=role-2-2#p\d+)">区长</a>', html).group(1)
    assert '<mark class="hit">区长</mark>' in page(client, role.replace("&amp;", "&"))
    document = re.search(r'《<a href="([^"]+)">区委常委会工作报告</a>》', html).group(1)
    assert '<mark class="hit">' in page(client, document)
    date = re.search(r'<a href="([^"]+fact=date#p\d+)"><time', html).group(1)
    assert '<mark class="hit">' in page(client, date)


def test_a_fact_mark_replaces_the_search_marks_and_an_unknown_key_marks_nothing(client, seeds):
    url = seeds.get_absolute_url()
    both = page(client, url + "?fact=speaker-1&hl=嘉定")
    assert both.count('<mark class="hit">') == 1 and "已标出检索词" not in both
    unknown = page(client, url + "?fact=speaker-999")
    assert '<mark class="hit">' not in unknown and "已标出所选事实" not in unknown


def test_pages_marked_for_a_fact_get_their_own_etag_and_are_never_stored(client, seeds):
    url = seeds.get_absolute_url()
    plain = client.get(url)
    first = client.get(url + "?fact=speaker-1")
    again = client.get(url + "?fact=speaker-1")
    assert first["ETag"] != plain["ETag"] and first["ETag"] == again["ETag"]
    assert first["X-Archive-Cache"] == again["X-Archive-Cache"] == "miss"
    assert client.get(url)["X-Archive-Cache"] == "hit"


def test_doubted_facts_carry_a_marker_in_both_scripts_and_in_english(client, seeds):
    url = seeds.get_absolute_url()
    simplified = page(client, url)
    assert 'aria-label="存疑:只知年份,未见会议日期"' in simplified  # the date
    assert simplified.count('class="doubt"') == 1
    english = page(client, url, HTTP_ACCEPT_LANGUAGE="en")
    assert 'aria-label="Doubted: only the year, no date of the plenum found"' in english
    # 鲁同志 of the other seed: a speaker's two reasons, in the reader's script.
    other = "/sessions/jiading-6-9/"
    assert 'aria-label="存疑:未写职务、只有姓氏"' in page(client, other)
    client.cookies["script"] = "hant"
    assert 'aria-label="存疑:未寫職務、只有姓氏"' in page(client, other)


def test_an_unreviewed_session_says_so_once_and_a_reviewed_one_says_when(client, seeds):
    url = seeds.get_absolute_url()
    assert page(client, url).count('class="review-state unreviewed"') == 1
    assert client.get(url + "?format=json").json()["reviewed"] is False
    seeds.reviewed_at = timezone.make_aware(timezone.datetime(2026, 3, 4, 12))
    seeds.save()
    html = page(client, url)
    assert "unreviewed" not in html
    assert "各项事实已由编辑对照正文核对(2026-03-04)" in html
    assert client.get(url + "?format=json").json()["reviewed"] is True
    bulk = json.loads(b"".join(client.get("/data/plenums.json").streaming_content))
    assert sorted(s["reviewed"] for s in bulk) == [False, True]


def test_the_feed_tells_reviewed_from_unreviewed_sessions(client, seeds):
    Session.objects.filter(slug="jiading-6-9").update(reviewed_at=timezone.now())
    feed = ElementTree.fromstring(client.get("/feed/atom/").content)
    atom = "{http://www.w3.org/2005/Atom}"
    states = {}
    for entry in feed.iter(f"{atom}entry"):
        terms = [c.get("term") for c in entry.iter(f"{atom}category")]
        states[entry.find(f"{atom}title").text] = (terms[-1], entry.find(f"{atom}summary").text)
    assert sorted(term for term, _ in states.values()) == ["已核对", "未核对"]
    for term, summary in states.values():
        assert summary.endswith("事实已经人工核对" if term == "已核对" else "未经人工核对")


# --- the review queue and the review page ---------------------------------------------------------


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("editor", "ed@example.org", "x" * 20)
    client.force_login(user)
    return user


def test_the_queue_lists_unreviewed_sessions_most_doubted_first(seeds):
    # 7-9: its date is doubted; 6-9: its one speaker, 鲁同志. Equals by committee and number.
    assert [(s.slug, s.doubted) for s in Session.objects.review_queue()] == [
        ("jiading-6-9", 1),
        ("jiading-7-9", 1),
    ]
    Document.objects.filter(session=seeds).update(doubt=["short_title"])
    Appearance.objects.filter(session=seeds, order__lt=2).update(doubt=["generic_role"])
    seeds.committee_doubt = ["region_expanded"]
    seeds.attendance_doubt = ["count_unpunctuated"]
    seeds.save()
    assert [(s.slug, s.doubted) for s in Session.objects.review_queue()] == [
        ("jiading-7-9", seeds.documents.count() + 2 + 3),
        ("jiading-6-9", 1),
    ]
    seeds.reviewed_at = timezone.now()
    seeds.save()
    assert [s.slug for s in Session.objects.review_queue()] == ["jiading-6-9"]


def test_the_queue_page_links_each_session_to_its_review(client, seeds, editor):
    Document.objects.filter(session=seeds).update(doubt=["short_title"])
    html = page(client, reverse("admin:plenums_session_review_queue"))
    rows = re.findall(r'<a href="/admin/plenums/session/(\d+)/review/">', html)
    assert rows == [str(seeds.pk), str(Session.objects.get(slug="jiading-6-9").pk)]
    assert re.findall(r'class="doubted-count">(\d+)<', html) == ["3", "1"]


def test_the_review_page_marks_every_span_and_done_records_who_and_when(client, seeds, editor):
    url = reverse("admin:plenums_session_review", args=[seeds.pk])
    response = client.get(url)
    html = response.content.decode()
    assert '<mark class="fact doubted" title="日期 2024年">' in html
    assert '<mark class="fact" title="人物 陸方舟">陸方舟</mark>' in html
    assert 'name="_reviewed"' in html
    data = change_form_data(response)
    data["documents-0-title"] = "区委常委会工作报告(修订)"
    saved = client.post(url, data)  # a plain save stays on the review page, unreviewed
    assert saved.status_code == 302 and saved["Location"] == url
    seeds.refresh_from_db()
    assert seeds.reviewed_at is None
    data = change_form_data(client.get(url))
    data["_reviewed"] = "核对完毕"
    done = client.post(url, data)
    assert done["Location"] == reverse("admin:plenums_session_review_queue")
    seeds.refresh_from_db()
    assert seeds.reviewed_by == editor and seeds.reviewed_at is not None
    latest = seeds.history.latest()
    assert latest.history_change_reason == "核对完毕" and latest.history_user == editor
    assert latest.reviewed_at == seeds.reviewed_at
    queue = page(client, reverse("admin:plenums_session_review_queue"))
    assert "已核对完毕" in queue and f'href="{url}"' not in queue


def test_a_session_ingested_again_is_no_longer_reviewed(seeds, editor):
    seed = Path(settings.ARTICLES_DIR) / "000_c877433114cd8e59.txt"
    Session.objects.filter(pk=seeds.pk).update(reviewed_at=timezone.now(), reviewed_by=editor)
    load_records([parse_path(seed)])
    seeds.refresh_from_db()
    assert seeds.reviewed_at is None and seeds.reviewed_by is None


def test_the_bulk_csv_tells_reviewed_from_unreviewed(client, db):
    checked = make_session(term=6)
    make_session(term=7)
    Session.objects.filter(pk=checked.pk).update(reviewed_at=timezone.now())
    body = b"".join(client.get("/data/plenums.csv").streaming_content).decode("utf-8-sig")
    rows = {r["slug"]: r["reviewed"] for r in csv.DictReader(io.StringIO(body))}
    assert rows == {"jiading-6-9": "1", "jiading-7-9": "0"}
