"""The search's trend chart and hits that open at their paragraph, in a real browser (Debian's
chromium via Playwright) at desktop and phone widths."""

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.core.management import call_command

from tests.support.browser import BROWSER_MARKS, SCREENSHOTS, WIDTHS
from tests.support.rows import make_committee, make_session

pytestmark = BROWSER_MARKS

ECONOMY, PARTY = "全会强调,要推动经济高质量发展。", "全会强调,要加强党的建设。"


@pytest.fixture
def searchable(archive):
    """The seed archive and a dozen more years, some with the word 经济 and some without, in
    two committees, so that the chart has bars, gaps and a scale."""
    songjiang = make_committee(region="松江区", slug="songjiang")
    for i, year in enumerate(range(2008, 2024)):
        for n in range(1 + i % 3):
            make_session(
                songjiang if n == 2 else None,
                term=3,
                plenum=10 * i + n,
                year=year,
                text=ECONOMY if (i + n) % 4 else PARTY,
                speakers=(),
                documents=(),
                phrases=(),
            )
    # The index outlives each test's database; rebuild it from exactly this test's rows.
    call_command("rebuild_index", interactive=False, verbosity=0)
    return archive


def shoot_at(page, name, width, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=full_page)


def test_trend_chart_renders_at_desktop_and_phone_widths(page, live_server, searchable):
    url = f"{live_server.url}/search/?q={quote('经济')}"
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        chart = page.get_by_role("group", name="“经济”:每年匹配的会议数")
        assert chart.is_visible()
        bars = chart.get_by_role("link")
        # The table twin (closed: its <details> is for readers who ask for it) has every year.
        matching = page.eval_on_selector_all(
            ".trend-table tbody tr", "rows => rows.map(r => Number(r.cells[1].textContent))"
        )
        assert len(matching) == 2024 - 2008 + 1
        assert bars.count() == sum(1 for n in matching if n) > 5
        # Every bar is a target at least 24 px square; the page never scrolls sideways.
        for n in range(bars.count()):
            box = bars.nth(n).bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, (width, box)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the search page scrolls sideways by {overflow}px at {width}px"
        # The latest year is in view without scrolling the chart; the labels are readable.
        last = bars.last.bounding_box()
        assert 0 <= last["x"] and last["x"] + last["width"] <= width, (width, last)
        label = page.eval_on_selector(".trend-chart text.year", "t => t.getBoundingClientRect()")
        assert label["height"] >= 11
        # The bars have height: the busiest year's bar is the tallest drawn.
        tallest = page.eval_on_selector_all(
            ".trend-chart rect.bar", "rs => Math.max(...rs.map(r => r.getBBox().height))"
        )
        assert tallest == 110
        shoot_at(page, "search-trend", width)
        page.locator(".trend").screenshot(path=str(SCREENSHOTS / f"search-trend-chart-{width}.png"))
    # The table twin opens without JavaScript's help (a <details>).
    page.get_by_text("逐年数字(表格)").click()
    table = page.locator(".trend-table table")
    assert table.is_visible()
    # The four narrow columns fit a phone: no sideways scroll, no stacked cells.
    assert table.bounding_box()["width"] <= WIDTHS["phone"]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    table.screenshot(path=str(SCREENSHOTS / "search-trend-table-390.png"))


def test_a_bar_links_to_the_search_filtered_to_its_year(page, live_server, searchable):
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.goto(f"{live_server.url}/search/?q={quote('经济')}")
    bar = page.get_by_role("link", name=re.compile(r"^2015 年:"))
    expected = int(re.search(r":(\d+) /", bar.get_attribute("aria-label")).group(1))
    bar.click()
    page.wait_for_load_state()
    params = parse_qs(urlsplit(page.url).query)
    assert params == {"q": ["经济"], "year_from": ["2015"], "year_to": ["2015"]}
    assert page.locator(".search-count").inner_text().startswith(f"找到 {expected} 次会议")
    assert page.locator(".search-results > li").count() == expected
    # The toggle draws shares: the one year left is 100% or less of its sessions.
    page.get_by_role("link", name="占当年收录会议的比例").click()
    page.wait_for_load_state()
    assert "chart=share" in page.url
    value = page.locator(".trend-chart text.value").text_content()
    assert re.fullmatch(r"\d+%", value) and int(value[:-1]) <= 100
    shoot_at(page, "search-trend-share", WIDTHS["phone"])


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_a_hit_opens_at_its_paragraph_with_the_match_marked(page, live_server, searchable, script):
    page.context.add_cookies([{"name": "script", "value": script, "url": live_server.url}])
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    page.goto(f"{live_server.url}/search/?q={quote('新质生产力')}")
    page.locator(".search-results h2 a").first.click()
    page.wait_for_load_state()
    # The Traditional report jiading-7-9 first says 新质生产力 in its sixth paragraph.
    path = "/sessions/jiading-7-9/"
    assert page.url == f"{live_server.url}{path}?hl={quote('新质生产力')}#p6"
    target = page.locator("#p6")
    colour = page.eval_on_selector("#p6", "e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # :target
    spelled = "新質生產力" if script == "hant" else "新质生产力"
    assert target.locator("mark.hit").first.inner_text() == spelled
    assert page.locator(".text mark.hit").count() == 4  # three in the text, one in the note
    # Opened at the paragraph, not the top of the page.
    box = target.bounding_box()
    assert page.evaluate("window.scrollY") > 0 and -1 <= box["y"] < 900
    # What the reader sees on arrival: the window, not the whole page.
    shoot_at(page, f"session-hl-{script}", WIDTHS["desktop"], full_page=False)
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.goto(page.url)
    shoot_at(page, f"session-hl-{script}", WIDTHS["phone"], full_page=False)
    # The plain page, one click away, has no marks.
    page.get_by_role("link", name="取消標記" if script == "hant" else "取消标记").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}{path}"
    assert page.locator("mark.hit").count() == 0
