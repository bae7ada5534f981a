"""Template tags for the session page's long lists, rendered in Python by web.session_html."""

from django import template

from plenums.web import session_html

register = template.Library()


@register.simple_tag(takes_context=True)
def session_paragraphs(context, items):
    return session_html.paragraphs(items, context["script_lang"], context["html_lang"])


@register.simple_tag(takes_context=True)
def session_speakers(context, appearances):
    return session_html.speakers(appearances, context["script_lang"], context["html_lang"])


@register.simple_tag(takes_context=True)
def session_documents(context, documents):
    return session_html.documents(documents, context["script_lang"], context["html_lang"])


@register.simple_tag(takes_context=True)
def session_phrase_chips(context, occurrences):
    return session_html.phrase_chips(occurrences, context["script_lang"])


@register.simple_tag(takes_context=True)
def session_phrase_links(context, phrases):
    return session_html.phrase_links(phrases, context["script_lang"])


@register.simple_tag(takes_context=True)
def session_phrases_kept(context, kept):
    return session_html.phrases_kept(kept, context["script_lang"])


@register.simple_tag(takes_context=True)
def session_warnings(context, warnings):
    return session_html.warnings(warnings, context["script_lang"])


@register.simple_tag(takes_context=True)
def doubt_marker(context, codes):
    return session_html.doubt_marker(codes, context["html_lang"])
