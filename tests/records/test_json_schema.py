"""The session JSON's JSON Schema (/data/schema/session.json): the golden sessions' JSON twins,
``parse_article``'s output on every test article and /data/plenums.json validate against it."""

import copy
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource

SCHEMAS = Path(settings.BASE_DIR) / "plenums" / "schemas"
TESTS = Path(__file__).parent.parent
ARTICLES = TESTS / "articles"
GOLDEN_TWINS = sorted((TESTS / "golden" / "pages").glob("*.json"))
GOLDEN_RECORDS = sorted((TESTS / "golden").glob("*.json"))
SLUGS = ["jiading-6-9", "jiading-7-9"]


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    session = schema("session")
    Draft202012Validator.check_schema(session)
    return Draft202012Validator(session)


@pytest.fixture
def seeds(db):
    call_command("loaddata", str(settings.FIXTURE_FILE), verbosity=0)


@pytest.mark.parametrize("path", GOLDEN_TWINS + GOLDEN_RECORDS, ids=lambda p: p.name)
def test_golden_json_validates(validator, path):
    validator.validate(json.loads(path.read_text(encoding="utf-8")))


def test_the_golden_sessions_json_twins_validate_as_served(validator, client, seeds):
    for slug in SLUGS:
        validator.validate(client.get(f"/sessions/{slug}/", {"format": "json"}).json())


def test_parse_article_output_on_every_test_article_validates(validator):
    expected = sorted(ARTICLES.glob("*.expected.json"))
    complete = [
        e.with_name(e.name.replace(".expected.json", ".txt"))
        for e in expected
        if "missing" not in json.loads(e.read_text(encoding="utf-8"))
    ]
    out = io.StringIO()
    call_command("parse_article", *map(str, complete), stdout=out)
    records = json.loads(out.getvalue())
    # Articles that need facts supplied by staff cannot go through parse_article alone.
    assert len(records) == len(complete) >= 90
    for record in records:
        errors = [e.message for e in validator.iter_errors(record)]
        assert not errors, (record["file"], errors)


def _invalid(validator, change) -> bool:
    record = copy.deepcopy(json.loads(GOLDEN_TWINS[0].read_text(encoding="utf-8")))
    change(record)
    try:
        validator.validate(record)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.update(extra=1),
        lambda r: r["date"].pop("edtf"),
        lambda r: r["date"].update(edtf="2024-13"),
        lambda r: r["date"].update(edtf="XXXX-12-26"),
        lambda r: r["date"].update(month=13),
        lambda r: r.update(script="Latn"),
        lambda r: r.update(term="7"),
        lambda r: r["speakers"].append({"name": "王伟"}),
        lambda r: r.update(source={"name": "嘉定报"}),
        lambda r: r["warnings"].append({"kind": "x", "offset": -1, "excerpt": ""}),
    ],
    ids=[
        "extra key",
        "no edtf",
        "month 13 in edtf",
        "level-2 edtf",
        "month 13",
        "unknown script",
        "term as text",
        "speaker without roles",
        "source without url",
        "negative offset",
    ],
)
def test_the_schema_refuses_what_a_record_never_holds(validator, change):
    assert _invalid(validator, change)


def test_served_schemas_carry_their_address_and_describe_the_bulk_json(client, seeds):
    served = client.get("/data/schema/session.json")
    assert served["Content-Type"] == "application/schema+json; charset=utf-8"
    data = served.json()
    assert data.pop("$id") == "http://testserver/data/schema/session.json"
    assert data == schema("session")

    # /data/plenums.json against plenums.json, whose "$ref" is resolved where it is served.
    def retrieve(uri):
        return Resource.from_contents(client.get(urlsplit(uri).path).json())

    bulk = client.get("/data/schema/plenums.json").json()
    assert bulk["$id"] == "http://testserver/data/schema/plenums.json"
    download = json.loads(b"".join(client.get("/data/plenums.json").streaming_content))
    assert [d["title"] for d in download] == [
        "中共上海市嘉定区第六届委员会第九次全体会议",
        "中共上海市嘉定区第七届委员会第九次全体会议",
    ]
    Draft202012Validator(bulk, registry=Registry(retrieve=retrieve)).validate(download)
    with pytest.raises(ValidationError):
        Draft202012Validator(bulk, registry=Registry(retrieve=retrieve)).validate([{"file": 1}])
