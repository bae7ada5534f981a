"""Point haystack's default connection at a scratch index, for tests and one-off tools."""

from contextlib import contextmanager


@contextmanager
def index_at(path):
    """Use a Whoosh index under ``path`` for the duration of the block (this thread)."""
    from haystack import connections

    info = connections.connections_info["default"]
    saved = dict(info)
    info["PATH"] = str(path)
    connections.reload("default")
    try:
        yield connections["default"].get_backend()
    finally:
        info.clear()
        info.update(saved)
        connections.reload("default")
