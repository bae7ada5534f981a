"""The archive's engine keeps haystack's backend contract where stock Whoosh and the archive agree.

haystack's own Whoosh suite runs against the engine too (``tests/haystack_suite``, ``make
test-haystack``); these tests cover what that suite's by-design failures stop short of, and what
it cannot see (two swaps in one process, an unstored document field, a field changed on disk).
"""

import datetime
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from haystack import connections, indexes
from haystack.exceptions import SearchBackendError
from haystack.inputs import Raw
from haystack.query import SearchQuerySet
from haystack.utils.loading import UnifiedIndex
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import NUMERIC
from whoosh.index import open_dir

from plenums.models import Session
from plenums.search_indexes import SessionIndex
from search.analysis import ChineseTokenizer
from search.backend.current_index import ReadOnlyIndexError
from search.backend.storage import same_field
from search.testing import index_at
from tests.support.rows import make_committee, make_session


@pytest.fixture
def index(tmp_path):
    with index_at(tmp_path / "whoosh", INCLUDE_SPELLING=True) as backend:
        yield backend


@contextmanager
def serving(backend, *search_indexes):
    """Let the connection serve these search indexes instead of the archive's own."""
    engine = connections["default"]
    saved = engine.get_unified_index()
    unified = UnifiedIndex()
    unified.build(indexes=list(search_indexes))
    engine._index = unified
    backend.setup()
    try:
        yield unified
    finally:
        engine._index = saved
        backend.setup()


class RegionSessionIndex(SessionIndex):
    """The archive's index with one more field, as a project adds one."""

    region = indexes.CharField(model_attr="committee__region")


class TextTermSessionIndex(SessionIndex):
    """The archive's index with ``term`` turned from a number into text."""

    term = indexes.CharField(model_attr="term")


class PlainSessionIndex(indexes.SearchIndex, indexes.Indexable):
    """A haystack index as a project without bigrams writes one: stored text, its own analyzer."""

    text = indexes.CharField(document=True, model_attr="cleaned_text")
    speakers = indexes.CharField(analyzer=SpaceSeparatedTokenizer())
    date = indexes.DateField(null=True)

    def get_model(self):
        return Session

    def prepare_speakers(self, obj):
        return " ".join(a.person.name for a in obj.appearances.all())

    def prepare_date(self, obj):
        return datetime.date(obj.year, obj.month or 1, obj.day or 1) if obj.year else None


def test_the_live_handle_spelling_and_more_like_this_follow_every_rebuild(db, index):
    flood = make_session(plenum=1, text="全会研究防汛工作，部署防汛抗旱。")
    make_session(plenum=2, text="全会研究防汛工作。")
    make_session(plenum=3, text="全会审议财政预算。")
    index.rebuild()
    handle = index.index
    first = index._current_dir()
    index.rebuild()
    index.rebuild()  # the directory ``handle`` was opened on is gone now
    assert not first.exists()
    assert handle.refresh().doc_count() == 3
    with handle.searcher() as searcher:
        assert searcher.doc_count() == 3
    # Spelling is on: every search asks the live index for a suggestion.
    found = SearchQuerySet().models(Session).filter(content=Raw('"防汛"'))
    assert {r.pk for r in found} == {str(flood.pk), str(Session.objects.get(plenum=2).pk)}
    misspelt = SearchQuerySet().models(Session).auto_query("防讯")
    with open_dir(str(index._current_dir())).reader() as reader:
        (expected,) = reader.corrector("text").suggest("防讯", limit=1)
    assert len(misspelt) == 0 and misspelt.spelling_suggestion() == expected
    like = [r.object.plenum for r in SearchQuerySet().models(Session).more_like_this(flood)]
    assert like[0] == 2 and 1 not in like


def test_more_like_this_reads_an_unstored_document_field_from_the_object(db, index):
    index.setup()
    assert not index.schema[index.content_field_name].stored
    bare = {"speakers": (), "documents": (), "phrases": ()}
    flood = make_session(plenum=1, text="防汛抗旱，防汛抗旱，防汛抗旱。", **bare)
    make_session(plenum=2, text="部署防汛抗旱。", **bare)
    make_session(plenum=3, text="审议财政预算。", **bare)
    other = make_committee(region="松江区", slug="sh-songjiang")
    make_session(other, plenum=4, text="部署防汛抗旱。", **bare)
    index.rebuild()
    like = [r.object.plenum for r in SearchQuerySet().more_like_this(flood)]
    # Ranked by the key terms they share (防汛, 抗旱), never the object itself.
    assert set(like[:2]) == {2, 4} and 1 not in like
    narrowed = SearchQuerySet().filter(committee="sh-songjiang").more_like_this(flood)
    assert [r.object.plenum for r in narrowed] == [4]


