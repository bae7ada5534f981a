"""Template context for every page: the reader's script and links that switch script or language."""

from urllib.parse import quote

from django.utils.encoding import escape_uri_path
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from plenums import chinese
from plenums.web import links
from plenums.web.middleware import LANG_ATTRIBUTE, reader_script

NAV = {
    "home": "plenums:home",
    "committees": "plenums:committees",
    "people": "plenums:people",
    "phrases": "plenums:phrases",
    "data": "plenums:data",
    "feed": "plenums:feed",
    "search": "search:search",
    "opensearch": "plenums:opensearch",
}


def reader(request):
    script = getattr(request, "script", None) or reader_script(request)
    here = request.get_full_path()
    language = (get_language() or "zh-hans").lower()
    return {
        "script": script,
        # Fixed tags, rendered on every paragraph and list item: marked safe, never re-escaped.
        "script_lang": mark_safe(LANG_ATTRIBUTE[script]),
        "html_lang": mark_safe("en" if language == "en" else LANG_ATTRIBUTE[script]),
        "is_traditional": script == chinese.TRADITIONAL,
        "here": here,
        # Percent-encoded, so converting the page between scripts never rewrites a link.
        "json_twin_url": escape_uri_path(request.path) + "?format=json",
        "ui_english": language == "en",
        "hans_url": links.path("plenums:script", "hans") + "?next=" + quote(here, safe=""),
        "hant_url": links.path("plenums:script", "hant") + "?next=" + quote(here, safe=""),
        "zh_url": links.path("plenums:language", "zh-hans") + "?next=" + quote(here, safe=""),
        "en_url": links.path("plenums:language", "en") + "?next=" + quote(here, safe=""),
        # The fixed pages base.html links on every page, remembered rather than {% url %}-ed.
        "nav": {name: links.path(view) for name, view in NAV.items()},
    }
