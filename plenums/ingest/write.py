"""Write a file atomically: a temporary file beside it, then a rename, so no reader sees half."""

import os
import tempfile


def write_atomic(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8); on any error the old file is left as it was."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise OSError(f"{path}: output directory {directory} does not exist")
    try:
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=directory)
    try:
        # mkstemp creates the file private; the result keeps the mode a plain write would give.
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