def test_update_index_writes_a_field_added_since_the_index_was_built(db, index):
    make_session(plenum=1, text="全会研究防汛工作。")
    other = make_committee(region="松江区", slug="sh-songjiang")
    make_session(other, plenum=2, text="全会研究防汛工作。")
    index.rebuild()
    with serving(index, RegionSessionIndex()):
        call_command("update_index", verbosity=0)
        assert index.document_count() == 2
        found = SearchQuerySet().filter(region="松江区")
        assert [r.object.plenum for r in found] == [2]
        assert "region" in open_dir(str(index._current_dir())).schema.names()


def test_a_field_whose_definition_changed_asks_for_a_rebuild(db, index):
    session = make_session(plenum=1, text="全会研究防汛工作。")
    index.rebuild()
    with serving(index, TextTermSessionIndex()) as unified:
        session_index = unified.get_index(Session)
        with pytest.raises(SearchBackendError, match=r"field\(s\) term .*rebuild_index"):
            index.update(session_index, [session])
        assert index.rebuild() == 1
        index.update(session_index, [session])
        assert index.document_count() == 1


def test_the_archive_schema_reads_back_as_written(db, index):
    make_session(plenum=1)
    index.rebuild()
    on_disk = open_dir(str(index._current_dir())).schema
    assert sorted(on_disk.names()) == sorted(index.schema.names())
    for name in on_disk.names():
        assert same_field(on_disk[name], index.schema[name]), name
    assert not same_field(NUMERIC(numtype=int), NUMERIC(numtype=float))


def test_a_fields_own_analyzer_is_kept(db, index):
    make_session(plenum=1, speakers=(("陆方舟", "陆方舟", ["区委书记"], ["作工作报告"]),))
    make_session(plenum=2, speakers=(("高香", "高香", ["区长"], []),))
    with serving(index, PlainSessionIndex()):
        assert index.schema["speakers"].analyzer == SpaceSeparatedTokenizer()
        assert index.schema["text"].analyzer == ChineseTokenizer()
        index.rebuild()
        # One token per whitespace-separated name: the whole name matches, a part of it not.
        assert [r.object.plenum for r in SearchQuerySet().filter(speakers="高香")] == [2]
        assert list(SearchQuerySet().filter(speakers="方舟")) == []


def test_date_facets_count_by_the_requested_gap_within_a_narrowed_search(db, index):
    for plenum, year in enumerate((2019, 2019, 2021), start=1):
        make_session(plenum=plenum, year=year, month=6, day=1, text="全会研究防汛工作。")
    other = make_committee(region="松江区", slug="songjiang")
    make_session(other, plenum=4, year=2021, month=6, day=1, text="全会研究防汛工作。")
    index.rebuild()
    everything = SearchQuerySet().date_facet(
        "date", datetime.date(2018, 1, 1), datetime.date(2022, 1, 1), "year"
    )
    by_year = {start.year: n for (start, _), n in everything.facet_counts()["dates"]["date"]}
    assert by_year == {2019: 2, 2021: 2}
    counts = everything.narrow("committee:jiading").facet("committee").facet_counts()
    by_year = {start.year: n for (start, _), n in counts["dates"]["date"]}
    assert by_year == {2019: 2, 2021: 1}
    assert counts["fields"]["committee"] == [("jiading", 3)]
    with pytest.raises(SearchBackendError, match=r"date_facets\['date'\]\['gap_by'\]"):
        index.search(
            "防汛",
            date_facets={
                "date": {
                    "start_date": datetime.date(2018, 1, 1),
                    "end_date": datetime.date(2022, 1, 1),
                    "gap_by": "fortnight",
                }
            },
        )


def test_hits_are_marked_in_an_index_without_a_bigram_field(db, index):
    make_session(plenum=1, text="全会研究防汛工作。\n全会审议财政预算。")
    with serving(index, PlainSessionIndex()):
        assert index.bigram_field is None
        index.rebuild()
        (hit,) = SearchQuerySet().filter(content="防汛").highlight()
        assert "<mark>防汛</mark>" in hit.highlighted["text"][0]


def test_nothing_to_search_gets_the_stock_answer(db, index):
    make_session(plenum=1)
    index.rebuild()
    assert index.search("") == {"results": [], "hits": 0}
    assert index.search("，。！") == {"results": [], "hits": 0}


def test_writes_through_the_live_handle_are_refused_and_optimize_keeps_every_document(db, index):
    for plenum in (1, 2):
        make_session(plenum=plenum, text="全会研究防汛工作。")
    index.rebuild()
    with pytest.raises(ReadOnlyIndexError, match="write through the search backend"):
        index.index.writer()
    index.update(connections["default"].get_unified_index().get_index(Session), [])
    index.optimize()
    assert index.document_count() == 2
    assert len(SearchQuerySet().filter(content="防汛")) == 2
