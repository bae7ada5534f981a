"""Show a long batch's progress on a terminal (`\r12/340 files`), and nothing when piped."""

import time

# A labelled line is redrawn at most this often: a line per document would cost more than it.
INTERVAL = 0.25


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


class TerminalProgress:
    """A progress callback, called with (done, total) after each item.

    Without a ``label`` it writes ``\\r12/340 files`` to a command's ``stdout`` (an
    ``OutputWrapper``), only when that is a terminal. With one (a long index build, on a stream
    the caller has found to be a terminal) it redraws ``label: done/total documents (n%),
    rate/s, time left`` at most every ``INTERVAL`` seconds."""

    def __init__(self, stream, label: str | None = None, clock=time.monotonic):
        self.stream = stream
        self.label = label
        self.clock = clock
        isatty = getattr(stream, "isatty", None)
        self.enabled = label is not None or bool(isatty and isatty())
        self.shown = False
        self.drawn_at = None
        self.started = clock()
        self.done = 0
        self.total = None

    def line(self) -> str:
        """The labelled line: documents done, rate and time left."""
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
        if not self.enabled:
            return
        self.done, self.total = done, total
        if self.label is None:
            self.stream.write(f"\r{done}/{total} files", ending="")
            self.stream.flush()
            self.shown = True
            return
        now = self.clock()
        if self.drawn_at is None or now - self.drawn_at >= INTERVAL:
            self.drawn_at = now
            self._draw("")

    def _draw(self, end: str) -> None:
        # \r and a clear to the end of the line: redraw in place.
        self.stream.write(f"\r{self.line()}\x1b[K{end}")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        """End the progress line so what follows starts on a line of its own."""
        if not self.shown:
            return
        if self.label is None:
            self.stream.write("")
        else:
            self._draw("\n")
        self.shown = False
