"""Admin imports staged on disk between preview and save: a folder per user, quota, expiry."""

import dataclasses
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from plenums.ingest.records import Origin

MiB = 1024 * 1024
# More than one full import (10 articles of 2 MiB) fits, two do not.
QUOTA_BYTES = 25 * MiB
# Imports one staff member may have waiting at once (open previews, abandoned tries).
QUOTA_IMPORTS = 5
# A staged import not saved by then is gone: refused when read, removed by the command.
LIFETIME_HOURS = 24

MANIFEST = "manifest.json"
# secrets.token_urlsafe(16): 22 URL-safe characters, so never a path ("..", "/") on disk.
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
# Being written (renamed to its token when whole) or being removed: never read.
UNFINISHED = (".tmp-", ".trash-")


class Gone(Exception):
    """No such staged import for this user: saved, discarded, expired, damaged or never."""


@dataclass(frozen=True)
class Staged:
    token: str
    names: tuple[str, ...]
    size: int
    staged_at: float  # seconds since the epoch

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.staged_at, tz=UTC)


class QuotaExceeded(Exception):
    """Staging these articles would put the user over ``QUOTA_IMPORTS`` or ``QUOTA_BYTES``."""

    def __init__(self, held: list[Staged], adding: int):
        super().__init__(f"{len(held)} imports of {sum(s.size for s in held)} bytes held")
        self.held = held
        self.held_bytes = sum(s.size for s in held)
        self.adding = adding


@dataclass
class Sweep:
    removed: int = 0
    removed_bytes: int = 0
    kept: int = 0
    kept_bytes: int = 0


def _root() -> Path:
    return Path(settings.IMPORT_STAGING_DIR)


def _folder(user_id: int) -> Path:
    return _root() / str(int(user_id))


def _cutoff(hours: float = LIFETIME_HOURS) -> float:
    return time.time() - hours * 3600


@contextmanager
def _locked(folder: Path):
    """One writer per user folder: the quota is checked and filled, or swept, in one turn."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _manifest(path: Path) -> tuple[list[dict], float]:
    """The files a staged import lists and when it was staged; OSError or ValueError if none."""
    manifest = path / MANIFEST
    staged_at = manifest.stat().st_mtime
    files = json.loads(manifest.read_bytes())["files"]
    if not isinstance(files, list):
        raise ValueError(f"{manifest}: no list of files")
    return files, staged_at


def _remove(path: Path) -> int:
    """Remove a staged folder, renamed aside first so that no reader sees it half gone."""
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    aside = path.with_name(f".trash-{path.name}-{secrets.token_hex(4)}")
    os.rename(path, aside)
    shutil.rmtree(aside, ignore_errors=True)
    return size


def _sweep(folder: Path, cutoff: float, sweep: Sweep) -> None:
    """Remove the folder's imports staged before ``cutoff``; called with the folder locked."""
    for entry in folder.iterdir():
        if not entry.is_dir() or entry.is_symlink():
            continue
        if entry.name.startswith(UNFINISHED):
            # Locked, nobody is writing: a crash left it (or a removal stopped half-way).
            shutil.rmtree(entry, ignore_errors=True)
            continue
        try:
            _files, staged_at = _manifest(entry)
        except (OSError, ValueError, KeyError, TypeError):
            staged_at = 0.0  # damaged: nothing can be read from it, it goes
        if staged_at < cutoff:
            sweep.removed += 1
            sweep.removed_bytes += _remove(entry)
        else:
            sweep.kept += 1
            sweep.kept_bytes += sum(p.stat().st_size for p in entry.iterdir() if p.is_file())


