"""The search tests' scratch index and seed archive, shared by every module that searches."""

import pytest
from django.conf import settings
from django.core.cache import caches
from haystack.inputs import Raw
from haystack.query import SearchQuerySet

from plenums.chinese import fold, to_traditional
from plenums.ingest.parse import parse_path
from plenums.models import Session
from plenums.records.loader import load_records
from plenums.search_indexes import SessionIndex
from search.analysis import WORD_RUN_RE
from search.testing import index_at
from tests.support.rows import make_committee, make_session

SEARCH = "/search/"


@pytest.fixture
def index(tmp_path, settings):
    settings.WHOOSH_PATH = tmp_path / "whoosh"
    # Pages are cached per archive version, which restarts with every test database.
    for cache in caches.all():
        cache.clear()
    with index_at(tmp_path / "whoosh") as backend:
        yield backend


def search_slugs(text, **filters):
    sqs = SearchQuerySet().models(Session).filter(content=Raw(f'"{text}"'))
    for key, value in filters.items():
        sqs = sqs.filter(**{key: value})
    return {r.slug for r in sqs[:1000]}


def oracle(text):
    """Slugs of the sessions whose folded indexed text holds the folded query's word runs."""
    needle = "".join(WORD_RUN_RE.findall(fold(text)))
    index = SessionIndex()
    return {
        s.slug
        for s in Session.objects.all()
        if needle in "".join(WORD_RUN_RE.findall(fold(index.prepare(s)["text"])))
    }


def paragraphs(texts):
    return [p.strip() for t in texts for p in t.split("\n") if len(p.strip()) >= 30]


@pytest.fixture
def seed(db, index):
    """The two seed articles through the real parser, plus one session per paragraph of theirs
    (every other one in Traditional script) so that queries discriminate between sessions."""
    articles = sorted(settings.ARTICLES_DIR.glob("*.txt"))
    load_records([parse_path(p) for p in articles])
    texts = [s.cleaned_text for s in Session.objects.all()]
    jiading = make_committee()
    songjiang = make_committee(region="松江区", slug="sh-songjiang")
    for i, para in enumerate(paragraphs(texts)[:36]):
        make_session(
            jiading if i % 3 else songjiang,
            term=1 + i % 4,
            plenum=100 + i,
            year=2010 + i % 12,
            text=to_traditional(para) if i % 2 else para,
            script="Hant" if i % 2 else "Hans",
            speakers=(),
            documents=(),
            phrases=(),
        )
    index.rebuild()
    return index
