"""The production CSP in a real browser: public pages and the staff admin run with no violation."""

import os
import re
import shutil

import pytest
from django.conf import settings

from tests.support.server import STAFF_PASSWORD, Archive, Gunicorn

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.load,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM),
        reason=f"*** BROWSER CSP TEST SKIPPED: {CHROMIUM} is missing (apt-get install chromium)",
    ),
]

# Installed before any page script runs; a violation report cannot be blocked by the policy.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile));
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    arc = Archive(tmp_path_factory.mktemp("csp"), n_sessions=5, fixtures=[settings.FIXTURE_FILE])
    # Plain http on loopback, as a browser cannot add the proxy's header to its own form posts
    # (CSRF compares the Origin with the scheme the app sees). The policy header is the same.
    arc.env.update(DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0")
    gunicorn = Gunicorn(arc, workers=1, threads=4)
    yield gunicorn
    gunicorn.stop()
    arc.close()


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; nothing here touches the ORM.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__csp")
    assert violations == [], f"{url}: {violations}"
    assert [e for e in page.console_errors if re.search("Content.Security.Policy", e)] == []
    return response


def test_public_pages_under_the_production_policy(page, server):
    for path in ("/", "/sessions/jiading-7-9/", "/committees/", "/search/?q=经济"):
        visit(page, server.base + path)
        # The stylesheet came through the policy: the header has its rule, not the default.
        style = page.eval_on_selector("body", "e => getComputedStyle(e).fontFamily")
        assert style and style != "Times New Roman", path


def test_the_policy_really_blocks_inline_script(page, server):
    # Proves the two tests around it would notice: an injected inline script is refused.
    visit(page, server.base + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))


def test_admin_under_the_production_policy(page, server):
    visit(page, server.base + "/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(server.base + "/admin/")
    visit(page, server.base + "/admin/")
    visit(page, server.base + "/admin/plenums/session/")
    page.click("#result_list tbody tr a >> nth=0")
    page.wait_for_load_state("networkidle")
    change_url = page.url
    assert re.search(r"/admin/plenums/session/\d+/change/$", change_url)
    visit(page, change_url)
    # The admin's own scripts ran: the collapsible provenance fieldset got its toggle.
    assert page.locator("fieldset.collapse summary, fieldset.collapse a.collapse-toggle").count()
    visit(page, change_url.replace("/change/", "/history/"))
