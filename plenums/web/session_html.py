"""The per-item lists of a session's page (paragraphs, speakers, documents, phrases, changes,
warnings) rendered to HTML in Python.

Why not template loops: these lists were most of the page's cost, each item a dozen variable
lookups and filter calls through the template engine; ``format_html`` per item still cost a
third of that, so items are joined from f-strings, every value through
``plenums.web.html_text.escaped``. The markup is exactly what the
template's loops gave, and the interface strings are its gettext msgids, so the English
catalogue still applies. ``script_lang`` and ``html_lang`` are the fixed, safe tags of
``plenums.web.context_processors.reader``.
"""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from plenums.templatetags.plenums_tags import doubt_reasons, warning_label
from plenums.web import links
from plenums.web.html_text import escaped

_LIST_SEPARATOR = "、"


def paragraphs(items, script_lang, html_lang) -> SafeString:
    """Each paragraph as ``<p id="pN">`` with its pilcrow link; warning excerpts and search hits
    (``search.page.marks``: segments already escaped and marked safe) inside."""
    # blocktranslate's msgid; the number is its only variable and the result is not escaped.
    label = gettext("第 %(n)s 段的链接")
    html = []
    for p in items:
        n = p["n"]
        flagged = ' class="flagged"' if p["warnings"] else ""
        html.append(
            f'\n    <p id="p{n}"{flagged} lang="{script_lang}"><a class="pilcrow" '
            f'lang="{html_lang}" href="#p{n}" aria-label="{label % {"n": n}}">{n}</a>'
        )
        for text, kind in p["segments"]:
            if kind:
                html.append(
                    f'<mark class="flag" title="{escaped(warning_label(kind))}" '
                    f'lang="{html_lang}"><span lang="{script_lang}">{escaped(text)}</span></mark>'
                )
            else:
                html.append(escaped(text))
        html.append("</p>\n    ")
    return mark_safe("".join(html))


def doubt_marker(codes, html_lang) -> SafeString:
    """A doubted fact's small marker: a ? whose accessible name (and tooltip) gives the
    parser's reasons in words; '' for a fact nobody doubts."""
    if not codes:
        return mark_safe("")
    reasons = escaped(doubt_reasons(codes))
    return mark_safe(
        f' <span class="doubt" role="img" lang="{html_lang}" aria-label="{reasons}" '
        f'title="{reasons}">?</span>'
    )


def _source_label(n: str) -> str:
    return gettext("出处:第 %(n)s 段") % {"n": n}


def speakers(appearances, script_lang, html_lang) -> SafeString:
    """``<li>`` per appearance (person's name, their committee's slug, roles, actions, the
    name's sentence, each role's sentence, the parser's doubts): the person's link and a link
    to where the name was read, then roles, each linked to where it was read, and actions."""
    path = links.paths()
    html = []
    for name, committee, roles, actions, href, role_hrefs, doubt in appearances:
        url = escaped(path("plenums:person", name, committee))
        html.append(f'<li><a href="{url}" lang="{script_lang}">{escaped(name)}</a>')
        if href:
            n = escaped(href.rsplit("#p", 1)[-1])
            html.append(
                f' <a class="source-link" href="{escaped(href)}" lang="{html_lang}" '
                f'aria-label="{escaped(_source_label(n))}">¶{n}</a>'
            )
        html.append(doubt_marker(doubt, html_lang))
        if roles:
            hrefs = list(role_hrefs or []) + [""] * len(roles)
            html.append(
                f' <span class="role" lang="{script_lang}">'
                + _LIST_SEPARATOR.join(
                    _linked(role, h) for role, h in zip(roles, hrefs, strict=False)
                )
                + "</span>"
            )
        if actions:
            html.append(
                f' <span class="actions" lang="{script_lang}">'
                f"{escaped(_LIST_SEPARATOR.join(actions))}</span>"
            )
        html.append("</li>")
    return mark_safe("".join(html))


def _linked(text: str, href: str) -> str:
    return f'<a href="{escaped(href)}">{escaped(text)}</a>' if href else escaped(text)


def documents(items, script_lang, html_lang) -> SafeString:
    """``<li>`` per document, from (action, title, the title's sentence, the parser's doubts):
    the title linked to where it was read."""
    return mark_safe(
        "".join(
            f'<li lang="{script_lang}">{escaped(action)}《{_linked(title, href)}》'
            f"{doubt_marker(doubt, html_lang)}</li>"
            for action, title, href, doubt in items
        )
    )


def phrase_chips(occurrences, script_lang) -> SafeString:
    """A chip per key phrase of the session, from (phrase, count): its link and count."""
    phrase_url = _phrase_urls()
    return mark_safe(
        "".join(
            f'<li><a href="{phrase_url(phrase)}" lang="{script_lang}">{escaped(phrase)}</a> '
            f'<span class="count">×{count}</span></li>'
            for phrase, count in occurrences
        )
    )


def phrase_links(phrases, script_lang) -> SafeString:
    """Phrases named by their text, linked and separated by 、; 无 when there are none."""
    if not phrases:
        return mark_safe(gettext("无"))
    phrase_url = _phrase_urls()
    return mark_safe(
        _LIST_SEPARATOR.join(
            f'<a href="{phrase_url(p)}" lang="{script_lang}">{escaped(p)}</a>' for p in phrases
        )
    )


def phrases_kept(kept, script_lang) -> SafeString:
    """Phrases of both sessions, linked, with their counts before and now."""
    if not kept:
        return mark_safe(gettext("无"))
    phrase_url = _phrase_urls()
    return mark_safe(
        _LIST_SEPARATOR.join(
            f'<a href="{phrase_url(k["phrase"])}" lang="{script_lang}">{escaped(k["phrase"])}'
            f"</a> {k['before']}→{k['now']}"
            for k in kept
        )
    )


def _phrase_urls():
    path = links.paths()
    return lambda phrase: escaped(path("plenums:phrase", phrase))


def warnings(items, script_lang) -> SafeString:
    """The parser's warnings: label, the paragraph they point at, the excerpt."""
    html = []
    for w in items:
        kind = w.get("kind", "")
        html.append(f'<li><strong title="{escaped(kind)}">{escaped(warning_label(kind))}</strong>')
        if w.get("paragraph"):
            n = w["paragraph"]
            html.append(f' <a href="#p{escaped(n)}">{gettext("第 %(n)s 段") % {"n": n}}</a>')
        html.append(f': <q lang="{script_lang}">{escaped(w.get("excerpt", ""))}</q></li>')
    return mark_safe("".join(html))
