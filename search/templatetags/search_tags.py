"""Template filters and tags for the search page: shares as percentages, its long lists."""

from django import template

from search.page import page_html

register = template.Library()


@register.filter
def percent(value, digits=0) -> str:
    return page_html.percent(value, digits)


@register.simple_tag(takes_context=True)
def facet_items(context, facets, kind):
    """A facet's ``<li>`` items (search.page.page_html); committees carry the reader's ``lang``."""
    if kind == "committee":
        return page_html.facet_items(facets, lang=context["script_lang"])
    return page_html.facet_items(facets, term=kind == "term")


@register.simple_tag
def trend_bars(chart, measure):
    return page_html.trend_bars(chart, measure)


@register.simple_tag
def trend_rows(rows):
    return page_html.trend_rows(rows)
