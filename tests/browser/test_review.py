"""Facts and their sentences in a real browser: a reader follows a speaker to the marked name, a
screen reader reads a doubt marker's reasons, an editor works through the review queue."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from plenums.models import Document, Session
from tests.support.browser import BROWSER_MARKS, SCREENSHOTS, shoot

PASSWORD = "correct horse battery staple"

pytestmark = BROWSER_MARKS


def test_a_reader_follows_a_speaker_to_the_sentence_with_the_name_marked(
    page, live_server, archive
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + archive.get_absolute_url())
    note = page.locator(".review-state")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("尚未经人工核对")
    # 冯捷 is read in the last paragraph, far below the fold: landing there shows it.
    speaker = page.locator("ul.people li").filter(has_text="冯捷")
    link = speaker.get_by_role("link", name=re.compile(r"^出处:第 \d+ 段$"))
    number = link.inner_text().lstrip("¶")
    link.click()
    page.wait_for_url(re.compile(rf"\?fact=speaker-\d+#p{number}$"))
    sentence = page.locator(f"#p{number}")
    expect(sentence).to_be_in_viewport()
    marked = sentence.locator("mark.hit")
    expect(marked).to_have_count(1)
    expect(marked).to_have_text("冯捷")
    expect(page.locator("mark.hit")).to_have_count(1)
    # Marked the way a search's hits are: the same yellow, on the targeted paragraph.
    colour = marked.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 229, 138)"
    # What the reader sees on landing, then the whole page at both widths.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "fact-speaker-landed.png"))
    shoot(page, "fact-speaker")

    # A role: the same, for its own words.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + archive.get_absolute_url())
    page.locator("ul.people li").filter(has_text="高香").get_by_role("link", name="区长").click()
    expect(page.locator("mark.hit")).to_have_text("区长")


def test_a_doubted_facts_marker_is_read_out_with_its_reasons(page, live_server, archive):
    page.goto(live_server.url + archive.get_absolute_url())
    date = page.locator(".facts dd").first
    marker = date.get_by_role("img", name="存疑:只知年份,未见会议日期")
    expect(marker).to_be_visible()
    # What the accessibility tree gives a screen reader: an image named by the reasons.
    assert 'img "存疑:只知年份,未见会议日期"' in date.aria_snapshot()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".record-head").screenshot(path=str(SCREENSHOTS / "fact-doubt-header.png"))
    box = marker.bounding_box()
    assert box["width"] < 40 and box["height"] < 30  # a small marker, not a banner

    page.goto(live_server.url + "/sessions/jiading-6-9/")
    speaker = page.locator("ul.people li").filter(has_text="鲁同志")
    expect(speaker.get_by_role("img", name="存疑:未写职务、只有姓氏")).to_be_visible()
    page.get_by_role("link", name="繁體").click()
    speaker = page.locator("ul.people li").filter(has_text="魯同志")
    expect(speaker.get_by_role("img", name="存疑:未寫職務、只有姓氏")).to_be_visible()
    speaker.screenshot(path=str(SCREENSHOTS / "fact-doubt-speaker-hant.png"))
    shoot(page, "fact-doubt-hant")
    page.get_by_role("link", name="English").click()
    expect(
        page.locator("ul.people li").get_by_role("img", name="Doubted: no role given; surname only")
    ).to_be_visible()


def test_an_editor_works_through_the_queue_corrects_a_document_and_marks_it_reviewed(
    page, live_server, archive
):
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    # The resolution's title doubted: 7-9 has the most doubted facts and leads the queue.
    Document.objects.filter(session=archive, title__endswith="决议").update(doubt=["short_title"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/?next=/admin/plenums/session/")
    page.get_by_label("用户名").fill("chief")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/plenums/session/")

    page.get_by_role("link", name="待核对").click()
    page.wait_for_url("**/admin/plenums/session/review/")
    rows = page.locator(".review-queue-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator(".doubted-count")).to_have_text("2")
    shoot(page, "review-queue")
    page.set_viewport_size({"width": 1280, "height": 900})
    rows.first.get_by_role("link").click()
    page.wait_for_url(f"**/admin/plenums/session/{archive.pk}/review/")

    # The text beside the form, every fact's span marked, the doubted ones told apart.
    text = page.get_by_role("region", name="正文与各项事实的出处")
    expect(text.locator("mark.fact", has_text="陸方舟")).to_have_attribute("title", "人物 陸方舟")
    expect(text.locator("mark.fact.doubted")).to_have_count(2)
    title = page.locator("#id_documents-1-title")
    expect(title).to_have_value("中国共产党上海市嘉定区第七届委员会第九次全体会议决议")
    page.screenshot(path=str(SCREENSHOTS / "review-page-top.png"))
    shoot(page, "review-page")
    title.fill("中国共产党上海市嘉定区第七届委员会第九次全体会议关于2025年工作的决议")
    page.get_by_role("button", name="核对完毕").click()
    page.wait_for_url("**/admin/plenums/session/review/")
    expect(page.locator(".messagelist")).to_contain_text("已核对完毕")
    expect(page.locator(".review-queue-table tbody tr")).to_have_count(1)

    archive.refresh_from_db()
    assert archive.reviewed_by.username == "chief"
    assert archive.history.latest().history_change_reason == "核对完毕"
    page.goto(live_server.url + archive.get_absolute_url())
    expect(page.locator(".review-state.reviewed")).to_contain_text("各项事实已由编辑对照正文核对")
    expect(page.locator(".facts-side")).to_contain_text("关于2025年工作的决议")
    # The corrected title is not printed in the text: it has no sentence to link to.
    corrected = Session.objects.get(pk=archive.pk).documents.get(title__contains="2025")
    assert corrected.evidence is None and corrected.doubt == []
    shoot(page, "reviewed-session")
