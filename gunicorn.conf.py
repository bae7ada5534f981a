"""gunicorn settings for `make serve`: one worker per core, threads for I/O, app loaded before fork.

Sizing, measured on a 2-core machine: pages are CPU-bound Python (queries, template rendering,
OpenCC conversion of the finished page; a cached page costs ~0.5 ms, a rendered one ~12 ms), so
more processes than cores only add memory and context switches. Two threads per worker keep a
core busy while a request waits on the database or the search index; more only contend for the
GIL. At 10,000 sessions and 32 connections, 4 threads against 2 gave 10% more cached session
pages per second but twice the p99 of uncached pages and searches, and 12 MB more per worker
(each thread keeps its own index searcher, database connection and malloc arena). Every knob can
be overridden from the environment (GUNICORN_*) or the command line.

Memory: a worker maps ~130 MB (Django ~45, OpenCC's two dictionaries ~30, Whoosh ~10, jieba's
dictionary ~35, compiled by rjieba). Loaded in the master before forking, nearly all of it stays
shared: each worker adds ~25 MB of private memory, against ~120 MB when every worker loads its own
copy (GUNICORN_PRELOAD=0).
"""

import gc
import os

_cores = os.cpu_count() or 1

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", _cores))
# gthread, with searches in a thread pool of their own (search/serving/worker.py): pages never queue
# behind a flood of searches.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "search.serving.worker.SearchAsideWorker")
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# Idle keep-alive connections wait in the worker's poller, not in a thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 10
# Import Django, the URLconf, templates, OpenCC and jieba once in the master: the workers share
# those pages copy-on-write and start answering as soon as they are forked.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Let a proxy in front tell the real scheme; only trusted from loopback by default.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
wsgi_app = "plenums.wsgi:application"
# gunicorn's runtime control socket lives in $HOME and would clash between instances; `kill -HUP`
# and friends still work.
control_socket_disable = True


def _warm_up() -> list[str]:
    """Load in the master what the first request of every worker would otherwise load."""
    from django.db import connections
    from django.template import engines
    from django.urls import get_resolver

    loaded = []
    # Imports every view module, and with them OpenCC's converters and the search code.
    loaded.append(f"URLconf ({len(get_resolver().url_patterns)} routes)")
    compiled = 0
    for engine in engines.all():
        for directory in engine.template_dirs:
            for path in directory.rglob("*.html"):
                engine.get_template(str(path.relative_to(directory)))
                compiled += 1
    loaded.append(f"{compiled} templates")
    try:
        from search.analysis import words
    except ImportError:
        pass
    else:
        words("全会")  # loads jieba's dictionary
        loaded.append("jieba")
    from plenums.web.caching import code_fingerprint

    loaded.append(f"code fingerprint {code_fingerprint()}")
    # Nothing above should touch the database; if something did, the workers must not inherit
    # the master's connection.
    connections.close_all()
    return loaded


def when_ready(server):
    """Warm what requests would load lazily, then freeze it so the workers keep sharing it."""
    if not server.cfg.preload_app:
        return
    server.log.info("warmed up before fork: %s", ", ".join(_warm_up()))
    # Objects that survive to here live for the whole process; keeping the collector off them
    # stops it from writing to (and so un-sharing) their pages in every worker.
    gc.freeze()
