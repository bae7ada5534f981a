"""A production-configured scratch archive driven through manage.py, and gunicorn serving it."""

import hashlib
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from django.conf import settings
from django.urls import Resolver404, resolve

from tests.support.forms import FormReader

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
STAFF_PASSWORD = "load-test staff password 7"
# Behind the TLS proxy of a real deployment every request arrives with this header.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
WORDS = (
    "全会 审议 通过 决议 坚持 高质量发展 深化改革 全面从严治党 乡村振兴 城市更新 生态文明 "
    "科技创新 民生保障 基层治理 营商环境 共同富裕 数字经济 安全发展 干部队伍 作风建设"
).split()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- a scratch archive: its own database, static files and index ---------------------------------


def synthetic_fixture(n_sessions, seed=7):
    """Committees, sessions, people and appearances in natural-key fixture form, reproducibly."""
    rng = random.Random(seed)
    objects = []
    committees = []
    for c in range(8):
        name = f"中共负载{c}县委员会"
        committees.append(name)
        objects.append(
            {
                "model": "plenums.committee",
                "fields": {
                    "name": name,
                    "slug": f"load-{c}",
                    "region": f"负载{c}县",
                    "parent_region": "测试市",
                    "level": "county",
                },
            }
        )
    people = [f"负载人物{i}" for i in range(40)]
    # Each name is a person at every committee: namesakes at eight committees.
    objects += [
        {"model": "plenums.person", "fields": {"name": p, "committee": [c]}}
        for c in committees
        for p in people
    ]
    for i in range(n_sessions):
        committee = committees[i % len(committees)]
        term, plenum = 1 + i // 80, 1 + (i // len(committees)) % 10
        text = "".join(rng.choice(WORDS) + rng.choice(",。") for _ in range(400))
        original = f"第{i}号原文\n{text}"
        objects.append(
            {
                "model": "plenums.session",
                "fields": {
                    "committee": [committee],
                    "term": term,
                    "plenum": plenum,
                    "expanded": False,
                    "slug": f"load-{i % len(committees)}-{term}-{plenum}",
                    "year": 2000 + i % 25,
                    "month": 1 + i % 12,
                    "day": 1 + i % 28,
                    "date_inferred": False,
                    "title": f"{committee}第{term}届第{plenum}次全体会议",
                    "original_text": original,
                    "original_filename": f"load-{i}.txt",
                    "original_encoding": "utf-8",
                    "sha256": hashlib.sha256(original.encode()).hexdigest(),
                    "cleaned_text": text,
                    "script": "Hans",
                    "cleaning_log": [],
                    "warnings": [],
                    "published": True,
                },
            }
        )
        for order, person in enumerate(rng.sample(people, 3)):
            objects.append(
                {
                    "model": "plenums.appearance",
                    "fields": {
                        "session": [committee, term, plenum],
                        "person": [person, committee],
                        "name_as_printed": person,
                        "roles": ["县委书记"],
                        "actions": ["讲话"],
                        "order": order,
                    },
                }
            )
    return objects


def has_route(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


class ScratchDatabase:
    """SQLite in a temporary directory, or a new database on the PostgreSQL the suite runs on."""

    def __init__(self, tmp_path):
        base = os.environ.get("DATABASE_URL", "")
        self.admin_url = None
        if base.startswith(("postgres://", "postgresql://")):
            self.name = f"scratch_{uuid.uuid4().hex[:12]}"
            self.admin_url = base
            self._execute(f'CREATE DATABASE "{self.name}"')
            self.url = urllib.parse.urlunsplit(
                urllib.parse.urlsplit(base)._replace(path="/" + self.name)
            )
        else:
            self.url = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"

    def _execute(self, sql):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def drop(self):
        if self.admin_url:
            self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Archive:
    """A production-configured checkout in a scratch directory, driven through manage.py."""

    def __init__(self, tmp_path, n_sessions=200, index=True, fixtures=(), populate=True):
        tmp_path.mkdir(parents=True, exist_ok=True)
        self.tmp = tmp_path
        self.db = ScratchDatabase(tmp_path)
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "AXES_")) and k not in {"DATABASE_URL", "WHOOSH_PATH"}
        }
        self.env.update(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_TRUST_X_FORWARDED_PROTO="1",
            ARCHIVE_VAR_DIR=str(tmp_path / "var"),
            WHOOSH_PATH=str(tmp_path / "whoosh"),
            DATABASE_URL=self.db.url,
        )
        self.manage("migrate", "-v0")
        if not populate:
            return  # an empty archive, e.g. to restore a backup into
        fixture = tmp_path / "load.json"
        fixture.write_text(
            json.dumps(synthetic_fixture(n_sessions), ensure_ascii=False), encoding="utf-8"
        )
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("loaddata", str(fixture), *map(str, fixtures), "-v0")
        self.manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.contrib.auth.models import Group, User;"
            f"u = User.objects.create_user('staff', password={STAFF_PASSWORD!r}, is_staff=True);"
            "u.groups.add(Group.objects.get(name='编辑'))",
        )
        self.has_search = has_route("/search/")
        self.has_index = "rebuild_index" in self.manage("help", "--commands").stdout.split()
        if self.has_index and index:
            self.manage("rebuild_index", "--noinput", "-v0", timeout=600)

    def manage(self, *args, timeout=300, check=True, preexec_fn=None):
        result = subprocess.run(
            [*MANAGE, *args],
            env=self.env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=preexec_fn,
        )
        if check:
            assert result.returncode == 0, f"manage.py {args}: {result.stderr[-3000:]}"
        return result

    def sessions(self):
        """Every session as the database holds it, read by a separate process."""
        out = self.manage("dumpdata", "plenums.session", "--natural-foreign", "--natural-primary")
        return {
            tuple(o["fields"]["committee"] + [o["fields"]["term"], o["fields"]["plenum"]]): o[
                "fields"
            ]
            for o in json.loads(out.stdout)
        }

    def close(self):
        self.db.drop()


