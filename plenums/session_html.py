"""The per-item lists of a session's page (paragraphs, speakers, documents, phrases, changes,
warnings) rendered to HTML in Python.

Why not template loops: these lists were most of the page's cost, each item a dozen variable
lookups and filter calls through the template engine. The markup is exactly what
``templates/plenums/session.html`` would give, and the interface strings are the template's own
gettext msgids, so the English catalogue still applies. ``lang`` values (``script_lang``,
``html_lang``) are the fixed tags of ``plenums.context_processors.reader``.
"""

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from plenums import links
from plenums.templatetags.plenums_tags import warning_label

_PARAGRAPH = (
    '\n    <p id="p{}"{} lang="{}"><a class="pilcrow" lang="{}" href="#p{}" aria-label="{}">{}</a>'
    "{}</p>\n    "
)
_FLAG = '<mark class="flag" title="{}" lang="{}"><span lang="{}">{}</span></mark>'
_FLAGGED = mark_safe(' class="flagged"')
_LIST_SEPARATOR = "、"


def paragraphs(items, script_lang, html_lang) -> SafeString:
    """Each paragraph as ``<p id="pN">`` with its pilcrow link; warning excerpts and search hits
    (``search.marks``: segments already escaped and marked safe) inside."""
    # The msgid is blocktranslate's: the number is its only variable, so nothing to escape.
    label = gettext("第 %(n)s 段的链接")

    def rows():
        for p in items:
            n = p["n"]
            yield (
                n,
                _FLAGGED if p["warnings"] else "",
                script_lang,
                html_lang,
                n,
                mark_safe(label % {"n": n}),
                n,
                _segments(p["segments"], script_lang, html_lang),
            )

    return format_html_join("", _PARAGRAPH, rows())


def _segments(segments, script_lang, html_lang) -> SafeString:
    parts = []
    for text, kind in segments:
        if kind:
            parts.append(format_html(_FLAG, warning_label(kind), html_lang, script_lang, text))
        else:
            parts.append(conditional_escape(text))
    return mark_safe("".join(parts))


def speakers(appearances, script_lang) -> SafeString:
    """``<li>`` per appearance (person's name, their committee's slug, roles, actions): the
    person's link, then roles and actions when known."""
    return format_html_join(
        "",
        '<li><a href="{}" lang="{}">{}</a>{}{}</li>',
        (
            (
                links.path("plenums:person", name, committee),
                script_lang,
                name,
                _tagged("role", script_lang, roles),
                _tagged("actions", script_lang, actions),
            )
            for name, committee, roles, actions in appearances
        ),
    )


def _tagged(css_class, script_lang, items) -> SafeString | str:
    if not items:
        return ""
    return format_html(
        ' <span class="{}" lang="{}">{}</span>', css_class, script_lang, _LIST_SEPARATOR.join(items)
    )


def documents(items, script_lang) -> SafeString:
    """``<li>`` per document, from (action, title)."""
    return format_html_join(
        "", '<li lang="{}">{}《{}》</li>', ((script_lang, action, title) for action, title in items)
    )


def phrase_chips(occurrences, script_lang) -> SafeString:
    """A chip per key phrase of the session, from (phrase, count): its link and count."""
    return format_html_join(
        "",
        '<li><a href="{}" lang="{}">{}</a> <span class="count">×{}</span></li>',
        (
            (links.path("plenums:phrase", phrase), script_lang, phrase, count)
            for phrase, count in occurrences
        ),
    )


def phrase_links(phrases, script_lang) -> SafeString:
    """Phrases named by their text, linked and separated by 、; 无 when there are none."""
    if not phrases:
        return mark_safe(gettext("无"))
    return format_html_join(
        _LIST_SEPARATOR,
        '<a href="{}" lang="{}">{}</a>',
        ((links.path("plenums:phrase", p), script_lang, p) for p in phrases),
    )


def phrases_kept(kept, script_lang) -> SafeString:
    """Phrases of both sessions, linked, with their counts before and now."""
    if not kept:
        return mark_safe(gettext("无"))
    return format_html_join(
        _LIST_SEPARATOR,
        '<a href="{}" lang="{}">{}</a> {}→{}',
        (
            (
                links.path("plenums:phrase", k["phrase"]),
                script_lang,
                k["phrase"],
                k["before"],
                k["now"],
            )
            for k in kept
        ),
    )


def warnings(items, script_lang) -> SafeString:
    """The parser's warnings: label, the paragraph they point at, the excerpt."""
    return format_html_join(
        "",
        '<li><strong title="{}">{}</strong>{}: <q lang="{}">{}</q></li>',
        (
            (
                w.get("kind", ""),
                warning_label(w.get("kind", "")),
                format_html(
                    ' <a href="#p{}">{}</a>',
                    w["paragraph"],
                    mark_safe(gettext("第 %(n)s 段") % {"n": w["paragraph"]}),
                )
                if w.get("paragraph")
                else "",
                script_lang,
                w.get("excerpt", ""),
            )
            for w in items
        ),
    )
