"""Fetch article pages by URL with httpx: robots.txt, a request a second a host, public hosts."""

import ipaddress
import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from protego import Protego

from plenums.ingest.decode import MAX_BYTES, media_type
from plenums.ingest.files import read_named_file
from plenums.ingest.records import ArticleError, Origin

# The name robots.txt rules address, and the User-Agent that names the archive to site owners.
ROBOTS_AGENT = "QuanhuiArchive"
USER_AGENT = f"{ROBOTS_AGENT}/0.1 (quanhui-archive: a read-only archive of county Party plenums)"
MAX_REDIRECTS = 5
TIMEOUT = 20.0  # seconds for the whole of one response, headers and body
INTERVAL = 1.0  # seconds between two requests to one host
HTML_TYPES = ("text/html", "application/xhtml+xml")
ALLOW_PRIVATE = "ARCHIVE_FETCH_ALLOW_PRIVATE"
_REDIRECTS = (301, 302, 303, 307, 308)

# When each host was last asked, shared by every fetcher of the process (the admin's
# requests run in threads), so that two imports at once still keep to one request a second.
_last_request: dict[str, float] = {}
_host_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


class FetchError(ArticleError):
    """A URL that gave no page; the message names the URL and what went wrong."""


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    data: bytes  # the body, verbatim
    charset: str  # the charset the Content-Type named, if any
    fetched_at: datetime

    @property
    def name(self) -> str:
        """The URL: how the page is named in messages."""
        return self.url

    def origin(self) -> Origin:
        return Origin(
            url=self.url,
            fetched_at=self.fetched_at.isoformat(timespec="seconds"),
            charset=self.charset,
        )


def private_allowed() -> bool:
    return os.environ.get(ALLOW_PRIVATE) == "1"