def pending(user_id: int) -> list[Staged]:
    """The user's staged imports still within their lifetime, oldest first."""
    folder = _folder(user_id)
    if not folder.is_dir():
        return []
    cutoff = _cutoff()
    found = []
    for entry in folder.iterdir():
        if not TOKEN.fullmatch(entry.name) or not entry.is_dir():
            continue
        try:
            files, staged_at = _manifest(entry)
            if staged_at >= cutoff:
                names = tuple(str(f["name"]) for f in files)
                found.append(
                    Staged(entry.name, names, sum(int(f["size"]) for f in files), staged_at)
                )
        except (OSError, ValueError, KeyError, TypeError):
            continue  # removed meanwhile, or damaged: read() refuses it too
    return sorted(found, key=lambda s: s.staged_at)


def stage(user_id: int, articles: list[tuple[str, bytes]], origins: dict | None = None) -> str:
    """Keep ``articles`` (name, bytes) for the user until saved; returns the token naming them.
    ``origins`` maps an article's position to where it was fetched (a ``records.Origin``).

    They are written into a fresh hidden folder, then renamed to the token: a reader sees all of
    them or nothing. Raises QuotaExceeded, writing nothing, when they do not fit."""
    origins = origins or {}
    folder = _folder(user_id)
    adding = sum(len(data) for _name, data in articles)
    with _locked(folder):
        _sweep(folder, _cutoff(), Sweep())  # the user's expired imports count no more
        held = pending(user_id)
        if len(held) >= QUOTA_IMPORTS or sum(s.size for s in held) + adding > QUOTA_BYTES:
            raise QuotaExceeded(held, adding)
        token = secrets.token_urlsafe(16)
        unfinished = Path(tempfile.mkdtemp(prefix=UNFINISHED[0], dir=folder))
        try:
            files = []
            for index, (name, data) in enumerate(articles):
                _write(unfinished / str(index), data)
                digest = hashlib.sha256(data).hexdigest()
                about = {"name": name, "size": len(data), "sha256": digest}
                if index in origins:
                    about["origin"] = dataclasses.asdict(origins[index])
                files.append(about)
            # Written last: its time is when the import was staged.
            _write(unfinished / MANIFEST, json.dumps({"files": files}).encode())
            os.rename(unfinished, folder / token)
            _fsync_dir(folder)
        except BaseException:
            shutil.rmtree(unfinished, ignore_errors=True)
            raise
    return token


def read(user_id: int, token: str) -> list[tuple[str, bytes]]:
    """The user's staged articles under ``token``, each checked against its size and SHA-256."""
    if not TOKEN.fullmatch(token):
        raise Gone(token)
    path = _folder(user_id) / token
    try:
        files, staged_at = _manifest(path)
        if staged_at < _cutoff():
            raise Gone(token)
        articles = []
        for index, about in enumerate(files):
            data = (path / str(index)).read_bytes()
            if len(data) != about["size"] or hashlib.sha256(data).hexdigest() != about["sha256"]:
                raise Gone(token)
            articles.append((str(about["name"]), data))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise Gone(token) from error
    return articles


def read_origins(user_id: int, token: str) -> list[Origin | None]:
    """Where each staged article under ``token`` was fetched, None for an uploaded one."""
    if not TOKEN.fullmatch(token):
        raise Gone(token)
    try:
        files, _staged_at = _manifest(_folder(user_id) / token)
        return [Origin(**about["origin"]) if "origin" in about else None for about in files]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise Gone(token) from error


def discard(user_id: int, token: str) -> None:
    """Remove the user's staged import under ``token``, if it is still there."""
    if not TOKEN.fullmatch(token):
        return
    folder = _folder(user_id)
    if not (folder / token).is_dir():
        return
    with _locked(folder):
        try:
            _remove(folder / token)
        except FileNotFoundError:
            pass  # removed meanwhile


def sweep(hours: float = LIFETIME_HOURS) -> Sweep:
    """Remove every user's imports staged more than ``hours`` ago, and what crashes left."""
    result = Sweep()
    root = _root()
    if not root.is_dir():
        return result
    cutoff = _cutoff(hours)
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and not folder.is_symlink() and folder.name.isdigit():
            with _locked(folder):
                _sweep(folder, cutoff, result)
    return result
