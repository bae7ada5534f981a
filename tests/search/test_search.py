"""Search end to end: a real Whoosh index in a scratch directory, real database, real requests."""

import random
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from haystack.inputs import Raw
from haystack.query import SearchQuerySet

from plenums.chinese import fold, to_traditional
from plenums.models import Document, Person, Session
from plenums.search_indexes import SessionIndex
from search.analysis import WORD_RUN_RE
from tests.support.forms import change_form_data
from tests.support.rows import make_session
from tests.support.search import SEARCH, oracle, paragraphs, search_slugs


def get_json(client, **params):
    response = client.get(SEARCH, {**params, "format": "json"})
    assert response.status_code == 200
    return response.json()


def test_traditional_and_simplified_queries_find_the_same_sessions(seed):
    simplified, traditional = search_slugs("经济"), search_slugs("經濟")
    assert simplified == traditional == oracle("经济")
    assert len(simplified) >= 3
    assert search_slugs("党的建设") == search_slugs("黨的建設") != set()


def test_substring_queries_match_a_substring_oracle_in_both_scripts(seed):
    rng = random.Random(20261122)
    runs = [r for p in paragraphs(s.cleaned_text for s in Session.objects.all()) for r in
            WORD_RUN_RE.findall(fold(p)) if len(r) >= 6]  # fmt: skip
    queries = {"质生产", "新质生产力", "城市", "嘉定", "人民城市", "经济社", "不存在的词"}
    while len(queries) < 120:
        run = rng.choice(runs)
        n = rng.randint(2, 6)
        start = rng.randint(0, len(run) - n)
        queries.add(run[start : start + n])
    checked = found = 0
    for q in sorted(queries):
        expected = oracle(q)
        for form in (q, to_traditional(q)):
            assert search_slugs(form) == expected, form
            checked += 1
        found += bool(expected)
    assert checked == 240 and found > 100


def test_one_character_queries_find_every_occurrence(seed):
    for ch in "党经黨區":
        assert search_slugs(ch) == oracle(ch), ch


def test_quoted_phrase_needs_its_words_together(db, index, client):
    make_session(plenum=1, text="会议要求全面深化改革,推动高质量发展。")
    make_session(plenum=2, text="深化改革要稳步推进。会议要求全面从严治党。")
    index.rebuild()
    make_session(plenum=3, text="坚持全面、深化改革。")
    index.rebuild()
    phrase = get_json(client, q='"全面 深化改革"')
    both = get_json(client, q="全面 深化改革")
    urls = sorted(r["url"] for r in phrase["results"])
    # Each hit opens at its paragraph, the phrase marked (see test_search_hits).
    hl = "?hl=%22%E5%85%A8%E9%9D%A2+%E6%B7%B1%E5%8C%96%E6%94%B9%E9%9D%A9%22#p1"
    assert urls == ["/sessions/jiading-7-1/" + hl, "/sessions/jiading-7-3/" + hl]
    assert both["count"] == 3
    # A phrase split by punctuation in the text still matches; a reordered one does not.
    assert get_json(client, q='"推动 高质量"')["count"] == 1
    assert get_json(client, q='"深化改革全面"')["count"] == 0


def test_whole_word_hits_rank_before_substring_hits(db, index):
    make_session(plenum=1, text="省城市区" * 30 + "。")  # 城市 only across jieba's words
    make_session(plenum=2, text="要建设城市。" + "其他工作。" * 60)  # 城市 as a word, once
    make_session(plenum=3, text="编号120245" * 10 + "。")
    make_session(plenum=4, text="2024年工作。" + "其他工作。" * 60)
    index.rebuild()
    city = list(SearchQuerySet().filter(content=Raw('"城市"'))[:10])
    assert [r.slug for r in city] == ["jiading-7-2", "jiading-7-1"]
    year = list(SearchQuerySet().filter(content=Raw('"2024"'))[:10])
    assert [r.slug for r in year] == ["jiading-7-4", "jiading-7-3"]


