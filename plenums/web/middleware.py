"""Public-site middleware: read-only methods; HTML pages rendered in the reader's script."""

import re

from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from plenums import chinese

SCRIPT_COOKIE = "script"
SCRIPTS = {"hans": chinese.SIMPLIFIED, "hant": chinese.TRADITIONAL}
LANG_ATTRIBUTE = {chinese.SIMPLIFIED: "zh-Hans", chinese.TRADITIONAL: "zh-Hant"}
# URL namespaces of the public, read-only site; the staff admin is left alone.
PUBLIC_NAMESPACES = {"plenums", "search"}
SAFE_METHODS = ("GET", "HEAD")
# Inline elements marked translate="no" keep their script: the toggle's own labels (简体/繁體)
# and spellings quoted as printed. Non-nested by construction in our templates.
_FIXED = re.compile(r'(<(a|span|strong|q|bdi)\b[^>]*\btranslate="no"[^>]*>.*?</\2>)', re.DOTALL)


def reader_script(request) -> str:
    """The script the reader chose by cookie; without a choice, Traditional only for zh-Hant UIs."""
    chosen = SCRIPTS.get(request.COOKIES.get(SCRIPT_COOKIE, ""))
    if chosen:
        return chosen
    language = (get_language() or "").lower()
    if language in {"zh-hant", "zh-tw", "zh-hk"}:
        return chinese.TRADITIONAL
    return chinese.SIMPLIFIED


def verbatim(response):
    """Mark a response as verbatim text that must reach the reader unconverted."""
    response.verbatim = True
    return response


def _is_public(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        # Unmatched URLs are answered by the public 404 page.
        return True
    return bool(PUBLIC_NAMESPACES.intersection(match.namespaces))


class RejectNulMiddleware:
    """Answer 400 to a URL carrying a NUL character, on every path including the admin.

    No name, phrase, slug or parameter of the archive contains NUL, and PostgreSQL refuses it in
    text (a DataError, hence a 500) wherever it would reach a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return HttpResponseBadRequest("NUL characters are not allowed in URLs.")
        return self.get_response(request)


class ReadOnlyMiddleware:
    """Answer 405 to anything but GET/HEAD on public URLs, before CSRF or any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in SAFE_METHODS and _is_public(request):
            return HttpResponseNotAllowed(SAFE_METHODS)
        return None


class ScriptMiddleware:
    """Convert public HTML pages to the reader's script (``<html lang>`` comes from base.html).

    Converting the finished page (rather than each template variable) is what makes every string
    follow the toggle — UI, content and pages other apps render on the public site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        script = reader_script(request)
        request.script = script
        response = self.get_response(request)
        if not _is_public(request):
            return response
        patch_vary_headers(response, ["Cookie"])
        if (
            getattr(response, "verbatim", False)
            or response.streaming
            or response.has_header("Content-Encoding")
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        charset = response.charset or "utf-8"
        parts = _FIXED.split(response.content.decode(charset))
        # split() yields [text, fixed, tag name, text, fixed, tag name, ...].
        text = "".join(
            chinese.convert(part, script) if i % 3 == 0 else part
            for i, part in enumerate(parts)
            if i % 3 != 2
        )
        body = text.encode(charset)
        response.content = body
        # LocaleMiddleware would name the UI language only (zh-hans even for a Traditional page).
        english = (get_language() or "").lower() == "en"
        response["Content-Language"] = "en" if english else LANG_ATTRIBUTE[script]
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(body))
        return response
