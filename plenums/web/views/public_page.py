"""The mixin that gives each public page its ``?format=json`` twin and names bad parameters."""

from django.http import HttpResponseBadRequest
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from plenums.records import shapes
from plenums.web.inert_json import json_response


class FormatError(ValueError):
    """A bad query parameter: answered with 400, naming the parameter and the reason."""


@method_decorator(require_safe, name="dispatch")
class JsonTwinMixin:
    """A public page (GET/HEAD only) whose ``?format=json`` twin is ``get_json(context)``.

    A bad ``format`` (one not in ``formats``) or ``page`` parameter is a 400 that says what was
    wrong.
    """

    # The ``format`` values the page answers (a session page adds the reference formats).
    formats = ("html", "json")

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except FormatError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    def output_format(self) -> str:
        fmt = self.request.GET.get("format", "html")
        if fmt not in self.formats:
            expected = ", ".join(map(repr, self.formats[:-1])) + f" or {self.formats[-1]!r}"
            raise FormatError(f"format: expected {expected}, got {fmt!r}")
        return fmt

    def wants_json(self) -> bool:
        return self.output_format() == "json"

    def get_json(self, context):
        raise NotImplementedError

    def render_to_response(self, context, **kwargs):
        if self.wants_json():
            return json_response(self.get_json(context), indent=1)
        return super().render_to_response(context, **kwargs)

    def absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url)

    def brief(self, session) -> dict:
        return shapes.session_brief(session, self.absolute(session.get_absolute_url()))

    def committee_json(self, committee) -> dict:
        return {
            "name": committee.name,
            "slug": committee.slug,
            "region": committee.region,
            "parent_region": committee.parent_region,
            "url": self.absolute(committee.get_absolute_url()),
        }
