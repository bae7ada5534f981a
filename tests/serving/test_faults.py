"""Faults: a gunicorn worker killed mid-request, a full disk while indexing; nothing is lost."""

import errno
import http.client
import json
import os
import re
import resource
import signal
import socket
import subprocess
import threading
import time
import warnings
from pathlib import Path

import pytest

from tests.support.server import Archive, Gunicorn, StaffClient, get, index_state, session_pks

pytestmark = pytest.mark.load


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    arc = Archive(tmp_path_factory.mktemp("faults"), n_sessions=120)
    yield arc
    arc.close()


def socket_inode(server_port, client_port):
    """The inode of the server side of one loopback TCP connection, from /proc/net/tcp."""
    local = f"0100007F:{server_port:04X}"
    remote = f"0100007F:{client_port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local and fields[2] == remote:
            return fields[9]
    return None


def owner_of(inode, pids):
    """Which of the processes holds the socket with this inode open."""
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    return None


def test_worker_killed_mid_request_is_respawned_and_nothing_is_lost(archive):
    server = Gunicorn(archive, workers=2, threads=2)
    try:
        before = archive.sessions()
        pks = session_pks(server.base, limit=10)
        staff = StaffClient(server.base)
        staff.login()
        assert staff.edit_title(pks[0], "杀进程前的编辑")

        # Background readers and an editor keep both workers busy during the kill.
        stop = threading.Event()
        outcomes = {"ok": 0, "interrupted": 0, "bad": []}
        confirmed = {}
        # Edits tried since each session's last confirmed one: one cut short by the kill may
        # have been stored before its answer was lost, superseding the confirmed title.
        tried_since = {}

        def reader():
            while not stop.is_set():
                try:
                    status, _ = get(server.base + "/data/plenums.json", timeout=30)
                except (OSError, http.client.HTTPException):  # reset or cut short by the kill
                    outcomes["interrupted"] += 1
                    continue
                if status == 200:
                    outcomes["ok"] += 1
                else:
                    outcomes["bad"].append(status)

        def editor():
            n = 0
            while not stop.is_set():
                n += 1
                pk = pks[1 + n % (len(pks) - 1)]  # pks[0] keeps the edit made before
                title = f"杀进程期间的编辑{n}"
                tried_since.setdefault(pk, []).append(title)
                try:
                    if staff.edit_title(pk, title):
                        confirmed[pk] = title
                        tried_since[pk] = []
                except (OSError, http.client.HTTPException):
                    outcomes["interrupted"] += 1

        threads = [threading.Thread(target=reader) for _ in range(4)]
        threads.append(threading.Thread(target=editor))
        for t in threads:
            t.start()
        time.sleep(2)

        # A request the chosen worker is in the middle of reading when it dies.
        workers = server.workers()
        victim_conn = socket.create_connection(("127.0.0.1", server.port))
        victim_conn.sendall(b"GET /data/plenums.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        client_port = victim_conn.getsockname()[1]
        deadline = time.monotonic() + 10
        victim = None
        while victim is None and time.monotonic() < deadline:
            inode = socket_inode(server.port, client_port)
            victim = owner_of(inode, workers) if inode else None
            time.sleep(0.05)
        assert victim in workers, "no worker took the connection"
        os.kill(victim, signal.SIGKILL)
        victim_conn.settimeout(10)
        try:
            reply = victim_conn.recv(100)
        except ConnectionResetError:
            reply = b""
        victim_conn.close()
        assert reply == b"", "the killed worker's connection should have been cut"

        # The master replaces the worker.
        deadline = time.monotonic() + 30
        while True:
            now = server.workers()
            if len(now) == 2 and victim not in now:
                break
            assert time.monotonic() < deadline, f"no respawn: workers {now}"
            time.sleep(0.2)
        time.sleep(2)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        print(f"\nworker kill: {outcomes['ok']} reads ok, {outcomes['interrupted']} interrupted")
        assert outcomes["bad"] == []
        assert outcomes["interrupted"] <= 5  # at most what was in flight on the killed worker
        assert staff.errors == []

        # Later requests all succeed, on both the old and the new worker.
        statuses = [get(server.base + "/")[0] for _ in range(40)]
        statuses += [get(server.base + "/data/plenums.json")[0] for _ in range(10)]
        assert set(statuses) == {200}
        assert "杀进程前的编辑" in get(f"{server.base}/data/plenums.json")[1].decode()
        assert server.proc.poll() is None

        # Nothing lost: every session still there, every confirmed edit stored.
        after = archive.sessions()
        assert after.keys() == before.keys()
        titles = {f["title"] for f in after.values()}
        for pk, title in confirmed.items():
            # The confirmed edit, or a later one of the same session whose answer was cut off.
            assert title in titles or set(tried_since.get(pk, [])) & titles, (pk, title)
        for key, fields in before.items():
            assert after[key]["original_text"] == fields["original_text"]
            assert after[key]["sha256"] == fields["sha256"]
        if archive.db.admin_url is None:
            check = archive.manage(
                "shell",
                "--no-imports",
                "-c",
                "from django.db import connection; c = connection.cursor();"
                "print(c.execute('PRAGMA integrity_check').fetchone()[0])",
            )
            assert check.stdout.strip() == "ok"
    finally:
        server.stop()


# One editing session's batch of corrections, committed together while the disk is full.
EDIT_WHILE_FULL = (
    "import json; from django.db import transaction; from plenums.models import Session;"
    "edited = {};"
    "\nwith transaction.atomic():"
    "\n    for s in Session.objects.order_by('pk')[:15]:"
    "\n        s.title = s.title + '(磁盘满时的编辑)'; s.save(); edited[str(s.pk)] = s.title"
    "\nprint(json.dumps(edited, ensure_ascii=False))"
)


EDIT_BYPASSING_INDEX = EDIT_WHILE_FULL.replace(
    "s.save()", "Session.objects.filter(pk=s.pk).update(title=s.title)"
)


class SmallDisk:
    """A 64 MiB tmpfs for the index (as root); else a per-file size limit for the writer."""

    def __init__(self, path, mode="tmpfs"):
        self.path = path
        path.mkdir()
        self.tmpfs = False
        if mode == "tmpfs":
            mounted = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(path)],
                capture_output=True,
                text=True,
            )
            self.tmpfs = mounted.returncode == 0
        self.filler = path / "filler"
        print(f"\nfull disk simulated with {'a 64 MiB tmpfs' if self.tmpfs else 'RLIMIT_FSIZE'}")

    def fill(self):
        """Take every free byte (tmpfs only)."""
        if not self.tmpfs:
            return
        with open(self.filler, "wb", buffering=0) as handle:
            for size in (1 << 20, 4096, 1):
                try:
                    while True:
                        handle.write(b"\0" * size)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC

    def limit(self):
        """preexec_fn for the writing process: without tmpfs, files may not grow past 4 KiB."""
        if self.tmpfs:
            return None

        def apply():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

        return apply

    def free(self):
        self.filler.unlink(missing_ok=True)

    def close(self):
        if self.tmpfs:
            subprocess.run(["umount", str(self.path)], check=False)