def test_filters_and_facets(seed, client):
    everything = get_json(client, q="全会")
    assert everything["count"] == len(oracle("全会"))
    by_committee = {f["value"]: f for f in everything["facets"]["committee"]}
    assert by_committee["sh-songjiang"]["name"] == "中共上海市松江区委员会"
    assert sum(f["count"] for f in everything["facets"]["committee"]) == everything["count"]

    only = get_json(client, q="全会", committee="sh-songjiang")
    assert only["count"] == by_committee["sh-songjiang"]["count"] > 0
    assert {r["committee"] for r in only["results"]} == {"中共上海市松江区委员会"}

    years = get_json(client, q="全会", year_from=2012, year_to=2014)
    expected = sum(f["count"] for f in everything["facets"]["year"] if 2012 <= f["value"] <= 2014)
    assert years["count"] == expected > 0
    assert all(2012 <= int(r["date"][:4]) <= 2014 for r in years["results"])

    term = get_json(client, q="全会", term=2)
    by_term = {f["value"]: f["count"] for f in everything["facets"]["term"]}
    assert term["count"] == by_term[2] and all(r["term"] == 2 for r in term["results"])


def test_sort_by_date_and_pagination(seed, client):
    newest = get_json(client, q="全会", sort="newest")
    dates = [r["date"] for r in newest["results"]]
    assert dates == sorted(dates, reverse=True)
    oldest = get_json(client, q="全会", sort="oldest")
    assert [r["date"] for r in oldest["results"]] == sorted(r["date"] for r in oldest["results"])
    assert newest["num_pages"] >= 2
    second = get_json(client, q="全会", sort="newest", page=2)
    assert not {r["url"] for r in second["results"]} & {r["url"] for r in newest["results"]}


def test_json_shape_and_highlight_in_the_original_script(seed, client):
    data = get_json(client, q="經濟")
    assert set(data) >= {"query", "count", "results", "facets"}
    assert data["query"] == "經濟"
    row = data["results"][0]
    assert set(row) == {
        "url",
        "title",
        "committee",
        "term",
        "plenum",
        "date",
        "date_edtf",
        "snippet",
    }
    assert row["committee"].startswith("中共上海市") and row["committee"].endswith("委员会")
    assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", row["date"])
    marked = [m for r in data["results"] for m in re.findall(r"<mark>(.*?)</mark>", r["snippet"])]
    assert marked and {fold(m) for m in marked} == {"经济"}
    assert "經濟" in marked and "经济" in marked  # both scripts of the stored text are marked


def test_html_page_renders_results_facets_and_escaped_query(seed, client):
    response = client.get(SEARCH, {"q": "人民城市 <b>x</b>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    response = client.get(SEARCH, {"q": "人民城市"})
    html = response.content.decode()
    assert "<mark>人民城市</mark>" in html
    assert 'href="/sessions/' in html
    assert "松江区委员会" in html or "嘉定区委员会" in html


def test_committee_select_marks_the_chosen_one_and_escapes_names(db, index, client):
    from tests.support.rows import make_committee, make_session

    # The select offers public committees: each has a published session.
    make_session(make_committee())
    make_session(make_committee(region="松<b>江</b>区", slug="sh-songjiang"))
    html = client.get(SEARCH, {"q": "经济", "committee": "sh-songjiang"}).content.decode()
    select = re.search(r'<select name="committee" id="id_committee">(.*?)</select>', html, re.S)
    options = re.findall(r"<option[^>]*>[^<]*(?:<[^/][^<]*)*</option>", select.group(1))
    assert options == [
        '<option value="">全部</option>',
        '<option value="jiading" lang="zh">中共上海市嘉定区委员会</option>',
        '<option value="sh-songjiang" selected lang="zh">'
        "中共上海市松&lt;b&gt;江&lt;/b&gt;区委员会</option>",
    ]


def test_empty_states(seed, client):
    html = client.get(SEARCH).content.decode()
    assert "怎样检索" in html
    html = client.get(SEARCH, {"q": "不存在的词汇组合"}).content.decode()
    assert "没有找到" in html


HOSTILE = [
    "AND OR NOT ( * field:",
    "text:经济 OR django_ct:*",
    '"unbalanced 经济',
    "经济)) ((",
    "*",
    "?经济~2^5",
    "x" * 10_000,
    "经" * 10_000,
    # (NUL never reaches a view: the site answers any URL carrying it with 400.)
    "\x01\x1b[31m经济\u202e\x7f",
    "😀🇨🇳 经济 🧧",
    "'; DROP TABLE plenums_session; --",
    "<script>alert(1)</script>",
    "{{ 7*7 }} {% debug %}",
    "%00%ff",
    " ",
    "一 二 三 四 五 六 七 八 九 十 十一 十二",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_get_a_normal_page_and_json(seed, client, q):
    for fmt in ("", "json"):
        response = client.get(SEARCH, {"q": q, "format": fmt})
        assert response.status_code == 200
        body = response.content.decode()
        assert "<script>alert" not in body
    assert Session.objects.count() == 24  # the injection attempt left the table alone


def test_long_query_is_trimmed_with_a_notice(seed, client):
    data = get_json(client, q="经济" * 1000)
    assert len(data["query"]) == 100
    assert any("过长" in n for n in data["notices"])
    html = client.get(SEARCH, {"q": "经济" * 1000}).content.decode()
    assert "检索词过长" in html


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-3"},
        {"page": "1" * 400},
        {"year_from": "xyz", "year_to": "二〇二四"},
        {"year_from": "99999999999999999999999"},
        {"sort": "bogus"},
        {"format": "bogus"},
        {"committee": "nope"},
        {"term": "-1"},
        {"committee": "jiading", "year_from": "2030", "year_to": "2010"},
    ],
)
def test_bad_parameters_get_a_normal_page(seed, client, params):
    response = client.get(SEARCH, {"q": "全会", **params})
    assert response.status_code == 200
    data = get_json(client, q="全会", **{k: v for k, v in params.items() if k != "format"})
    assert data["count"] >= 0 and data["page"] >= 1


def test_page_past_the_end_shows_the_last_page(seed, client):
    data = get_json(client, q="全会", page=99999)
    assert data["page"] == data["num_pages"] and data["results"]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the index update) that the test transaction would hold back."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def staff(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("editor", "e@example.org", "x" * 20)
    client.force_login(user)
    return client


