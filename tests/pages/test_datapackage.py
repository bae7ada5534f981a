"""/data/datapackage.json: the CSV's Table Schema and the JSON download described, checked by
``frictionless validate`` against a running server, and shown to catch a broken row."""

import csv
import io
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from plenums.records import shapes

FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))
DESCRIPTOR = Path(settings.BASE_DIR) / "plenums" / "schemas" / "datapackage.json"
HAN = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")


def validate(target: str, cwd=None) -> dict:
    """``frictionless validate --json`` on a descriptor (path or URL): its report."""
    result = subprocess.run(
        [FRICTIONLESS, "validate", "--json", target],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )
    report = json.loads(result.stdout)
    # The exit status agrees with the report, so a shell script can rely on either.
    assert (result.returncode == 0) == report["valid"], result.stderr[-2000:]
    return report


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def csv_schema() -> dict:
    package = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    (table,) = [r for r in package["resources"] if r["type"] == "table"]
    return table["schema"]


def test_the_table_schema_describes_every_csv_column_in_chinese_and_english():
    fields = csv_schema()["fields"]
    assert [f["name"] for f in fields] == shapes.CSV_COLUMNS
    for field in fields:
        assert HAN.search(field["description"]) and LATIN.search(field["description"]), field
    edtf = next(f for f in fields if f["name"] == "date_edtf")
    assert "EDTF" in edtf["description"] and "pattern" in edtf["constraints"]


def test_frictionless_validates_the_package_a_running_server_serves(live_server, archive):
    report = validate(live_server.url + "/data/datapackage.json")
    assert report["valid"], json.dumps(report["tasks"], ensure_ascii=False)[:3000]
    tasks = {t["name"]: t for t in report["tasks"]}
    assert set(tasks) == {"plenums-csv", "plenums-json"}
    assert tasks["plenums-csv"]["labels"] == shapes.CSV_COLUMNS
    assert tasks["plenums-csv"]["stats"]["rows"] == 2
    # The JSON resource points at its JSON Schema, served beside it.
    package = json.loads(fetch(live_server.url + "/data/datapackage.json"))
    (resource,) = [r for r in package["resources"] if r["type"] == "json"]
    schema = json.loads(fetch(f"{live_server.url}/data/{resource['jsonSchema']}"))
    assert schema["items"] == {"$ref": "session.json"}


def test_frictionless_finds_a_broken_row(live_server, archive, tmp_path):
    for name in ("datapackage.json", "plenums.csv", "plenums.json"):
        (tmp_path / name).write_bytes(fetch(f"{live_server.url}/data/{name}"))
    assert validate("datapackage.json", cwd=tmp_path)["valid"]

    text = (tmp_path / "plenums.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[1].update(term="七", date_edtf="2024年", script="Latn", sha256="not-a-hash")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=shapes.CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "plenums.csv").write_text("\ufeff" + out.getvalue(), encoding="utf-8")

    report = validate("datapackage.json", cwd=tmp_path)
    assert not report["valid"]
    (task,) = [t for t in report["tasks"] if t["name"] == "plenums-csv"]
    flagged = {(e["rowNumber"], e["fieldName"], e["type"]) for e in task["errors"]}
    assert flagged == {
        (3, "term", "type-error"),
        (3, "date_edtf", "constraint-error"),
        (3, "script", "constraint-error"),
        (3, "sha256", "constraint-error"),
    }


@pytest.mark.django_db
def test_the_data_page_lists_the_descriptions(client):
    page = client.get("/data/").content.decode()
    assert 'href="/data/datapackage.json"' in page and 'href="/data/schema/session.json"' in page
    twin = client.get("/data/", {"format": "json"}).json()
    assert twin["datapackage"] == "http://testserver/data/datapackage.json"
    assert twin["schema_session"] == "http://testserver/data/schema/session.json"
    assert client.get("/data/datapackage.json").json() == json.loads(
        DESCRIPTOR.read_text(encoding="utf-8")
    )
