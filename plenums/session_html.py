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
    """``<li>`` per appearance: the person's link, then roles and actions when known."""
    return format_html_join(
        "",
        '<li><a href="{}" lang="{}">{}</a>{}{}</li>',
        (
            (
                a.person.get_absolute_url(),
                script_lang,
                a.person.name,
                format_html(' <span class="role" lang="{}">{}</span>', script_lang, a.roles_display)
                if a.roles
                else "",
                format_html(
                    ' <span class="actions" lang="{}">{}</span>',
                    script_lang,
                    _LIST_SEPARATOR.join(a.actions),
                )
                if a.actions
                else "",
            )
            for a in appearances
        ),
    )


def documents(items, script_lang) -> SafeString:
    return format_html_join(
        "", '<li lang="{}">{}《{}》</li>', ((script_lang, d.action, d.title) for d in items)
    )


def phrase_chips(occurrences, script_lang) -> SafeString:
    """A chip per key phrase of the session: its link and count."""
    return format_html_join(
        "",
        '<li><a href="{}" lang="{}">{}</a> <span class="count">×{}</span></li>',
        ((o.phrase.get_absolute_url(), script_lang, o.phrase.phrase, o.count) for o in occurrences),
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