def _addresses(url: str, host: str, port: int) -> list[str]:
    """The addresses to connect to, once every address the host resolves to is checked to be
    public (or private ones allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"DNS: cannot resolve {host} ({exc})") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not private_allowed():
        for address in addresses:
            if not address.is_global:
                raise FetchError(
                    url,
                    f"refused: {host} is a private, loopback or reserved address ({address});"
                    f" only public hosts are fetched ({ALLOW_PRIVATE}=1 allows them)",
                )
    return list(dict.fromkeys(str(address) for address in addresses))


def _wait_turn(host: str, interval: float) -> None:
    with _locks_lock:
        lock = _host_locks.setdefault(host, threading.Lock())
    with lock:
        wait = _last_request.get(host, 0.0) + interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        _last_request[host] = time.monotonic()


class Fetcher:
    """One politeness and safety policy over an httpx client; use as a context manager."""

    def __init__(self, timeout: float = TIMEOUT, interval: float = INTERVAL):
        self.timeout = timeout
        self.interval = interval
        self.client = httpx.Client(
            follow_redirects=False,  # each hop is checked (address, robots.txt) and counted
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
            trust_env=False,  # no proxy from the environment sees or changes the requests
        )
        self.robots: dict[str, Protego | None] = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.client.close()

    def _send(self, url: str, limit: int) -> tuple[int, httpx.Headers, bytes, str]:
        """(status, headers, body, reason) of one GET of ``url``, connected to an address
        checked for it (so a name that resolves again elsewhere is not followed there);
        bodies over ``limit`` bytes raise FetchError."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http:// or https:// URL")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = _addresses(url, parts.hostname, port)
        _wait_turn(parts.netloc.lower(), self.interval)
        for tried, address in enumerate(addresses, 1):
            literal = f"[{address}]" if ":" in address else address
            pinned = urlunsplit(parts._replace(netloc=f"{literal}:{port}"))
            try:
                return self._get(url, pinned, parts, limit)
            except httpx.ConnectError as exc:
                if tried == len(addresses):
                    raise FetchError(url, f"connection failed: {exc}") from exc
        raise FetchError(url, "connection failed: no address")

    def _get(self, url, pinned, parts, limit) -> tuple[int, httpx.Headers, bytes, str]:
        deadline = time.monotonic() + self.timeout
        headers = {"Host": parts.netloc}
        try:
            with self.client.stream(
                "GET", pinned, headers=headers, extensions={"sni_hostname": parts.hostname}
            ) as response:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(
                        url,
                        f"too big: {int(declared):,} bytes, over the {limit:,}-byte (2 MiB) limit",
                    )
                body = bytearray()
                for chunk in response.iter_bytes():  # gzip undone: the page as served
                    body += chunk
                    if len(body) > limit:
                        raise FetchError(
                            url, f"too big: over the {limit:,}-byte (2 MiB) limit, not read on"
                        )
                    if time.monotonic() > deadline:
                        raise FetchError(url, f"timeout: no whole answer in {self.timeout:g} s")
                return response.status_code, response.headers, bytes(body), response.reason_phrase
        except httpx.ConnectError:
            raise
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timeout: no answer in {self.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"connection failed: {exc}") from exc

    def _allowed(self, url: str) -> None:
        """Refuse ``url`` when its site's robots.txt disallows it to the archive."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.robots:
            self.robots[site] = self._robots(url, site)
        rules = self.robots[site]
        if rules is not None and not rules.can_fetch(url, ROBOTS_AGENT):
            raise FetchError(url, f"robots.txt disallows it: {site}/robots.txt")

    def _robots(self, url: str, site: str) -> Protego | None:
        """The site's rules; None when it has none (robots.txt 4xx: everything allowed). An
        unreachable robots.txt (5xx, no answer) allows nothing, as RFC 9309 says."""
        target = f"{site}/robots.txt"
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                status, headers, body, _reason = self._send(target, 512 * 1024)
            except FetchError as exc:
                raise FetchError(url, f"robots.txt could not be read ({exc.reason})") from exc
            if status in _REDIRECTS and headers.get("Location"):
                target = urljoin(target, headers["Location"])
                continue
            if 400 <= status < 500:
                return None
            if status >= 500 or status != 200:
                raise FetchError(url, f"robots.txt could not be read (HTTP {status})")
            return Protego.parse(body.decode("utf-8", "replace"))
        raise FetchError(url, "robots.txt could not be read (too many redirects)")

    def fetch(self, url: str) -> Fetched:
        """The page at ``url``, or FetchError naming what failed: DNS, a private address,
        robots.txt, a timeout, an HTTP error, too many redirects, too big, not HTML."""
        url = url.strip()
        seen = [url]
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            self._allowed(current)
            status, headers, body, reason = self._send(current, MAX_BYTES)
            if status in _REDIRECTS and headers.get("Location"):
                following = urljoin(current, headers["Location"])
                if following in seen:
                    raise FetchError(url, f"redirect loop: {current} leads back to {following}")
                seen.append(following)
                current = following
                continue
            if status >= 400:
                raise FetchError(url, f"HTTP {status} {reason}".strip())
            if status != 200:
                raise FetchError(url, f"HTTP {status} {reason}: not a page".strip())
            kind, charset = media_type(headers.get("Content-Type", ""))
            if kind not in HTML_TYPES:
                raise FetchError(url, f"not HTML: the server says {kind or 'no Content-Type'}")
            return Fetched(current, body, charset, datetime.now(UTC))
        raise FetchError(url, f"too many redirects (more than {MAX_REDIRECTS})")


def fetch_all(urls, fetcher: Fetcher | None = None) -> tuple[list[Fetched], list[FetchError]]:
    """Every URL fetched in turn: the pages, and the failures with their reasons."""
    pages, failed = [], []
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        for url in dict.fromkeys(urls):  # a URL given twice is fetched once
            try:
                pages.append(fetcher.fetch(url))
            except FetchError as error:
                failed.append(error)
    finally:
        if own:
            fetcher.client.close()
    return pages, failed


def read_url_file(path: str) -> list[str]:
    """The URLs of a file, one a line; blank lines and ``#`` comments are skipped."""
    text = read_named_file(path).decode("utf-8-sig")
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]