@pytest.mark.parametrize("mode", ["tmpfs", "rlimit"])
def test_full_disk_during_index_update_loses_nothing_and_recovers(archive, tmp_path, mode):
    disk = SmallDisk(tmp_path / "disk", mode)
    saved_env = dict(archive.env)
    try:
        if mode == "tmpfs" and not disk.tmpfs:
            pytest.skip("*** cannot mount a tmpfs (needs root): only the RLIMIT_FSIZE variant ran")
        archive.env["WHOOSH_PATH"] = str(disk.path / "whoosh")
        archive.manage("rebuild_index", "--noinput", "-v0", timeout=600)
        db, index = index_state(archive)
        assert index == db and len(db) == 120
        before = archive.sessions()

        disk.fill()
        if disk.tmpfs:
            # Staff edits while the index cannot be written: the database keeps every one.
            started = time.monotonic()
            edit = archive.manage("shell", "--no-imports", "-c", EDIT_WHILE_FULL)
            print(f"15 edits on a full disk took {time.monotonic() - started:.1f} s")
            assert "search index not updated" in edit.stderr  # said loudly, not swallowed
        else:
            # A per-file limit would stop the database's own writes too, so these edits bypass
            # the index (QuerySet.update), leaving it stale as a failed index write would.
            edit = archive.manage("shell", "--no-imports", "-c", EDIT_BYPASSING_INDEX)
        edited = json.loads(edit.stdout.splitlines()[-1])
        assert len(edited) == 15
        # An explicit index update fails loudly too, with a non-zero exit.
        started = time.monotonic()
        update = archive.manage(
            "update_index", "-v0", "--max-retries=1", check=False, preexec_fn=disk.limit()
        )
        print(f"update_index on a full disk failed after {time.monotonic() - started:.1f} s")
        assert update.returncode != 0
        assert re.search(r"No space left on device|File too large", update.stderr), update.stderr

        # The database is intact and holds the edits; the index still answers (stale, not broken).
        after = archive.sessions()
        assert after.keys() == before.keys()
        db, index = index_state(archive)
        assert {pk: db[pk] for pk in edited} == edited
        assert len(index) == 120
        assert any(index[pk] != db[pk] for pk in edited)  # the failed writes really failed

        # Space returns: one update brings the index back in step with the database.
        disk.free()
        archive.manage("update_index", "-v0", timeout=600)
        db, index = index_state(archive)
        assert index == db
        archive.manage("rebuild_index", "--noinput", "-v0", timeout=600)
        db, index = index_state(archive)
        assert index == db
    finally:
        archive.env.clear()
        archive.env.update(saved_env)
        disk.close()


