"""Hostile and fuzzed articles: a record or a clear error, nothing written; loads all or none."""

import dataclasses
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from plenums.ingest.parse import parse_bytes, parse_paths
from plenums.ingest.records import ArticleError
from plenums.records.loader import load_records

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]
SEEDS = sorted(settings.ARTICLES_DIR.glob("*.txt"))
SIMPLIFIED_SEED = next(p for p in SEEDS if "嘉定区第六届" in p.read_text(encoding="utf-8"))
TRADITIONAL_SEED = next(p for p in SEEDS if p != SIMPLIFIED_SEED)
TRIED = Counter()  # bad inputs per kind, reported at the end of the module


def seed_bytes(path=SIMPLIFIED_SEED):
    return path.read_bytes()


def cut_mid_character(data: bytes, near: int) -> bytes:
    """The first ~near bytes, ending inside a multi-byte UTF-8 character."""
    n = near
    while data[n] & 0xC0 != 0x80:  # move onto a continuation byte
        n += 1
    return data[:n]


NON_PLENUM = (
    "近日,区政府召开第十二次常务会议,研究部署安全生产、防汛防台和城市精细化管理等工作。"
    "会议指出,要坚持人民至上、生命至上,压紧压实各方责任,确保全区安全形势持续稳定。"
    "会议还审议通过了《关于进一步优化营商环境的若干措施》。"
) * 3

BAD_INPUTS = {
    "empty": (lambda: b"", "empty file"),
    "whitespace": (lambda: b" \r\n\t\n\n  \n", "empty file"),
    "binary": (lambda: random.Random(1).randbytes(4096), "binary"),
    "png": (lambda: b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(512), None),
    "ten_megabytes": (lambda: seed_bytes() * (10 * 1024 * 1024 // len(seed_bytes()) + 1), "limit"),
    # A web page is read for its main text: one that reports no plenum is refused.
    "html_page_without_plenum": (
        lambda: (
            b"<!DOCTYPE html><html><head><meta charset=utf-8><title>x</title></head><body><p>"
            + NON_PLENUM.encode()
            + b"</p></body></html>"
        ),
        "web page: ",
    ),
    "non_plenum_article": (lambda: NON_PLENUM.encode(), None),
    "truncated_mid_character": (lambda: cut_mid_character(seed_bytes(), 1000), "UTF-8"),
    "truncated_before_the_plenum": (lambda: cut_mid_character(seed_bytes(), 60)[:-1], None),
    "latin1_mojibake": (
        lambda: seed_bytes().decode("utf-8").encode("utf-8").decode("latin-1").encode("utf-8"),
        "no Chinese",
    ),
    "utf16_without_bom": (lambda: seed_bytes().decode("utf-8").encode("utf-16-le"), None),
    "control_characters": (lambda: bytes(range(1, 32)) * 50, None),
}


def run(*args, timeout=120):
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    return subprocess.run(
        [*MANAGE, *map(str, args)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_clear_refusal(result, path, reason):
    assert result.returncode != 0, result.stdout[:500]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert str(path) in result.stderr, result.stderr  # names the file
    if reason:
        assert reason in result.stderr, result.stderr
    assert result.stdout.strip() == ""  # no half-printed JSON


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_article_is_refused_and_nothing_is_written(tmp_path, name):
    make, reason = BAD_INPUTS[name]
    article = tmp_path / f"{name}.txt"
    article.write_bytes(make())
    TRIED[name] += 1

    out = tmp_path / "out"
    out.mkdir()
    existing = out / "plenums.json"
    existing.write_bytes(settings.FIXTURE_FILE.read_bytes())
    before = existing.stat()
    # The two commands run side by side; a good article first, so the build has something to
    # write, and the bad one must still leave the old fixture exactly as it was.
    with ThreadPoolExecutor(2) as pool:
        parsed = pool.submit(run, "parse_article", article)
        built = pool.submit(run, "build_fixtures", SIMPLIFIED_SEED, article, "-o", existing)
    assert_clear_refusal(parsed.result(), article, reason)
    assert_clear_refusal(built.result(), article, reason)
    assert existing.read_bytes() == settings.FIXTURE_FILE.read_bytes()
    assert existing.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in out.iterdir()) == ["plenums.json"]  # no temporary files


def test_the_same_plenum_twice_is_refused(tmp_path):
    for i, data in enumerate([seed_bytes(), seed_bytes().decode("utf-8").encode("gb18030")]):
        (tmp_path / f"copy{i}.txt").write_bytes(data)
    TRIED["same_plenum_twice"] += 1
    out = tmp_path / "out.json"
    for args in (("parse_article", tmp_path), ("build_fixtures", tmp_path, "-o", out)):
        result = run(*args)
        assert_clear_refusal(result, tmp_path / "copy1.txt", "same plenum as")
    assert not out.exists()


@pytest.mark.parametrize(
    "encoding, seed, detected",
    [
        ("gbk", SIMPLIFIED_SEED, "gb18030"),  # GB18030 is the superset decoder
        ("gb18030", TRADITIONAL_SEED, "gb18030"),
        ("big5", TRADITIONAL_SEED, "big5"),
        ("utf-16", SIMPLIFIED_SEED, "utf-16"),  # Python writes the BOM
        ("utf-8-sig", TRADITIONAL_SEED, "utf-8-sig"),
    ],
)
def test_legacy_encodings_parse_to_the_same_plenum(tmp_path, encoding, seed, detected):
    # The seed carries pinyin glosses such as 區(qū) from a damaged copy; a Big5 or GBK site has
    # no such letters, so they go, and so does whatever else the encoding cannot hold (€).
    text = re.sub(r"\([a-zA-Z\u00c0-\u024f]+\)", "", seed.read_text(encoding="utf-8"))
    text = text.encode(encoding, errors="ignore").decode(encoding)
    data = text.encode(encoding)
    article = tmp_path / f"{encoding}.txt"
    article.write_bytes(data)
    same_in_utf8 = tmp_path / "reference.txt"
    same_in_utf8.write_text(text, encoding="utf-8")
    with ThreadPoolExecutor(2) as pool:
        result, reference = pool.map(lambda p: run("parse_article", p), [article, same_in_utf8])
    assert result.returncode == 0, result.stderr
    (got,) = json.loads(result.stdout)
    (want,) = json.loads(reference.stdout)
    for key in ("committee", "term", "plenum", "expanded", "date", "script", "attendance"):
        assert got[key] == want[key], key
    assert [s["name"] for s in got["speakers"]] == [s["name"] for s in want["speakers"]]
    assert [d["title"] for d in got["documents"]] == [d["title"] for d in want["documents"]]
    records = parse_paths([article])
    assert records[0].sha256 == hashlib.sha256(data).hexdigest()
    assert records[0].encoding == detected


# --- in-process: many mutated files, and all-or-nothing database loads ------------------------

MUTANT = hsettings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def mutated_article(draw):
    data = bytearray(
        draw(st.sampled_from([seed_bytes(SIMPLIFIED_SEED), seed_bytes(TRADITIONAL_SEED)]))
    )
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"]))
    if encoding != "utf-8":
        data = bytearray(data.decode("utf-8").encode(encoding, errors="ignore"))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["cut", "insert", "flip", "delete", "prefix"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "cut":
            del data[at:]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 500))]
        elif op == "prefix":
            data[:0] = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00"]))
    return bytes(data)


@MUTANT
@given(data=st.one_of(mutated_article(), st.binary(max_size=2048)))
def test_any_bytes_give_a_record_or_a_clear_error(data):
    TRIED["mutated"] += 1
    try:
        record = parse_bytes(data, "mutant.txt")
    except ArticleError as exc:
        assert exc.path == "mutant.txt" and exc.reason
        TRIED["mutated refused"] += 1
        return
    assert record.term > 0 and record.plenum > 0
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.committee.name.startswith("中共")
    json.dumps(record.as_json(), ensure_ascii=False)


# Article-like text: a plenum's heading among fragments of real reports and short random text,
# so most examples get past the committee and ordinal checks to the record's own assertions.
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
HEADINGS = [
    "中共上海市嘉定区第七届委员会第九次全体会议",
    "中國共產黨福州市鼓樓區第十二屆委員會第五次全體（擴大）會議",
    "中共淳安县委十五届六次全委(扩大)会议",
]
# Control characters make a file binary: st.binary() above covers them.
_piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=6),
)
article_text = st.tuples(
    st.lists(_piece, max_size=12), st.sampled_from(HEADINGS), st.lists(_piece, max_size=30)
).map(lambda parts: "".join(parts[0]) + parts[1] + "".join(parts[2]))


