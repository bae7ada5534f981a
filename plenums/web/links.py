"""Reversed URLs remembered: a session page links dozens of people and phrases, each a reverse()."""

from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# URLs remembered per process, the most recently used (~300 bytes each): enough for every key
# phrase and committee, which most pages link, and the people of the pages read lately.
REMEMBERED = 4096


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


def paths():
    """``path`` for the many links of one page: what the key holds besides the arguments is
    read once, not per link."""
    key = (get_resolver(get_urlconf()), get_script_prefix(), get_language())

    def path_of(viewname: str, *args) -> str:
        return _reversed(*key, viewname, args)

    return path_of
