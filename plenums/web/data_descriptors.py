"""The bulk downloads described for machines: /data/datapackage.json and /data/schema/*.json."""

import json
from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_safe

from plenums.web import inert_json

# The descriptors as written by hand: the data package (Table Schema of plenums.csv) and the
# JSON Schemas of a session record and of plenums.json.
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
SCHEMA_CONTENT_TYPE = "application/schema+json; charset=utf-8"


@cache
def descriptor(name: str) -> dict:
    """``plenums/schemas/<name>.json``, read once per process."""
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


@method_decorator(require_safe, name="dispatch")
class DataPackageView(View):
    """/data/datapackage.json: a Frictionless Data Package whose paths are relative to it."""

    def get(self, request):
        return inert_json.json_response(descriptor("datapackage"), indent=1)


@method_decorator(require_safe, name="dispatch")
class JsonSchemaView(View):
    """/data/schema/<name>.json, with its own address as ``$id`` so that the relative ``$ref``
    from plenums.json to session.json resolves wherever the archive is served."""

    name = ""

    def get(self, request):
        schema = descriptor(self.name)
        body = {
            "$schema": schema["$schema"],
            "$id": request.build_absolute_uri(request.path),
            **schema,
        }
        return HttpResponse(inert_json.dumps(body, indent=1), content_type=SCHEMA_CONTENT_TYPE)
