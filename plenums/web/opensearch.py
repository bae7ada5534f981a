"""/opensearch.xml: the archive's search described for browsers (OpenSearch 1.1)."""

from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from plenums.web import links

CONTENT_TYPE = "application/opensearchdescription+xml; charset=utf-8"


@method_decorator(require_safe, name="dispatch")
class OpenSearchView(TemplateView):
    template_name = "plenums/opensearch.xml"
    content_type = CONTENT_TYPE

    def get_context_data(self, **kwargs):
        absolute = self.request.build_absolute_uri
        return {
            "search_url": absolute(links.path("search:search")),
            "self_url": absolute(self.request.path),
            "icon_url": absolute(static("favicon.svg")),
        }