class Gunicorn:
    """`gunicorn plenums.wsgi` on a free loopback port, as production runs it."""

    def __init__(self, archive, workers=2, threads=4, worker_class="gthread"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(archive.tmp / f"gunicorn-{self.port}.log", "w+")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                GUNICORN,
                "plenums.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                worker_class,
                "--threads",
                str(threads),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            env=archive.env,
            cwd=settings.BASE_DIR,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = get(self.base + "/robots.txt")
                if status == 200 and len(self.workers()) == workers:
                    break
            except OSError:
                pass
            assert self.proc.poll() is None, self.output()
            assert time.monotonic() < deadline, "gunicorn did not start in 60 s\n" + self.output()
            time.sleep(0.3)

    def workers(self):
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-5000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def get(url, headers=None, timeout=30):
    request = urllib.request.Request(url, headers={**PROXY_HEADERS, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class StaffClient:
    """A member of the 编辑 group editing sessions through the real admin, over HTTP."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)
        self.errors = []
        self.edits = 0

    def request(self, path, data=None):
        headers = {
            **PROXY_HEADERS,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            # As a browser on the https site sends them; CSRF checks both.
            "Origin": "https://" + self.base.split("://")[1],
            "Referer": "https://" + self.base.split("://")[1] + path,
        }
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as exc:
            response = exc
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return response.status, response.read().decode()

    def login(self):
        self.request("/admin/login/")
        status, _ = self.request(
            "/admin/login/?next=/admin/",
            {
                "username": "staff",
                "password": STAFF_PASSWORD,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        assert status == 302, f"staff login answered {status}"

    def edit_title(self, pk, title):
        path = f"/admin/plenums/session/{pk}/change/"
        status, page = self.request(path)
        if status != 200:
            self.errors.append(f"GET {path}: {status}")
            return False
        reader = FormReader("session_form")
        reader.feed(page)
        data = {}
        for name, value in reader.data:
            data.setdefault(name, []).append(value)
        data["title"] = [title]
        status, page = self.request(path, data)
        if status != 302:
            errors = re.findall(r'class="errorlist[^>]*>(.*?)</ul>', page, re.S)
            self.errors.append(f"POST {path}: {status} {errors[:2]}")
            return False
        self.edits += 1
        return True


def session_pks(base, limit=40):
    """Primary keys of sessions, read from the admin changelist the staff client sees."""
    client = StaffClient(base)
    client.login()
    status, page = client.request("/admin/plenums/session/")
    assert status == 200
    return sorted({int(pk) for pk in re.findall(r"/admin/plenums/session/(\d+)/change/", page)})[
        :limit
    ]


INDEX_STATE = (
    "import json; from haystack.query import SearchQuerySet; from plenums.models import Session;"
    "db = {str(s.pk): s.title for s in Session.objects.published()};"
    "index = {r.pk: r.title for r in SearchQuerySet().models(Session).all()[:1000000]};"
    "print(json.dumps({'db': db, 'index': index}, ensure_ascii=False))"
)


def index_state(archive):
    """(database titles, index titles) by session id, each read by a fresh process."""
    state = json.loads(archive.manage("shell", "--no-imports", "-c", INDEX_STATE).stdout)
    return state["db"], state["index"]
