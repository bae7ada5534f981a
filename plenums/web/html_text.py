"""Escaping for HTML built in Python (pages' long lists): what templates do, without their cost."""

from html import escape


def escaped(value) -> str:
    """Django's ``conditional_escape`` without its lazy-string checks: HTML already marked safe
    (search hits) is kept as it is; anything else is escaped as ``escape`` would."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))