def test_admin_edit_and_delete_reach_search_at_once(index, staff, committed):
    with committed():
        session = make_session(text="会议研究了防汛抗旱工作。")
    assert get_json(staff, q="防汛")["count"] == 1

    url = reverse("admin:plenums_session_change", args=[session.pk])
    data = change_form_data(staff.get(url))
    data["cleaned_text"] = "會議研究了鄉村振興工作。"
    with committed():
        response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_json(staff, q="防汛")["count"] == 0
    hit = get_json(staff, q="乡村振兴")
    assert hit["count"] == 1 and "<mark>鄉村振興</mark>" in hit["results"][0]["snippet"]

    delete = reverse("admin:plenums_session_delete", args=[session.pk])
    with committed():
        response = staff.post(delete, {"post": "yes"})
    assert response.status_code == 302
    assert get_json(staff, q="乡村振兴")["count"] == 0


def test_related_rows_and_unpublishing_refresh_their_session(db, index, client, committed):
    with committed():
        session = make_session(text="全会召开。")
    with committed():
        Document.objects.filter(session=session).update(title="unused")  # no signal: ignored
        doc = session.documents.get()
        doc.title = "关于推进城市更新的决定"
        doc.save()
    assert get_json(client, q="城市更新")["count"] == 1
    with committed():
        person = Person.objects.get(name="陆方舟")
        person.name = "王测试"
        person.save()
    assert get_json(client, q="王测试")["count"] == 1
    with committed():
        session.published = False
        session.save()
    assert get_json(client, q="城市更新")["count"] == 0


def test_rolled_back_edit_never_reaches_the_index(db, index, client, committed):
    from django.db import transaction

    with committed():
        session = make_session(text="全会召开。")
    with committed(), pytest.raises(RuntimeError):
        with transaction.atomic():
            session.cleaned_text = "秘密草稿"
            session.save()
            raise RuntimeError("abort")
    assert get_json(client, q="秘密草稿")["count"] == 0
    assert get_json(client, q="全会召开")["count"] == 1


def test_rebuild_swaps_directories_and_open_searchers_keep_working(db, index, client):
    make_session(plenum=1, text="第一次会议研究防汛。")
    call_command("rebuild_index", interactive=False, verbosity=0)
    before = index._current_dir()
    reader = index._searcher()
    Session.objects.filter(plenum=1).update(cleaned_text="改为研究抗旱。")  # bypasses signals
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert index._current_dir() != before and before.exists()
    from whoosh.query import Term

    assert len(reader.search(Term("text_bigrams", "防汛"))) == 1  # the old snapshot still reads
    assert get_json(client, q="抗旱")["count"] == 1
    assert get_json(client, q="防汛")["count"] == 0


