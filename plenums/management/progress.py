"""Show a long batch's progress on a terminal (`\r12/340 files`), and nothing when piped."""


class TerminalProgress:
    """A parse progress callback writing to a command's ``stdout`` only when it is a terminal."""

    def __init__(self, stream):
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if self.enabled:
            self.stream.write(f"\r{done}/{total} files", ending="")
            self.stream.flush()
            self.shown = True

    def finish(self) -> None:
        """End the progress line so what follows starts on a line of its own."""
        if self.shown:
            self.stream.write("")
            self.shown = False
