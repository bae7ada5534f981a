"""A one-line progress report for long index builds: documents done, rate and time left."""

import time

# Redraw at most this often: a line per document would cost more than the document.
INTERVAL = 0.25


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


class TerminalProgress:
    """Called with (done, total) after each document; redraws one line on ``stream`` (a
    terminal) at most every ``INTERVAL`` seconds, and ends it with ``finish()``."""

    def __init__(self, stream, label: str, clock=time.monotonic):
        self.stream = stream
        self.label = label
        self.clock = clock
        self.started = clock()
        self.shown = None
        self.done = 0
        self.total = None

    def line(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.done / elapsed
        text = f"{self.label}: {self.done:,}"
        if self.total:
            text += f"/{self.total:,} documents ({self.done / self.total:.0%})"
        else:
            text += " documents"
        text += f", {rate:,.0f}/s"
        if self.total and rate > 0 and self.done < self.total:
            text += f", {_duration((self.total - self.done) / rate)} left"
        return text

    def __call__(self, done: int, total: int | None) -> None:
        self.done, self.total = done, total
        now = self.clock()
        if self.shown is None or now - self.shown >= INTERVAL:
            self.shown = now
            # \r and a clear to the end of the line: redraw in place.
            self.stream.write(f"\r{self.line()}\x1b[K")
            self.stream.flush()

    def finish(self) -> None:
        if self.shown is not None:
            self.stream.write(f"\r{self.line()}\x1b[K\n")
            self.stream.flush()
