"""Bad input is refused with an ArticleError naming the file and the reason; legacy encodings
are decoded strictly and said so."""

import pytest

from plenums.ingest.decode import MAX_BYTES, decode
from plenums.ingest.parse import parse_bytes, parse_path, parse_paths
from plenums.ingest.records import ArticleError

GOOD = (
    "2024年12月20日，中共淳安县第十五届委员会第六次全体会议召开。"
    "县委书记方立新代表县委常委会作工作报告。全会审议通过了《全会决议》。\n"
)
TRADITIONAL = (
    "2025年7月24日，中國共產黨廣州市越秀區第十二屆委員會第七次全體會議舉行。"
    "區委書記黎志強代表區委常委會作工作報告。全會審議通過了《全會決議》。\n"
)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n \xe3\x80\x80\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("中共嘉定区委\x07全会".encode(), "control character"),
        (
            "<!DOCTYPE html><html><head></head><body><p>全会</p></body>".encode(),
            "HTML page",
        ),
        (b"\xff\xfe\x00\xd8", "utf-16"),
        (bytes(range(0x80, 0x100)) * 4, "neither GB18030 nor Big5"),
        (b"plain ASCII text with no Chinese at all\n", "no Chinese text"),
    ],
    ids=["empty", "whitespace", "png", "control", "html", "bad-utf16", "noise", "ascii"],
)
def test_refused_with_reason(data, reason):
    with pytest.raises(ArticleError) as err:
        decode(data, "in/article.txt")
    assert err.value.path == "in/article.txt"
    assert reason in str(err.value)
    assert str(err.value).startswith("in/article.txt: ")


def test_too_large_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(GOOD.encode() * (MAX_BYTES // len(GOOD.encode()) + 1))
    with pytest.raises(ArticleError, match=r"big\.txt: file is [\d,]+ bytes, over the"):
        parse_path(big)
    with pytest.raises(ArticleError, match="limit"):
        decode(big.read_bytes(), "big.txt")


def test_missing_file(tmp_path):
    with pytest.raises(ArticleError, match="nope.txt: cannot read"):
        parse_path(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(GOOD, "gb18030"), (TRADITIONAL, "big5"), (TRADITIONAL, "gb18030")],
)
def test_legacy_encodings_decode_and_warn(text, encoding):
    record = parse_bytes(text.encode(encoding), "legacy.txt")
    assert record.encoding == encoding
    assert record.original == text
    assert [w.kind for w in record.warnings if w.kind == "encoding"] == ["encoding"]
    assert record.term > 0 and record.speakers


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks(encoding):
    record = parse_bytes(GOOD.encode(encoding), "bom.txt")
    assert record.encoding == encoding
    assert record.original == GOOD
    assert not [w for w in record.warnings if w.kind == "encoding"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("近日，中共嘉定区第七届委员会第九次全", "not a plenum report"),
        ("近日，全区召开经济工作会议。区委书记陆方舟讲话。", "no district or county committee"),
        ("中共嘉定区委召开常委会会议，研究部署防汛工作。", "not a plenum report"),
        ("近日，中共嘉定区委理论学习中心组学习《习近平谈治国理政》。", "not a plenum report"),
    ],
    ids=["truncated", "no-committee", "not-plenum", "study-session"],
)
def test_not_a_plenum_report(text, reason):
    with pytest.raises(ArticleError, match=reason) as err:
        parse_bytes(text.encode(), "x/odd.txt")
    assert err.value.path == "x/odd.txt"


def test_same_plenum_twice_names_both_files(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD.replace("12月20日", "12月21日"), encoding="utf-8")
    with pytest.raises(ArticleError) as err:
        parse_paths([tmp_path])
    assert err.value.path == str(tmp_path / "b.txt")
    assert str(tmp_path / "a.txt") in err.value.reason
    assert "same plenum" in err.value.reason


def test_first_bad_file_stops_the_run(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(ArticleError, match=r"b\.txt: empty file"):
        parse_paths([tmp_path])


def test_directory_without_articles(tmp_path):
    with pytest.raises(ArticleError, match=r"holds no article files \(\*\.txt/\*\.html/"):
        parse_paths([tmp_path])


def test_records_sorted_by_path(tmp_path):
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TRADITIONAL, encoding="utf-8")
    records = parse_paths([tmp_path / "b.txt", tmp_path / "a.txt"])
    assert [r.file for r in records] == ["a.txt", "b.txt"]


def test_paragraph_markup_left_by_reposting_is_cleaned_not_refused():
    from plenums.ingest.parse import parse_bytes

    text = (
        "<p>中共重庆市渝北区委十六届七次全会召开</p>\n<p>12月26日，中国共产党重庆市渝北区第十六届"
        "委员会第七次全体会议召开。<br>区委书记王志杰作讲话。</p>"
    )
    record = parse_bytes(text.encode("utf-8"), "tagged.txt")
    assert "<" not in record.text and "王志杰作讲话" in record.text
    assert {s.step: s.count for s in record.cleaning}["html_tags"] == 5
    assert (record.committee.region, record.term, record.plenum) == ("渝北区", 16, 7)
