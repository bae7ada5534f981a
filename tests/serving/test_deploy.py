"""Deployment settings: `check --deploy` is clean in production, headers and cookies are strict."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser

import pytest
from django.conf import settings

from plenums.models import Committee, KeyPhrase, Person, PhraseOccurrence, Session

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]


def clean_env(tmp_path, **overrides):
    """The parent environment without any of the archive's own knobs, plus the overrides."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AXES_")) and k not in {"DATABASE_URL", "WHOOSH_PATH"}
    }
    env["ARCHIVE_VAR_DIR"] = str(tmp_path)
    env.update(overrides)
    return env


def production_env(tmp_path, **overrides):
    return clean_env(
        tmp_path,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="archive.example.org",
        **overrides,
    )


def manage(env, *args, timeout=120):
    return subprocess.run(
        [*MANAGE, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_check_deploy_reports_nothing_in_production(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_notices_an_overridden_https_redirect(tmp_path):
    # Proves the check above really inspects our settings: the override is visible to it.
    env = production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_HSTS_SECONDS="0")
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT
    assert "security.W004" in result.stderr  # SECURE_HSTS_SECONDS


def test_refuses_to_start_without_secret_key_outside_debug(tmp_path):
    result = manage(clean_env(tmp_path, DJANGO_DEBUG="0"), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "name, value",
    [
        ("DJANGO_HSTS_SECONDS", "a year"),
        ("DJANGO_SECURE_SSL_REDIRECT", "maybe"),
        ("DJANGO_AXES_FAILURE_LIMIT", "five"),
        ("DJANGO_AXES_ENABLED", "2"),
    ],
)
def test_bad_setting_values_are_refused_by_name(tmp_path, name, value):
    result = manage(production_env(tmp_path, **{name: value}), "check")
    assert result.returncode != 0
    assert f"{name}={value!r}" in result.stderr


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_debug_mode_serves_plain_http_on_loopback(tmp_path):
    """`make run`: no secret, no TLS, http://127.0.0.1 answers pages instead of redirecting."""
    env = clean_env(tmp_path, DJANGO_DEBUG="1")
    assert manage(env, "migrate", "-v0").returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [*MANAGE, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    status, headers = response.status, response.headers
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "runserver did not answer within 30 s"
                time.sleep(0.3)
        assert status == 200
        assert "Strict-Transport-Security" not in headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def archive_rows(db):
    committee = Committee.objects.create(
        name="中共测试县委员会", slug="ceshi", region="测试县", parent_region="", level="county"
    )
    session = Session.objects.create(
        committee=committee,
        term=3,
        plenum=4,
        slug="ceshi-3-4",
        year=2023,
        title="中共测试县第三届委员会第四次全体会议召开",
        original_text="原文",
        original_filename="t.txt",
        original_encoding="utf-8",
        sha256="1" * 64,
        cleaned_text="全会审议通过了决议。",
        script="Hans",
    )
    person = Person.objects.create(name="王测试", committee=committee)
    session.appearances.create(person=person, name_as_printed="王测试", roles=["县委书记"])
    phrase = KeyPhrase.objects.create(phrase="高质量发展")
    PhraseOccurrence.objects.create(session=session, phrase=phrase, count=1, sentence="推动。")
    return session


PUBLIC_PAGES = ["/", "/sessions/ceshi-3-4/", "/committees/ceshi/", "/people/王测试/ceshi/"]


def test_security_headers_on_public_pages(client, archive_rows):
    for url in PUBLIC_PAGES:
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        csp = response.headers["Content-Security-Policy"]
        directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
        assert directives["default-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style blocks and attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {n}=" for n in names if n == "style" or n.startswith("on")]
        if any((v or "").lower().startswith("javascript:") for v in names.values()):
            self.found.append(f"{tag} javascript: URL")


def test_public_pages_carry_no_inline_code(client, archive_rows):
    for url in [*PUBLIC_PAGES, "/phrases/高质量发展/"]:
        finder = InlineCodeFinder()
        finder.feed(client.get(url).content.decode())
        assert finder.found == [], url


def test_session_and_csrf_cookies_are_secure_and_httponly(client, django_user_model):
    django_user_model.objects.create_superuser("root", "", "correct horse battery staple")
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "root", "password": "correct horse battery staple"},
        secure=True,
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        morsel = client.cookies[name]
        assert morsel["secure"] is True, name
        assert morsel["httponly"] is True, name
        assert morsel["samesite"] == "Lax", name