def test_update_index_and_clear_index_commands(db, index, client):
    make_session(plenum=1, text="会议研究防汛。")
    gone = make_session(plenum=2, text="会议研究防汛抗旱。")
    call_command("update_index", verbosity=0)
    assert get_json(client, q="防汛")["count"] == 2
    gone.delete()  # the test transaction never commits, so only update_index --remove sees it
    call_command("update_index", remove=True, verbosity=0)
    assert index.document_count() == 1
    call_command("clear_index", interactive=False, verbosity=0)
    assert index.document_count() == 0


def test_bootstrap_builds_a_missing_index(db, index, tmp_path):
    make_session(plenum=1, text="会议研究防汛。")
    assert not index.index_exists()
    call_command("bootstrap", verbosity=0)
    assert index.document_count() == 1
    assert {r.slug for r in SearchQuerySet().filter(content=Raw('"防汛"'))} == {"jiading-7-1"}


def test_search_url_has_one_name():
    assert reverse("search:search") == SEARCH


def test_writes_made_during_a_rebuild_are_replayed_into_the_new_index(db, index, client, committed):
    first = make_session(plenum=1, text="第一次会议研究防汛。")
    second = make_session(plenum=2, text="第二次会议。")
    index.rebuild()
    from haystack import connections

    session_index = connections["default"].get_unified_index().get_index(Session)
    rows = list(session_index.index_queryset().order_by("plenum"))

    def documents():
        for row in rows:
            yield index.document(session_index, row)
            if row.pk == first.pk:
                # An editor saves while the new directory is being filled from older rows.
                with committed():
                    second.cleaned_text = "第二次会议研究抗旱。"
                    second.save()
                with committed():
                    first.delete()

    assert index.rebuild_from(documents(), connections["default"].get_unified_index()) == 2
    assert get_json(client, q="抗旱")["count"] == 1
    assert get_json(client, q="防汛")["count"] == 0
    assert index.document_count() == 1


@pytest.mark.parametrize(
    "raw",
    ["q=%ff%fe%01&page=%7f", "q=%E7%BB%8F&q=%22&format=json&page=1e9", "q=" + "%22" * 500],
)
def test_undecodable_and_repeated_parameters_get_a_normal_page(seed, client, raw):
    assert client.get(f"{SEARCH}?{raw}").status_code == 200


@pytest.mark.parametrize("procs", [1, 3])
def test_rebuild_with_one_or_several_writer_processes_indexes_every_session(
    db, index, client, committed, procs
):
    # 3 processes and more sessions than one batch (50): several sub-writers, several segments.
    index.writer_procs = procs
    for plenum in range(1, 131):
        text = f"第{plenum}次会议研究防汛。" if plenum % 2 else "研究抗旱。"
        make_session(plenum=plenum, text=text)
    assert index.rebuild() == 130
    assert index.document_count() == 130
    assert get_json(client, q="防汛")["count"] == 65
    assert get_json(client, q="抗旱")["count"] == 65
    # An incremental write after a multi-segment rebuild still replaces, never duplicates.
    with committed():
        changed = Session.objects.get(plenum=2)
        changed.cleaned_text = "研究防汛。"
        changed.save()
    assert index.document_count() == 130
    assert get_json(client, q="防汛")["count"] == 66


@pytest.mark.parametrize("procs", [0, "2", 1.5])
def test_writer_procs_must_be_a_whole_number_of_processes(tmp_path, procs):
    from django.core.exceptions import ImproperlyConfigured

    from search.backend.whoosh_backend import ChineseWhooshSearchBackend

    with pytest.raises(ImproperlyConfigured, match="WRITER_PROCS"):
        ChineseWhooshSearchBackend("x", PATH=str(tmp_path), WRITER_PROCS=procs)