def test_full_disk_under_a_running_server_recovers_after_a_reload(archive, tmp_path):
    """Index writes from a gunicorn worker fail on a full disk; nothing edited is lost, and once
    space returns, reloading the workers (SIGHUP) and running update_index restore the index."""
    disk = SmallDisk(tmp_path / "disk")
    saved_env = dict(archive.env)
    server = None
    try:
        if not disk.tmpfs:
            pytest.skip("*** needs a tmpfs (root): space cannot return under RLIMIT_FSIZE")
        archive.env["WHOOSH_PATH"] = str(disk.path / "whoosh")
        archive.manage("rebuild_index", "--noinput", "-v0", timeout=600)
        server = Gunicorn(archive, workers=1, threads=2)
        pks = session_pks(server.base, limit=5)
        staff = StaffClient(server.base)
        staff.login()

        disk.fill()
        for i, pk in enumerate(pks[:3]):
            assert staff.edit_title(pk, f"磁盘满时经后台的编辑{i}")  # the editor is not failed
        db, index = index_state(archive)
        assert all(index[str(pk)] != db[str(pk)] for pk in pks[:3])  # the writes really failed
        disk.free()
        started = time.monotonic()
        assert staff.edit_title(pks[3], "空间恢复后的编辑")
        took = time.monotonic() - started
        db, index = index_state(archive)
        assert all(db[str(pk)].startswith("磁盘满时经后台的编辑") for pk in pks[:3])
        assert db[str(pks[3])] == "空间恢复后的编辑"
        new_indexed = index[str(pks[3])] == db[str(pks[3])]
        stale = [pk for pk in pks[:3] if index[str(pk)] != db[str(pk)]]
        print(
            f"\nafter space returned: next edit indexed {new_indexed} (took {took:.1f} s);"
            f" sessions whose index write failed still stale: {len(stale)} of 3"
        )
        if not new_indexed:
            warnings.warn(
                "a worker whose Whoosh commit failed for lack of space could not index again"
                " after space returned (Whoosh's write lock is not released when commit()"
                " raises in search/backend/writing.py _apply); reload the workers",
                stacklevel=1,
            )
        if stale:
            warnings.warn(
                "index writes that failed on a full disk are retried only by a later write in"
                " the same worker thread (search/signals.py keeps them thread-local); until then"
                " those sessions stay stale in search: run update_index",
                stacklevel=1,
            )

        # The recovery procedure: reload the workers, then bring the index up to date.
        old = server.workers()
        server.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while not (server.workers() and not set(server.workers()) & set(old)):
            assert time.monotonic() < deadline, "workers were not replaced after SIGHUP"
            time.sleep(0.3)
        archive.manage("update_index", "-v0", "--max-retries=1", timeout=600)
        db, index = index_state(archive)
        assert index == db
        assert staff.edit_title(pks[4], "重载后的编辑")
        db, index = index_state(archive)
        assert index == db and index[str(pks[4])] == "重载后的编辑"
    finally:
        if server:
            server.stop()
        archive.env.clear()
        archive.env.update(saved_env)
        disk.close()
