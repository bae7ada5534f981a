"""A staff edit in the admin re-points or drops the spans of what it changed, and clears the
parser's doubts on it; what it left alone keeps its span."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from plenums.chinese import fold
from plenums.ingest.parse import parse_path
from plenums.models import Appearance, Session
from plenums.records.loader import load_records
from tests.support.forms import change_form_data

SEED = Path(settings.ARTICLES_DIR) / "000_c877433114cd8e59.txt"


@pytest.fixture
def session(db):
    load_records([parse_path(SEED)])
    return Session.objects.get()


def _post(staff, session, **changes):
    url = reverse("admin:plenums_session_change", args=[session.pk])
    data = change_form_data(staff.get(url))
    data.update(changes)
    response = staff.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    session.refresh_from_db()


def _shown(session, span) -> str:
    return fold(session.cleaned_text[span["offset"] : span["offset"] + span["length"]])


def test_a_title_the_text_prints_is_pointed_at_one_it_does_not_is_dropped(staff, session):
    report, resolution = session.documents.order_by("order")
    assert report.evidence and resolution.evidence
    # The report's title as the text prints it elsewhere (in Traditional: folded to match).
    _post(staff, session, **{"documents-0-title": "区委常委会"})
    report.refresh_from_db()
    assert _shown(session, report.evidence) == "区委常委会" and report.doubt == []
    _post(staff, session, **{"documents-1-title": "并不存在的文件"})
    resolution.refresh_from_db()
    assert resolution.evidence is None
    report.refresh_from_db()
    assert _shown(session, report.evidence) == "区委常委会"  # untouched, kept


def test_an_edited_role_gets_its_own_span_the_others_keep_theirs(staff, session):
    gao = Appearance.objects.get(session=session, person__name="高香")
    before = list(gao.role_evidence)
    order = list(session.appearances.order_by("order")).index(gao)
    _post(staff, session, **{f"appearances-{order}-roles": '["区委副书记", "代区长"]'})
    gao.refresh_from_db()
    assert gao.role_evidence[0] == before[0]
    assert gao.role_evidence[1] is None  # 代区长 is printed nowhere
    assert gao.evidence is not None and _shown(session, gao.evidence) == "高香"


def test_an_edited_text_moves_every_span_and_an_edited_date_loses_its_doubt(staff, session):
    assert session.date_doubt == ["year_only"]
    lu = Appearance.objects.get(session=session, person__name="陆方舟")
    _post(staff, session, cleaned_text="【按】\n" + session.cleaned_text, month="12")
    lu.refresh_from_db()
    assert _shown(session, lu.evidence) == "陆方舟"
    assert _shown(session, session.committee_evidence) == "嘉定区"
    assert session.date_doubt == []
    assert session.date_evidence is None  # 2024年12月 is not how this text prints a date
