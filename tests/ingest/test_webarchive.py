"""Web archives in and out: WARC and WACZ files written with warcio give their HTML responses as
candidate articles (URI the source, capture date the evidence, record ID kept); the archive's
originals come back as a WARC of resource records."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from plenums.models import Session
from tests.support import pages
from tests.support.pages import page

PAGE_URL = "https://www.meitan.example.cn/xwzx/202501/t20250103_1.html"
NOTICE = pages.government_portal(
    "县政府召开常务会议", ["近日，县政府召开第十二次常务会议，研究部署安全生产工作。"], "utf-8"
).encode()
# No date in the page's metadata: the capture date is the evidence of the year.
UNDATED = (
    page("aggregator", "Hans", "gbk")
    .replace(b"article:published_time", b"x")
    .replace(pages.PUBLISHED.encode(), b"")
)


def response(writer, uri, body, content_type, date, status="200 OK"):
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID")


def write_warc(stream, gzip=True) -> dict:
    """A crawl: robots.txt, a redirect, the report (twice), a notice, a request; the IDs."""
    writer = WARCWriter(stream, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    site = "https://www.meitan.example.cn"
    day = "2025-01-03T08:00:0"
    response(writer, f"{site}/robots.txt", b"", "text/plain", day + "0Z")
    response(writer, f"{site}/r", b"", "text/html", day + "1Z", status="302 Found")
    ids = {"report": response(writer, PAGE_URL, UNDATED, "text/html; charset=gbk", day + "2Z")}
    response(writer, PAGE_URL + "?again", UNDATED, "text/html", day + "3Z")
    ids["notice"] = response(writer, f"{site}/notice.html", NOTICE, "text/html", day + "4Z")
    get = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
    writer.write_record(writer.create_warc_record(PAGE_URL, "request", payload=get))
    return ids


def ingest(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_gives_its_plenum_reports_and_passes_over_the_rest(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    with open(path, "wb") as stream:
        ids = write_warc(stream, gzip)
    out, err = ingest(path)
    session = Session.objects.get()
    assert session.source_url == PAGE_URL
    assert session.warc_record_id == ids["report"]
    assert session.fetched_at.isoformat() == "2025-01-03T08:00:02+00:00"
    assert session.original_text.encode("gb18030") == UNDATED
    assert session.sha256 == hashlib.sha256(UNDATED).hexdigest()
    # 12月28日 captured on 3 January 2025: held in 2024, flagged with the capture as evidence.
    assert (session.year, session.month, session.day, session.date_inferred) == (2024, 12, 28, True)
    assert any("网页存档日期 2025-01-03" in w["excerpt"] for w in session.warnings)
    # The notice and the second capture of the same bytes are counted, not loaded.
    assert "2 archive pages passed over (not plenum reports)" in out.splitlines()
    assert err == ""


@pytest.mark.django_db
def test_keep_going_lists_each_page_passed_over_with_the_reason(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as stream:
        ids = write_warc(stream)
    out, _err = ingest("--keep-going", path)
    lines = out.splitlines()
    assert "1 loaded, 0 refused" in lines
    notice = f"{path}#{ids['notice']} (https://www.meitan.example.cn/notice.html): web page: "
    assert any(line.startswith("passed over " + notice) for line in lines), lines
    assert any(line.endswith(f"the same bytes as {path}#{ids['report']}") for line in lines)


@pytest.mark.django_db
def test_a_wacz_gives_the_warcs_it_holds(tmp_path):
    warc = io.BytesIO()
    ids = write_warc(warc)
    path = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(path, "w") as wacz:
        wacz.writestr("archive/data.warc.gz", warc.getvalue())
        wacz.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')
        wacz.writestr("datapackage.json", json.dumps({"profile": "data-package"}))
    ingest(path)
    session = Session.objects.get()
    assert session.warc_record_id == ids["report"]
    assert session.original_filename == f"data.warc.gz#{ids['report']}"


@pytest.mark.django_db
def test_a_broken_archive_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "broken.wacz"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="broken.wacz: not a readable WACZ"):
        ingest(path)
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_the_originals_come_back_as_warc(client, tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as stream:
        ids = write_warc(stream)
    text = tmp_path / "anji.txt"
    text.write_text(
        "2024年7月26日，中国共产党淳安县第十五届委员会第六次全体会议召开。"
        "县委书记覃隐之代表县委常委会作工作报告。\n",
        encoding="utf-8",
    )
    ingest(path, text)
    response = client.get("/data/originals.warc.gz")
    assert response["Content-Type"] == "application/warc"
    kinds, resources = [], {}
    # A record's payload is read while the iterator stands on it.
    for record in ArchiveIterator(io.BytesIO(b"".join(response.streaming_content))):
        kinds.append(record.rec_type)
        if record.rec_type == "resource":
            uri = record.rec_headers.get_header("WARC-Target-URI")
            resources[uri] = (record.rec_headers, record.content_stream().read())
    assert kinds == ["warcinfo", "resource", "resource"]
    sessions = Session.objects.published()
    assert len(resources) == sessions.count() == 2
    for session in sessions:
        uri = session.source_url or f"http://testserver{session.get_absolute_url()}"
        headers, data = resources[uri]
        assert hashlib.sha256(data).hexdigest() == session.sha256  # the bytes ingested
        assert headers.get_header("X-Quanhui-Original-SHA256") == session.sha256
    headers, data = resources[PAGE_URL]
    assert data == UNDATED
    assert headers.get_header("Content-Type") == "text/html; charset=gb18030"
    assert headers.get_header("X-Quanhui-Source-Record-ID") == ids["report"]
    # Unpublished sessions are not given out.
    Session.objects.filter(source_url=PAGE_URL).update(published=False)
    again = client.get("/data/originals.warc.gz").streaming_content
    again = list(ArchiveIterator(io.BytesIO(b"".join(again))))
    assert [r.rec_type for r in again] == ["warcinfo", "resource"]
