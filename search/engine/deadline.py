"""A search's time limit: the one check that every evaluation loop makes."""

import time


class TimedOut(Exception):
    """The evaluation passed its deadline."""


def check_deadline(deadline: float | None) -> None:
    """Raise ``TimedOut`` once ``time.monotonic()`` passes ``deadline`` (None: no limit)."""
    if deadline is not None and time.monotonic() > deadline:
        raise TimedOut
