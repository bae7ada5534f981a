"""Readable JSON: the pages' JSON twins and the bulk download are UTF-8 with Chinese as itself,
and <, > and & are escaped so nothing echoed can become markup."""

import json
from urllib.parse import quote

import pytest

from plenums.models import Session
from plenums.records import shapes
from plenums.web import inert_json
from tests.support.rows import make_session

pytestmark = pytest.mark.django_db

TEXT = "全会指出,要坚持“十四五”规划。\n<script>alert(1)</script> & 党的建设。"


@pytest.fixture
def session():
    return make_session(
        text=TEXT, phrases=(("<b>发展", 1, "<script>alert(1)</script> & 党的建设。"),)
    )


def _readable(body: bytes, chinese="全会指出") -> str:
    text = body.decode("utf-8")
    assert chinese in text and "\\u5168" not in text and "\\u515a" not in text
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c" in text and "\\u0026" in text
    return text


def test_the_session_json_is_readable_and_parses_to_the_record(client, session):
    response = client.get(f"{session.get_absolute_url()}?format=json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(_readable(response.content))
    assert data == shapes.session_json(Session.objects.with_shapes().get())
    assert data["text"] == TEXT


def test_list_json_is_readable(client, session):
    response = client.get("/phrases/?format=json")
    data = json.loads(_readable_list(response.content))
    assert [r["phrase"] for r in data["results"]] == ["<b>发展"]
    detail = client.get(f"/phrases/{quote('<b>发展')}/?format=json")
    data = json.loads(_readable(detail.content, "党的建设"))
    assert data["sessions"][0]["sentence"] == "<script>alert(1)</script> & 党的建设。"


def _readable_list(body: bytes) -> str:
    # The phrase list holds no ampersand: only Chinese and the escaped brackets.
    text = body.decode("utf-8")
    assert "发展" in text and "<" not in text and "\\u003cb\\u003e" in text
    return text


def test_the_bulk_download_is_readable(client, session):
    response = client.get("/data/plenums.json")
    data = json.loads(_readable(b"".join(response.streaming_content)))
    assert data == [shapes.session_json(Session.objects.with_shapes().get())]


def test_dumps_round_trips():
    data = {"提法": "<新质生产力> & “十四五”", "n": [1, None, True]}
    text = inert_json.dumps(data, indent=1)
    assert "新质生产力" in text and "<" not in text and "&" not in text
    assert json.loads(text) == data
