"""Accessibility gate: axe-core in chromium, the Nu HTML Checker on served HTML, `lang` on content.

Every public page in each script and in the English interface, at desktop and phone widths, and
the admin's session list, change form, review queue and review page. The checkers come from npm
(`package.json`, installed by `make test` with `npm ci`); the Nu HTML Checker needs a Java
runtime.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.support.browser import BROWSER_MARKS, MISSING_PAGE, SCREENSHOTS, WIDTHS

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
# WCAG 2.1 A and AA, plus the WCAG 2.2 target size the timeline's dots must meet on a phone.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {"target-size": {"enabled": True}},
}
# The reader's interface: (name, cookies, HTML lang the page must declare).
VARIANTS = {
    "hans": ({}, "zh-Hans"),
    "hant": ({"script": "hant"}, "zh-Hant"),
    "en": ({settings.LANGUAGE_COOKIE_NAME: "en"}, "en"),
}

pytestmark = BROWSER_MARKS


def public_pages(session) -> list[str]:
    """Every kind of public HTML page, filled with the seed archive's rows."""
    return [
        "/",
        session.get_absolute_url(),
        "/sessions/jiading-6-9/",
        "/committees/",
        f"/committees/{session.committee.slug}/",
        "/people/",
        f"/people/{quote('陆方舟')}/jiading/",
        "/phrases/",
        f"/phrases/{quote('十四五')}/",
        "/data/",
        "/search/",
        f"/search/?q={quote('嘉定')}",
        # The trend drawn as shares (the plain search draws counts).
        f"/search/?q={quote('嘉定')}&chart=share",
        f"/search/?q={quote('没有这个词')}",
        # A session opened from a search, its query marked.
        f"{session.get_absolute_url()}?hl={quote('嘉定 十四五')}",
        # A session opened at a fact's sentence, its span marked.
        f"{session.get_absolute_url()}?fact=speaker-1",
        MISSING_PAGE,
    ]


def admin_pages(session) -> list[str]:
    return [
        "/admin/plenums/session/",
        f"/admin/plenums/session/{session.pk}/change/",
        "/admin/plenums/session/review/",
        f"/admin/plenums/session/{session.pk}/review/",
    ]


