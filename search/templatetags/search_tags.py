"""Template filters for the search page: shares written as percentages."""

from django import template

register = template.Library()


@register.filter
def percent(value, digits=0) -> str:
    """0.25 → 25% (``digits`` decimals); a share too small to show as one is "<1%"."""
    if value is None:
        return ""
    digits = int(digits)
    smallest = 10**-digits / 100
    if 0 < value < smallest / 2:
        return f"<{smallest * 100:.{digits}f}%"
    return f"{value * 100:.{digits}f}%"
