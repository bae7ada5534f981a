"""Reversed URLs remembered: a session page links dozens of people and phrases, each a reverse()."""

from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Distinct URLs remembered per process (people, phrases, sessions, committees), ~200 bytes each.
REMEMBERED = 16_384


@lru_cache(maxsize=REMEMBERED)
def _reversed(resolver, prefix, language, viewname, args):
    return reverse(viewname, args=args)


def path(viewname: str, *args) -> str:
    """``reverse(viewname, args=args)``, remembered. The key holds everything reverse() reads
    besides its arguments: the URL resolver (a new one after the URL configuration changes),
    the script prefix and the language."""
    return _reversed(
        get_resolver(get_urlconf()), get_script_prefix(), get_language(), viewname, args
    )
