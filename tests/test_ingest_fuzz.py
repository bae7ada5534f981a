"""Whatever bytes arrive, the parser either returns a record or raises ArticleError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plenums.ingest.parse import parse_bytes
from plenums.ingest.records import ArticleError

FRAGMENTS = [
    "近日,",
    "2024年12月27日，",
    "七月二十四日",
    "中共嘉定区第七届委员会第九次全体会议",
    "中國共產黨鼓樓區第十二屆委員會第五次全體（擴大）會議",
    "县委十五届六次全委(扩大)会议",
    "区委书记陆方舟",
    "区委副书记、区长高香",
    "、",
    "，",
    "。",
    "\n",
    "\n\n",
    "代表区委常委会作工作报告并讲话",
    "鲁同志作了讲话",
    "出席全会的有县委委员33人、候补委员4人",
    "应到委员36名，实到34名",
    "全会审议通过了《",
    "》",
    "“十四五”",
    "「兩個確立」",
    "經(jīng)濟(jì)",
    "?nèi)σ愿胺€",
    "来源：某网",
    "标题:",
    "地址:http://a.cn/x",
    "![](x.png)",
    "&nbsp;",
    "总结2024年工作",
    "(",
    ")",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=40))
def test_parser_never_crashes(parts):
    data = "".join(parts).encode("utf-8", "surrogatepass")
    try:
        record = parse_bytes(data, "fuzz.txt")
    except ArticleError as err:
        assert str(err).startswith("fuzz.txt: ")
        return
    assert record.term >= 1 and record.plenum >= 1
    assert record.committee.name.startswith("中共") and record.committee.name.endswith("委员会")
    for w in record.warnings:
        assert 0 <= w.offset <= len(record.text)
    assert [c.step for c in record.cleaning][0] == "invisible_chars"
    record.as_json()
