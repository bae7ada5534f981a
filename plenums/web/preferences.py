"""The reader's script and interface language, each remembered in a cookie by one GET view."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_safe

from plenums.web.middleware import SCRIPT_COOKIE, SCRIPTS

ONE_YEAR = 365 * 24 * 3600


@method_decorator(require_safe, name="dispatch")
class PreferenceView(View):
    """Remember ``value`` in a cookie and go back to ``?next=`` (a local URL, else ``/``).

    A GET, as the public site accepts no POST; URLs never change with the preference.
    """

    def cookie_name(self) -> str:
        raise NotImplementedError

    def check(self, value: str) -> None:
        """Raise Http404 naming the parameter when ``value`` is not a choice."""
        raise NotImplementedError

    def get(self, request, value):
        self.check(value)
        response = HttpResponseRedirect(self.next_url())
        response.set_cookie(
            self.cookie_name(),
            value,
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
        # A redirect that sets a preference must never be served to someone else from a cache.
        add_never_cache_headers(response)
        return response

    def next_url(self) -> str:
        request = self.request
        target = request.GET.get("next", "/")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return "/"
        return target


class ScriptView(PreferenceView):
    """/script/<script>/: the script every public page is converted to."""

    def cookie_name(self) -> str:
        return SCRIPT_COOKIE

    def check(self, value: str) -> None:
        if value not in SCRIPTS:
            raise Http404(f"script: expected one of {', '.join(SCRIPTS)}, got {value!r}")


class LanguageView(PreferenceView):
    """/language/<language>/: GET twin of Django's set_language."""

    def cookie_name(self) -> str:
        return settings.LANGUAGE_COOKIE_NAME

    def check(self, value: str) -> None:
        if value not in dict(settings.LANGUAGES):
            raise Http404(f"language: expected one of {', '.join(dict(settings.LANGUAGES))}")
