"""Point haystack's default connection at a scratch index, for tests and one-off tools."""

from contextlib import contextmanager


@contextmanager
def index_at(path, **options):
    """Use a Whoosh index under ``path`` (and these connection options, e.g.
    ``INCLUDE_SPELLING=True``) for the duration of the block (this thread)."""
    from haystack import connections

    info = connections.connections_info["default"]
    saved = dict(info)
    info["PATH"] = str(path)
    info.update(options)
    connections.reload("default")
    try:
        yield connections["default"].get_backend()
    finally:
        info.clear()
        info.update(saved)
        connections.reload("default")
