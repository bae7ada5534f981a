"""The production server for real: gunicorn and its config, whitenoise, the cache across workers."""

import gzip
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKERS = 2

LOAD = """
from plenums.records.loader import load_records
from tests.support.records import make_record
load_records([make_record(text="全会指出,要坚持“十四五”规划,推动经济发展。")])
"""
EDIT = """
from plenums.models import Session
session = Session.objects.get()
session.title = {title!r}
session.save()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, **headers):
    """One request on its own connection, so that successive requests spread over the workers."""
    request = urllib.request.Request(url, headers={"Connection": "close", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Server:
    def __init__(self, scratch: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "ARCHIVE_VAR_DIR": str(scratch),
            # Its own SQLite file, never the database of the test run (or of anyone else).
            "DATABASE_URL": f"sqlite:///{scratch / 'archive.sqlite3'}",
            "WHOOSH_PATH": str(scratch / "whoosh"),
            "DJANGO_SECRET_KEY": "serve-test-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "GUNICORN_WORKERS": str(WORKERS),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
        }
        self.env.pop("ARCHIVE_RELEASE", None)
        self.log = scratch / "gunicorn.log"
        self.process = None

    def manage(self, *args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=REPO,
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()}")
            try:
                if get(self.base + "/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s: {self.log.read_text()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("serve"))
    server.manage("migrate", "--noinput")
    server.manage("collectstatic", "--noinput")
    server.manage("shell", "-c", LOAD)
    server.start()
    yield server
    server.stop()


def session_url(server) -> str:
    status, _, body = get(server.base + "/")
    assert status == 200
    match = re.search(r'href="(/sessions/[^"/]+/)"', body.decode())
    assert match, "the home page links to the session"
    return server.base + match.group(1)


def fetch_until_every_worker_has_served(url, limit=400):
    """Fetch until each worker has rendered the page once (one miss each); return the bodies."""
    outcomes, bodies, etags = [], set(), set()
    while outcomes.count("miss") < WORKERS and len(outcomes) < limit:
        status, headers, body = get(url)
        assert status == 200
        outcomes.append(headers["X-Archive-Cache"])
        bodies.add(body)
        etags.add(headers["ETag"])
    assert outcomes.count("miss") == WORKERS, f"not every worker answered: {outcomes}"
    return outcomes, bodies, etags


def test_an_edit_from_another_process_is_seen_by_every_worker_at_once(server):
    url = session_url(server)
    outcomes, bodies, etags = fetch_until_every_worker_has_served(url)
    assert len(bodies) == 1 and len(etags) == 1
    (old_etag,) = etags
    assert "hit" in outcomes or len(outcomes) == WORKERS
    assert get(url, **{"If-None-Match": old_etag})[0] == 304

    # An edit made elsewhere (here: a management shell, as the admin would in another worker).
    server.manage("shell", "-c", EDIT.format(title="经编辑部更正的标题"))
    for _ in range(4 * WORKERS):
        status, headers, body = get(url, **{"If-None-Match": old_etag})
        assert status == 200 and "经编辑部更正的标题" in body.decode()
        assert headers["ETag"] != old_etag


def test_static_files_are_compressed_and_cached_for_ever(server):
    _, _, body = get(server.base + "/")
    match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode())
    assert match, "pages link the hashed stylesheet from the manifest"
    status, headers, raw = get(server.base + match.group(1), **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    collected = Path(server.env["ARCHIVE_VAR_DIR"]) / match.group(1).lstrip("/")
    assert gzip.decompress(raw) == collected.read_bytes()
    cache_control = headers["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600


def test_workers_are_forked_from_a_warmed_master(server):
    log = server.log.read_text()
    assert re.search(r"warmed up before fork: URLconf \(\d+ routes\), \d+ templates", log), log
    assert log.count("Booting worker") == WORKERS
