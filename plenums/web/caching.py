"""Page cache and conditional GET keyed on the archive's last-change stamp, so no page goes stale.

Every public page is a pure function of (archive data, absolute URL, UI language, script cookie,
today's date — pages cite their access date — and the code).
The archive data is summarised by its stamp (``records.stamp``), bumped with every write. Each
request reads it once; cache keys and ETags contain its version, so an edit made anywhere is
seen by the very next request everywhere. Old entries are never read again and simply age out
of the cache.
"""

import hashlib
import os
from functools import lru_cache

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.translation import get_language_from_request

from plenums.records.stamp import current_stamp
from plenums.web.middleware import SCRIPT_COOKIE

# URL namespaces of pages rendered from the database alone. The admin is never cached, and
# neither is search: the index is updated after the database commits, so a search page cached
# under the new stamp could still show the old index.
CACHED_NAMESPACES = frozenset({"plenums"})
# Larger answers (the bulk downloads) still get ETags but are not stored in every worker.
MAX_CACHED_BYTES = 512 * 1024
CACHE_ALIAS = "pages" if "pages" in getattr(settings, "CACHES", {}) else "default"
# Entries can never be stale (the key holds the data version); the timeout only bounds memory.
CACHE_TIMEOUT = 24 * 3600
CACHE_HEADER = "X-Archive-Cache"
# A page marked for one reader's search (?hl=) or for one fact (?fact=) gets its own ETag but is
# never stored: one entry per query asked, or per key tried, would let them evict the plain pages
# everyone reads.
UNSTORED_PARAMS = frozenset({"hl", "fact"})


# A plain dict, not Django's cache keyed on the stamp: its LocMemCache pickles every value, which
# measured 1.6× slower for a trivial value and 23× for the search form's 3,000 committees.
_REMEMBERED: dict = {}
MAX_REMEMBERED = 256


def remembered(key, compute):
    """``compute()``, kept in this process until the archive changes (the stamp is read each
    call, so an edit through any process is seen at once); for what every request would
    otherwise recount, such as the search page's committees and its sessions per year."""
    full_key = (current_stamp(), key)
    value = _REMEMBERED.get(full_key)
    if value is None:
        value = compute()
        if len(_REMEMBERED) >= MAX_REMEMBERED:
            _REMEMBERED.clear()
        _REMEMBERED[full_key] = value
    return value


# --- The code's fingerprint --------------------------------------------------------------------


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the deployed code looks like: a deploy that changes any page invalidates every ETag.

    ``ARCHIVE_RELEASE`` (e.g. the commit id) wins; otherwise a digest of the Python sources,
    templates, translations and the static manifest, identical on every server with the same
    checkout.
    """
    explicit = os.environ.get("ARCHIVE_RELEASE", "").strip()
    if explicit:
        return explicit
    base = settings.BASE_DIR
    digest = hashlib.blake2b(digest_size=8)
    roots = [base / "plenums", base / "search", base / "templates", base / "locale"]
    files = []
    for root in roots:
        if root.is_dir():
            files.extend(
                p for p in root.rglob("*") if p.suffix in {".py", ".html", ".txt", ".mo", ".xml"}
            )
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if manifest.is_file():
        files.append(manifest)
    for path in sorted(files):
        digest.update(str(path.relative_to(path.anchor)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --- The middleware ----------------------------------------------------------------------------


def _neutral_cookies() -> frozenset[str]:
    # Cookies that cannot change a page beyond what the key already holds (language, script);
    # any other cookie (a staff session, flash messages) turns the cache off for that request.
    return frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, SCRIPT_COOKIE})


def _is_cached_page(request) -> bool:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return bool(CACHED_NAMESPACES.intersection(match.namespaces))


def _response_is_shareable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page that embeds a CSRF token is tied to one reader's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


class PageCacheMiddleware:
    """Serve public GET/HEAD pages from the cache and answer revalidation with 304.

    Place it right after WhiteNoise, before the session, locale and script middleware: a hit then
    skips all of them, and what is stored is the finished page in the reader's script.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[CACHE_ALIAS]
        self.neutral = _neutral_cookies()
        self.language_in_path = is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not self.neutral.issuperset(request.COOKIES)
            or not _is_cached_page(request)
        ):
            return self.get_response(request)
        # Read the stamp before the view reads any data: a version seen here was committed
        # together with its data, so this key can never hold data older than its version.
        version, changed_at = current_stamp()
        variant = "\n".join(
            (
                # Pages print absolute links (scheme and host) and cite today's access date.
                request.build_absolute_uri(),
                timezone.localdate().isoformat(),
                # The language LocaleMiddleware (further in) is going to activate.
                get_language_from_request(request, check_path=self.language_in_path),
                request.COOKIES.get(SCRIPT_COOKIE, ""),
                code_fingerprint(),
            )
        )
        tag = hashlib.blake2b(variant.encode(), digest_size=12).hexdigest()
        # The change time joins the version so that a rolled-back bump, whose number the next
        # change reuses, can never name a different state of the data.
        state = f"{version}.{int(changed_at.timestamp() * 1e6) if changed_at else 0}"
        etag = f'W/"{state}-{tag}"'
        key = f"page:{state}:{tag}"

        if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
            return self._finish(HttpResponseNotModified(), etag, changed_at, "revalidated")
        cached = self.cache.get(key)
        if cached is not None:
            content, headers = cached
            # Content-Length stays the stored one; a HEAD answer must carry no body (RFC 9110).
            body = b"" if request.method == "HEAD" else content
            return self._finish(HttpResponse(body, headers=headers), etag, changed_at, "hit")

        response = self.get_response(request)
        if not _response_is_shareable(request, response):
            return response
        self._finish(response, etag, changed_at, "miss")
        if (
            request.method == "GET"
            and len(response.content) <= MAX_CACHED_BYTES
            and not UNSTORED_PARAMS.intersection(request.GET)
        ):
            headers = {k: v for k, v in response.items() if k != CACHE_HEADER}
            self.cache.set(key, (response.content, headers), CACHE_TIMEOUT)
        return response

    @staticmethod
    def _finish(response, etag, changed_at, outcome):
        response["ETag"] = etag
        if changed_at is not None:
            # Informational only: If-Modified-Since is never answered with 304, because an
            # edit within the same second as the previous fetch would then go unseen.
            response["Last-Modified"] = http_date(changed_at.timestamp())
        # Browsers and proxies may keep the page but must revalidate it on every use.
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response[CACHE_HEADER] = outcome
        return response
