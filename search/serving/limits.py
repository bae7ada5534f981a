"""How many searches one worker process runs at once, and for how long: the rest are turned away.

Searching is CPU-bound Python: a second search in the same process only shares the first one's core
(the GIL) and makes both slower, while queued searches hold every thread a session page could use.
So each process runs at most ``SEARCH_MAX_CONCURRENT`` searches (default 1); a search arriving
while they are taken waits, asleep, for one until ``SEARCH_QUEUE_WAIT`` seconds (0.3) after its
arrival (its time queued in ``search.serving.worker``'s pool included), and is then answered with
503 and ``Retry-After``; a search that runs longer than ``SEARCH_TIME_LIMIT`` seconds is cut off
(``search.backend.whoosh_backend.SearchTimedOut``). The short wait is what keeps answered searches
flowing: turned away at once, a thread would spend the search's core answering a flood of instant
retries with 503s.
"""

import threading
import time
from contextlib import contextmanager

from django.conf import settings

DEFAULT_MAX_CONCURRENT = 1
DEFAULT_TIME_LIMIT = 5.0
DEFAULT_RETRY_AFTER = 1
DEFAULT_QUEUE_WAIT = 0.3

_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}
_arrival = threading.local()


class Busy(Exception):
    """Every search slot of this process is taken."""


def max_concurrent() -> int:
    value = getattr(settings, "SEARCH_MAX_CONCURRENT", DEFAULT_MAX_CONCURRENT)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"settings.SEARCH_MAX_CONCURRENT: need a whole number ≥ 1, got {value!r}")
    return value


def time_limit() -> float:
    value = getattr(settings, "SEARCH_TIME_LIMIT", DEFAULT_TIME_LIMIT)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"settings.SEARCH_TIME_LIMIT: need seconds > 0, got {value!r}")
    return float(value)


def queue_wait() -> float:
    value = getattr(settings, "SEARCH_QUEUE_WAIT", DEFAULT_QUEUE_WAIT)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"settings.SEARCH_QUEUE_WAIT: need seconds ≥ 0, got {value!r}")
    return float(value)


def retry_after() -> int:
    return int(getattr(settings, "SEARCH_RETRY_AFTER", DEFAULT_RETRY_AFTER))


def _semaphore() -> threading.BoundedSemaphore:
    size = max_concurrent()
    with _lock:
        # Keyed by size: a test that changes the setting gets slots of the new size.
        if size not in _slots:
            _slots[size] = threading.BoundedSemaphore(size)
        return _slots[size]


@contextmanager
def arrived(moment: float):
    """Within the block, this thread's search arrived at ``moment`` (``time.monotonic()``): the
    time it has already spent queued counts against its ``SEARCH_QUEUE_WAIT``."""
    _arrival.moment = moment
    try:
        yield
    finally:
        _arrival.moment = None


@contextmanager
def search_slot():
    """Hold one of this process's search slots for the block, or raise ``Busy`` when none came
    free within ``SEARCH_QUEUE_WAIT`` seconds of the search's arrival."""
    slots = _semaphore()
    wait = queue_wait()
    moment = getattr(_arrival, "moment", None)
    if moment is not None:
        queued = time.monotonic() - moment
        if queued > wait:
            raise Busy  # served now, it would be served late: a backlog is shed, not worked off
        wait -= queued
    if not (slots.acquire(timeout=wait) if wait else slots.acquire(blocking=False)):
        raise Busy
    try:
        yield
    finally:
        slots.release()