def require(path: Path):
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make node-deps` (npm ci) to install the checkers")


@pytest.fixture
def indexed_archive(archive):
    # The index outlives each test's database; rebuild it from exactly this test's rows.
    call_command("rebuild_index", interactive=False, verbosity=0)
    return archive


@pytest.fixture
def staff_cookie(archive, django_user_model):
    user = django_user_model.objects.create_superuser("a11y", "a11y@example.org", "unused-pw-1")
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def new_context(browser, live_server, cookies: dict):
    require(AXE)
    context = browser.new_context(locale="zh-CN")
    # An init script is injected outside the page's Content-Security-Policy.
    context.add_init_script(path=str(AXE))
    context.add_cookies(
        [{"name": k, "value": v, "url": live_server.url} for k, v in cookies.items()]
    )
    return context


def axe_violations(page, url: str, width: int) -> list[str]:
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{url} @{width}px {v['id']} ({v['impact']}): {v['help']}: "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:6])
        for v in result["violations"]
    ]


def sideways_scroll(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("variant", VARIANTS)
def test_public_pages_pass_axe(browser, live_server, indexed_archive, variant):
    cookies, lang = VARIANTS[variant]
    context = new_context(browser, live_server, cookies)
    page = context.new_page()
    problems = []
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        for url in public_pages(indexed_archive):
            page.goto(live_server.url + url)
            assert page.locator("html").get_attribute("lang") == lang, url
            problems += axe_violations(page, url, width)
    context.close()
    assert not problems, "\n".join(problems)


def test_admin_session_pages_pass_axe(browser, live_server, archive, staff_cookie):
    context = new_context(browser, live_server, {settings.SESSION_COOKIE_NAME: staff_cookie})
    page = context.new_page()
    problems = []
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        for url in admin_pages(archive):
            page.goto(live_server.url + url)
            assert page.locator("#content").count() == 1, f"{url} is not an admin page"
            problems += axe_violations(page, url, width)
            if width == WIDTHS["desktop"] and sideways_scroll(page) > 0:
                problems.append(f"{url} scrolls sideways by {sideways_scroll(page)}px")
            for kind in ("change", "review"):
                if url.endswith(f"/{kind}/") and "/session/review/" not in url:
                    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                    shot = SCREENSHOTS / f"admin-{kind}-{width}.png"
                    page.screenshot(path=str(shot), full_page=True)
    context.close()
    assert not problems, "\n".join(problems)


# Every text node and every name-giving attribute whose language differs from its element's.
LANG_OF_PARTS = """() => {
  const han = /[\\u3400-\\u9fff]/;
  const english = /[A-Za-z]{2,}/;
  const langOf = el => (el.closest('[lang]') || document.documentElement).lang;
  const problems = [];
  const check = (el, text, where) => {
    const lang = langOf(el);
    const hasHan = han.test(text);
    const plain = text.replace(/SHA-256|JSON|GB\\/T|https?:\\S+|\\S+\\.(json|csv|xml|txt)/g, '');
    const hasEnglish = english.test(plain);
    const say = what => problems.push(`${what} ${where}: ${text.trim().slice(0, 60)}`);
    // A citation in <code> is one string to copy, quoting the site's name in the UI language.
    if (hasHan && hasEnglish && !el.closest('code')) say('mixed');
    else if (hasHan && !lang.startsWith('zh')) say(`Chinese in lang=${lang}`);
    else if (hasEnglish && !hasHan && lang !== 'en') say(`English in lang=${lang}`);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    // A document's or a drawing's <title> is plain text: it cannot mark its parts.
    if (el.closest('title, script, style')) continue;
    if (node.textContent.trim()) check(el, node.textContent, `<${el.tagName.toLowerCase()}>`);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
    for (const attr of ['aria-label', 'title', 'alt', 'placeholder']) {
      const value = el.getAttribute(attr);
      if (value) check(el, value, `${attr} of <${el.tagName.toLowerCase()}>`);
    }
  }
  return problems;
}"""


def test_english_interface_marks_the_language_of_every_part(
    browser,
    live_server,
    indexed_archive,
):
    context = new_context(browser, live_server, VARIANTS["en"][0])
    page = context.new_page()
    problems = []
    for url in public_pages(indexed_archive):
        page.goto(live_server.url + url)
        problems += [f"{url}: {p}" for p in page.evaluate(LANG_OF_PARTS)]
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(
    not JAVA,
    reason="NU HTML CHECKER SKIPPED: no java (apt-get install default-jre-headless)",
)
def test_served_html_passes_the_nu_html_checker(indexed_archive, staff_cookie, tmp_path):
    require(VNU)
    pages = []
    for variant, (cookies, _lang) in VARIANTS.items():
        client = Client()
        for name, value in cookies.items():
            client.cookies[name] = value
        pages += [(f"{variant}", client, url) for url in public_pages(indexed_archive)]
    staff = Client()
    staff.cookies[settings.SESSION_COOKIE_NAME] = staff_cookie
    pages += [("admin", staff, url) for url in admin_pages(indexed_archive)]
    files = {}
    for n, (variant, client, url) in enumerate(pages):
        response = client.get(url)
        assert response.status_code == (404 if url == MISSING_PAGE else 200), url
        assert response["Content-Type"].startswith("text/html"), url
        path = tmp_path / f"{n:03d}.html"
        path.write_bytes(response.content)
        files[path.name] = f"{variant} {url}"
    # One JVM for every page; --errors-only: warnings are advice, errors are invalid HTML.
    run = subprocess.run(
        [
            JAVA,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *(str(tmp_path / name) for name in sorted(files)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = []
    for m in messages:
        where = files.get(m.get("url", "").rpartition("/")[2], m.get("url"))
        extract = m.get("extract", "").strip()[:80]
        errors.append(f"{where} line {m.get('lastLine')}: {m['message']} [{extract}]")
    assert not errors, "\n".join(errors)
    assert run.returncode == 0, run.stderr[-2000:]


def test_phrase_timeline_is_readable_and_tappable_on_a_phone(
    browser,
    live_server,
    archive,
):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": WIDTHS["phone"], "height": 900}
    )
    page = context.new_page()
    page.goto(live_server.url + f"/phrases/{quote('十四五')}/")
    group = page.get_by_role("group", name="时间分布")
    links = group.get_by_role("link")
    assert links.count() == 2
    for n in range(links.count()):
        box = links.nth(n).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
    # Each dot is named by its session's entry in the list below the drawing.
    assert links.first.get_attribute("aria-labelledby").startswith("where-")
    assert (
        "第6届委员会第9次全体会议"
        in page.locator("#" + links.first.get_attribute("aria-labelledby")).inner_text()
    )
    label_px = page.eval_on_selector(
        ".phrase-timeline text", "t => t.getBoundingClientRect().height"
    )
    assert label_px >= 11, f"year labels are {label_px:.1f}px tall at 390px"
    context.close()


@pytest.mark.parametrize("variant", VARIANTS)
def test_content_language_header_matches_the_page(client, archive, variant):
    cookies, lang = VARIANTS[variant]
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get(archive.get_absolute_url())
    assert f'<html lang="{lang}">' in response.content.decode()
    assert response["Content-Language"] == lang