@pytest.mark.parametrize(
    "query, filters, sortedby",
    [
        ('"经济"', [], None),
        ('"改革" "發展"', [], None),
        ('"全会"', ["committee:sh-songjiang"], None),
        ('"会议"', ["year:[2012 TO 2016]"], ["year"]),
        ('"会议" NOT "经济"', [], None),
        # Phrases of bigrams and of jieba words, evaluated over whole posting lists.
        ('"人民城市"', [], None),
        ('"高质量发展" "改革"', [], None),
        ('"十四五"', ["committee:sh-songjiang"], None),
        ('"经 济"', [], None),
        ("经", [], None),
    ],
)
def test_tallied_pages_match_whoosh_facet_collector(seed, index, query, filters, sortedby):
    # The same page, scores, total and facet counts as Whoosh's own FacetCollector over every
    # match, on a stock searcher (plain BM25F, memory-mapped), whichever path evaluates it.
    from whoosh import index as whoosh_index
    from whoosh import query as wq
    from whoosh.sorting import Count, FieldFacet

    Session.objects.filter(plenum=101).first().save()  # two segments, one with a deletion
    call_command("update_index", verbosity=0)
    searcher = index._searcher()
    assert len(searcher.reader().leaf_readers()) == 2 and searcher.reader().has_deletions()
    parsed = index.parser.parse(query)
    narrow = [index.parser.parse(f) for f in filters]
    facets = ["committee", "year", "term"]
    stock_searcher = whoosh_index.open_dir(str(index._current_dir())).searcher()
    for page_num in (1, 2):
        ours = index._page(searcher, parsed, page_num, 5, sortedby, False, facets, list(narrow))
        stock = stock_searcher.search_page(
            parsed,
            page_num,
            pagelen=5,
            sortedby=sortedby,
            groupedby=[FieldFacet(f, maptype=Count) for f in facets],
            filter=wq.And(narrow) if narrow else None,
        )
        assert len(ours) == len(stock) > 0
        assert [hit["slug"] for hit in ours] == [hit["slug"] for hit in stock]
        assert [hit.score for hit in ours] == pytest.approx([hit.score for hit in stock])
        for facet in facets:
            assert ours.results.groups(facet) == stock.results.groups(facet)


def test_counts_include_matches_that_cannot_reach_the_first_page(db, index, client):
    # Whole-word hits outscore bare substring hits by far; once the first page is full of them,
    # Whoosh may narrow the matcher to whole-word hits. The count and facets must not narrow.
    for plenum in range(1, 41):
        make_session(plenum=plenum, text="老城市区改造。" * 3)  # words 城市 区, as the query's
    for plenum in range(41, 161):
        make_session(plenum=plenum, text="省城市区。")  # words 省城 市区
    index.rebuild()
    for query in ("城市", "城市区"):  # one term; a phrase
        data = get_json(client, q=query)
        assert data["count"] == 160, query
        assert sum(f["count"] for f in data["facets"]["committee"]) == 160, query
        slugs = [r["url"].split("/")[2] for r in data["results"]]
        assert all(int(slug.rsplit("-", 1)[1]) <= 40 for slug in slugs)


def test_a_failed_multi_process_rebuild_keeps_the_old_index_and_leaves_no_process(db, index):
    import multiprocessing

    make_session(plenum=1, text="会议研究防汛。")
    index.rebuild()
    live = index._current_dir()
    before = sorted(live.parent.glob("index-*"))
    docs = [index.document(SessionIndex(), s) for s in Session.objects.all()]
    index.writer_procs = 2

    def documents():
        for i in range(120):  # more than two batches of 50: both sub-writers are working
            yield {**docs[0], "id": f"plenums.session.{1000 + i}", "django_id": str(1000 + i)}
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        index.rebuild_from(documents())
    left = multiprocessing.active_children()
    for process in left:  # so that a failure is reported, not a hang at exit
        process.terminate()
    assert left == []
    assert index._current_dir() == live
    assert sorted(live.parent.glob("index-*")) == before
    assert index.document_count() == 1


def test_counts_are_exact_over_several_segments_when_the_ranking_could_skip_blocks(
    db, index, client
):
    # A first segment of strong matches, a second of weak ones only (whole posting blocks of
    # them): once the top N is full from the first, a ranking that skips blocks which cannot
    # reach it would skip the whole second segment. The count and facets must not.
    from whoosh import index as whoosh_index

    for plenum in range(1, 201):
        make_session(plenum=plenum, text="推进新质生产力发展。" * 5)
    for plenum in range(201, 801):
        make_session(plenum=plenum, text="新质生产力。" + "会议听取和讨论了工作报告。" * 20)
    docs = {s.plenum: index.document(SessionIndex(), s) for s in Session.objects.all()}
    index.rebuild_from(docs[p] for p in range(1, 201))
    writer = whoosh_index.open_dir(str(index._current_dir())).writer()
    for plenum in range(201, 801):
        writer.add_document(**docs[plenum])
    writer.commit(merge=False)
    assert len(index._searcher().reader().leaf_readers()) >= 2
    for query in ("新质生产力", "质生产", "生产力", "生产力 新质"):
        data = get_json(client, q=query)
        assert data["count"] == 800, query
        assert sum(f["count"] for f in data["facets"]["committee"]) == 800, query