@hsettings(MUTANT, max_examples=300)
@given(text=article_text)
def test_article_like_text_gives_a_sound_record_or_a_clear_error(text):
    TRIED["article-like"] += 1
    try:
        record = parse_bytes(text.encode("utf-8"), "fuzz.txt")
    except ArticleError as err:
        assert str(err).startswith("fuzz.txt: ")
        TRIED["article-like refused"] += 1
        return
    assert record.term >= 1 and record.plenum >= 1
    assert record.committee.name.startswith("中共") and record.committee.name.endswith("委员会")
    for w in record.warnings:
        assert 0 <= w.offset <= len(record.text)
    assert [c.step for c in record.cleaning][0] == "invisible_chars"
    record.as_json()


def dump_archive():
    out = io.StringIO()
    call_command("dumpdata", "plenums", "auth", "--natural-foreign", "--indent", "0", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", ["duplicate_hash", "negative_term", "title_too_long"])
def test_a_load_failing_half_way_leaves_the_database_as_before(fault):
    if fault == "title_too_long" and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("SQLite does not enforce VARCHAR lengths; this case runs on PostgreSQL")
    first, second = parse_paths(SEEDS)
    load_records([first])
    before = dump_archive()
    assert '"plenums.session"' in before

    changed = dataclasses.replace(first, title=first.title + "(改)")
    if fault == "duplicate_hash":
        bad = dataclasses.replace(second, sha256=first.sha256)
    elif fault == "negative_term":
        bad = dataclasses.replace(second, term=-1)
    else:
        bad = dataclasses.replace(second, title="长" * 301)
    TRIED[f"load {fault}"] += 1
    with pytest.raises(Exception):  # noqa: B017 - the database's own error, whichever it is
        load_records([changed, bad])
    assert dump_archive() == before


@pytest.mark.django_db(transaction=True)
def test_ingest_command_refuses_bad_input_without_writing(tmp_path):
    call_command("ingest_articles", str(SIMPLIFIED_SEED), stdout=io.StringIO())
    before = dump_archive()
    bad = tmp_path / "html.txt"
    bad.write_bytes(BAD_INPUTS["html_page_without_plenum"][0]())
    TRIED["ingest html"] += 1
    with pytest.raises(CommandError, match="html.txt"):
        call_command("ingest_articles", str(TRADITIONAL_SEED), str(bad), stdout=io.StringIO())
    assert dump_archive() == before


@pytest.fixture(scope="module", autouse=True)
def report_inputs_tried():
    yield
    tried = sum(v for k, v in TRIED.items() if not k.endswith("refused"))
    print(f"\nbad inputs tried: {tried} {dict(TRIED)}")
