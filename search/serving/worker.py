"""gunicorn's threaded worker with searches in a thread pool of their own, so pages never queue
behind them.

A gthread worker hands every request that arrives to one first-come, first-served pool of threads.
Under a flood of searches that queue fills with them, and a session page arriving behind sixteen
searches waits for all sixteen. Here the request line is peeked at (without reading it) as the
request is handed over: searches go to a pool of ``SEARCH_MAX_CONCURRENT`` threads, everything else
to gunicorn's own pool. A search that has waited in that pool's queue longer than
``SEARCH_QUEUE_WAIT`` is answered with 503 at once (``search.serving.limits.arrived``), so a
backlog is shed in a millisecond a search rather than served late. gunicorn 27's ``enqueue_req`` and
``init_process`` are its extension points for this. TLS and HTTP/2 connections go to gunicorn's
pool as before; a new connection whose request has not arrived waits on the poller until it has.
"""

import selectors
import socket
import time
from concurrent import futures
from functools import partial

from gunicorn.workers.gthread import ThreadWorker

from search.serving import limits

SEARCH_PATH = b"/search/"
_PEEK = 64


def peek(conn) -> bytes | None:
    """The first bytes waiting on the connection, left unread: None when none have arrived yet,
    empty when the client closed it."""
    try:
        return conn.sock.recv(_PEEK, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except BlockingIOError:
        return None
    except OSError:  # the client went away: gunicorn's pool cleans up
        return b""


def is_search(head: bytes) -> bool:
    """Whether a request starting with these bytes is a search (``GET /search/?…``)."""
    method, _, rest = head.partition(b" ")
    return method in (b"GET", b"HEAD") and rest.startswith(SEARCH_PATH + b"?")


class SearchAsideWorker(ThreadWorker):
    def init_process(self):
        self.search_pool = futures.ThreadPoolExecutor(
            max_workers=limits.max_concurrent(), thread_name_prefix="search"
        )
        super().init_process()

    def enqueue_req(self, conn):
        if self.cfg.is_ssl or conn.is_http2:
            super().enqueue_req(conn)
            return
        head = peek(conn)
        if head is None and not conn.initialized and not conn.data_ready:
            # A connection just accepted whose request has not arrived: wait for it on the
            # poller, as gunicorn does with a slow client, and decide once it is there.
            conn.timeout = time.monotonic() + self.cfg.keepalive
            self.pending_conns.append(conn)
            self.poller.register(
                conn.sock,
                selectors.EVENT_READ,
                partial(self.on_pending_socket_readable, conn),
            )
            return
        if not head or not is_search(head):
            super().enqueue_req(conn)
            return
        future = self.search_pool.submit(self._handle_search, conn, time.monotonic())
        future.add_done_callback(
            lambda done: self.method_queue.defer(self.finish_request, conn, done)
        )

    def _handle_search(self, conn, arrived: float):
        with limits.arrived(arrived):
            return self.handle(conn)

    def run(self):
        try:
            super().run()
        finally:
            self.search_pool.shutdown(wait=False)

    def handle_quit(self, sig, frame):
        self.search_pool.shutdown(wait=False)
        super().handle_quit(sig, frame)
