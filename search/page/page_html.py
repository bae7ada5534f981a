"""The search page's per-item lists (facets, the trend's bars and table) rendered in Python.

Why not template loops: with a few hundred committees and twenty years these lists were most of
the page's rendering, each item a dozen variable lookups through the template engine. The
markup is exactly what the loops gave and the interface strings are their gettext msgids, so
the English catalogue still applies. Every value is escaped, as the template escaped it.
"""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from plenums.web.html_text import escaped


def percent(value, digits=0) -> str:
    """0.25 → 25% (``digits`` decimals); a share too small to show as one is "<1%"."""
    if value is None:
        return ""
    digits = int(digits)
    smallest = 10**-digits / 100
    if 0 < value < smallest / 2:
        return f"<{smallest * 100:.{digits}f}%"
    return f"{value * 100:.{digits}f}%"


def _count(f) -> str:
    return f' <span class="count">{escaped(f["count"])}</span></li>'


def facet_items(facets, lang: str = "", term: bool = False) -> SafeString:
    """``<li>`` per facet value: the active one in ``<strong>``, the others linking to the search
    narrowed to them; committees carry the reader's ``lang``, terms read 第N届."""
    lang_attribute = f' lang="{lang}"' if lang else ""
    html = []
    for f in facets:
        name = escaped(f["name"])
        if term:
            name = gettext("第%(t)s届") % {"t": name}
        if f["active"]:
            item = f"<li><strong{lang_attribute}>{name}</strong>"
        else:
            item = f'<li><a href="{escaped(f["url"])}"{lang_attribute}>{name}</a>'
        html.append(item + _count(f))
    return mark_safe("".join(html))


def trend_bars(chart, measure: str) -> SafeString:
    """The chart's bars: a link over each year with matches, its value and year labels."""
    html = []
    for bar in chart["bars"]:
        item = bar["item"]
        if item["sessions"]:
            label = ngettext(
                "%(year)s 年:%(n)s / %(total)s 次会议",
                "%(year)s 年:%(n)s / %(total)s 次会议",
                item["total"],
            ) % {"year": item["year"], "n": item["sessions"], "total": item["total"]}
            value = escaped(percent(item["share"])) if measure == "share" else item["sessions"]
            html.append(
                f'<a href="{escaped(item["url"])}" aria-label="{label}"><rect class="hit" '
                f'x="{bar["column_x"]}" y="0" width="{chart["column"]}" '
                f'height="{chart["height"]}"/>'
                f'<rect class="bar" x="{bar["x"]}" y="{bar["y"]}" width="{bar["width"]}" '
                f'height="{bar["height"]}"/></a>\n      <g aria-hidden="true"><text class="value" '
                f'x="{bar["middle"]}" y="{bar["value_y"]}" text-anchor="middle">{value}</text>'
            )
        else:
            html.append('\n      <g aria-hidden="true">')
        if bar["labelled"]:
            html.append(
                f'<text class="year" x="{bar["middle"]}" y="{chart["label"]}" '
                f'text-anchor="middle">{item["year"]}</text>'
            )
        html.append("</g>\n      ")
    return mark_safe("".join(html))


def trend_rows(rows) -> SafeString:
    """The trend table's body rows: year (a link when it has matches), matches, total, share."""
    html = []
    for row in rows:
        year = row["year"]
        if row["sessions"]:
            year = f'<a href="{escaped(row["url"])}">{year}</a>'
        share = escaped(percent(row["share"], 1)) if row["share"] is not None else "—"
        html.append(
            f'<tr><th scope="row">{year}</th><td>{row["sessions"]}</td><td>{row["total"]}</td>'
            f"<td>{share}</td></tr>"
        )
    return mark_safe("".join(html))
