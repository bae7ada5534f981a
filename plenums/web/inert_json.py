"""JSON as the site sends it: readable UTF-8, with <, > and & escaped so it stays inert."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

# Escaped as JSON's \u forms: the text parses to the same data, and a query or phrase echoed
# in a response cannot become markup even if a browser sniffs the body as HTML.
_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
CONTENT_TYPE = "application/json; charset=utf-8"


def dumps(data, indent: int | None = None) -> str:
    """``data`` as JSON text: Chinese as itself (UTF-8, not \\u escapes), <, > and & escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, cls=DjangoJSONEncoder)
    return text.translate(_ESCAPES)


def json_response(data, indent: int | None = None, **kwargs) -> HttpResponse:
    return HttpResponse(dumps(data, indent), content_type=CONTENT_TYPE, **kwargs)
