"""Chinese analysis for search: tokenizers, query pieces and highlighted snippets (no database)."""

import pytest

from plenums.chinese import fold, to_traditional
from search.analysis import (
    RUN_END,
    BigramTokenizer,
    ChineseTokenizer,
    bigram_tokens,
    runs_from_bigrams,
)
from search.backend.highlight import snippet
from search.page.forms import split_query, strip_controls

TEXT = "全會指出,要推動新質生產力發展,促進經濟發展。"


def tokens(tokenizer, text, mode="index"):
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in tokenizer(text, positions=True, chars=True, mode=mode)
    ]


def test_word_tokens_are_folded_and_point_at_the_original_characters():
    toks = tokens(ChineseTokenizer(), TEXT)
    texts = [t[0] for t in toks]
    assert "经济" in texts and "經濟" not in texts
    for text, _pos, start, end in toks:
        assert fold(TEXT[start:end]) == text


def test_subwords_share_the_position_of_their_word_and_queries_have_none():
    index_toks = tokens(ChineseTokenizer(), "推动新质生产力发展")
    positions = {text: pos for text, pos, _s, _e in index_toks}
    assert positions["生产"] == positions["生产力"]
    query_texts = [t[0] for t in tokens(ChineseTokenizer(), "推动新质生产力发展", mode="query")]
    assert "生产" not in query_texts and "生产力" in query_texts


def test_separators_emit_nothing_but_break_phrases():
    toks = tokens(ChineseTokenizer(), "经济,发展")
    assert [t[0] for t in toks] == ["经济", "发展"]
    assert toks[1][1] - toks[0][1] == 2


def test_bigrams_cover_every_character_and_mark_run_ends():
    toks = tokens(BigramTokenizer(), "新質生產力,黨")
    assert [t[0] for t in toks] == ["新质", "质生", "生产", "产力", "力" + RUN_END, "党" + RUN_END]
    assert [t[1] for t in toks] == list(range(6))
    assert all(fold("新質生產力,黨"[s:e]) == t[: e - s] for t, _p, s, e in toks)


@pytest.mark.parametrize(
    "runs", [["新质生产力"], ["经济", "发展"], ["党"], ["经济", "党"], ["2024", "年"]]
)
def test_bigram_tokens_round_trip(runs):
    assert runs_from_bigrams(bigram_tokens(runs)) == runs


def test_split_query_keeps_phrases_and_drops_syntax():
    assert split_query('经济 "全面 深化改革" 「新质生产力」') == [
        "经济",
        "全面 深化改革",
        "新质生产力",
    ]
    assert split_query('"unbalanced 经济') == ["unbalanced", "经济"]
    assert split_query('AND OR ( * field: " ) 😀') == ["AND", "OR", "field:"]
    assert split_query("*** ((( 😀") == []
    assert all('"' not in p for p in split_query('a"b"c "d'))


def test_strip_controls_removes_nul_and_bidi_but_keeps_text():
    assert strip_controls("经\x00济\u202e发\t展") == "经济发 展"


def test_snippet_marks_traditional_text_for_a_simplified_query():
    html = snippet("會議強調,要推動經濟高質量發展。", ["经济"])
    assert "<mark>經濟</mark>" in html


def test_snippet_escapes_html_and_centres_on_the_hits():
    text = "<b>开头</b>" + "无关内容。" * 100 + "这里讲经济发展。" + "无关内容。" * 100
    html = snippet(text, ["经济"], width=40)
    assert "<mark>经济</mark>" in html
    assert "<b>" not in html
    assert html.startswith("…") and html.endswith("…")


def test_snippet_without_hits_is_the_escaped_beginning():
    assert snippet("<i>甲</i>乙", ["丙"]) == "&lt;i&gt;甲&lt;/i&gt;乙"


def test_fold_keeps_length_for_converted_text():
    text = to_traditional("推动新质生产力发展,促进经济发展") + "ＡＢＣ１２３"
    assert len(fold(text)) == len(text)


def test_adjacent_phrase_matches_exactly_what_whoosh_phrase_matches():
    import random

    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage
    from whoosh.query import Phrase

    from search.analysis import AdjacentPhrase

    rng = random.Random(3)
    alphabet = "经济发展城市人民"
    ix = RamStorage().create_index(
        Schema(id=ID(stored=True), body=TEXT(analyzer=BigramTokenizer(), phrase=True))
    )
    writer = ix.writer()
    for i in range(200):
        text = "".join(rng.choice(alphabet + ",") for _ in range(rng.randint(5, 40)))
        writer.add_document(id=str(i), body=text)
    writer.commit()
    with ix.searcher() as searcher:
        compared = 0
        for _ in range(150):
            runs = ["".join(rng.choice(alphabet) for _ in range(rng.randint(3, 6)))]
            grams = bigram_tokens(runs)
            stock = {hit["id"] for hit in searcher.search(Phrase("body", grams), limit=None)}
            fast = {hit["id"] for hit in searcher.search(AdjacentPhrase("body", grams), limit=None)}
            assert fast == stock, runs
            compared += bool(stock)
    assert compared > 20
