"""Parse plenum-report article files into SessionRecords: decode, clean, extract."""

import dataclasses
import datetime
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from plenums.chinese import HAN_RE, chinese_numeral, detect_script, fold
from plenums.records.shapes import plenum_name

from . import extract
from .clean import clean
from .decode import Decoded, decode
from .files import Article, check, list_articles, read_article
from .page import EXTRACT_STEP, HTMLDATE, TRAFILATURA, Page, is_html, read_page
from .records import (
    ArticleError,
    CleaningStep,
    Committee,
    Origin,
    SessionDate,
    SessionRecord,
    Source,
    Span,
    Warning,
)
from .webarchive import captures, is_archive


def _title(committee, term: int, plenum: int, expanded: bool) -> str:
    region = committee.parent_region + committee.region
    return "中共" + region + plenum_name(term, plenum, expanded, numeral=chinese_numeral)


def _formal_name(committee, term: int, plenum: int) -> str:
    """中国共产党西峡县第十四届委员会第二次全体会议, as a resolution's title names its plenum; a
    district with its city (中国共产党上海市嘉定区…)."""
    place = committee.region
    if committee.level == "district":
        place = committee.parent_region + place
    return "中国共产党" + place + plenum_name(term, plenum, False, numeral=chinese_numeral)


_PLENUM_NAMED_RE = re.compile(r"全体(?:\(扩大\))?会议|全会|全委会")
_NO_COMMITTEE = "no district or county committee (中共…区/县委员会 or …区委/县委) named"
_NO_ORDINAL = (
    "not a plenum report: no 第N届…第N次全体会议 (or N届N次全会) of the committee found;"
    " the file may be truncated"
)


@dataclass(frozen=True)
class Supplied:
    """Facts a person supplies for an article that does not state them (staff importing it);
    each one given replaces what the text says, and the record's warnings say so."""

    region: str = ""  # 嘉定区: with parent_region, names the committee
    parent_region: str = ""  # 上海市 ('' when unknown)
    term: int | None = None
    plenum: int | None = None

    def committee(self) -> Committee:
        return Committee(
            f"中共{self.parent_region}{self.region}委员会",
            self.region,
            self.parent_region,
            extract.region_level(self.region),
        )


class MissingFacts(ArticleError):
    """An article the record cannot be built from without facts its text does not state:
    ``missing`` holds "committee" and/or "ordinal" (its 届 and 次)."""

    def __init__(self, path: str, reason: str, missing: frozenset[str]):
        self.missing = missing
        super().__init__(path, reason)


def _page_date(page: Page, origin: Origin | None) -> extract.PageDate | None:
    """The date a page gives outside its text: its metadata's, else an archive's capture."""
    if page.meta.date:
        evidence = f"网页发布日期 {page.meta.date.isoformat()}({TRAFILATURA}, {HTMLDATE})"
        return extract.PageDate(page.meta.date, evidence)
    if origin and origin.captured and origin.fetched_at:
        captured = datetime.datetime.fromisoformat(origin.fetched_at).date()
        return extract.PageDate(captured, f"网页存档日期 {captured.isoformat()}(WARC-Date)")
    return None


def _page_source(
    page: Page, origin: Origin | None, own: Source | None
) -> tuple[Source | None, list[Warning]]:
    """The source of a page: what its text says (a 来源 line), completed by where it was found
    (the final URL, an archive record's URI) or by its metadata (canonical link or og:url,
    site name, title); a warning names each fact the page gave."""
    own = own or Source("", "", "")
    notes = []
    url, name, title = own.url, own.name, own.title
    if origin and origin.url:
        url = origin.url
    elif not url and page.meta.url:
        url = page.meta.url
        notes.append(f"来源网址 {url}({page.meta.url_from})")
    if not name and page.meta.site_name:
        name = page.meta.site_name
        notes.append(f"来源 {name}(站点名)")
    if not title and page.meta.title:
        title = page.meta.title
        notes.append(f"标题 {title}")
    warnings = [Warning("from_page", 0, note) for note in notes]
    return (Source(name, url, title) if name or url or title else None), warnings


def _file_name(path: str, origin: Origin | None) -> str:
    """The record's file: a file's or archive record's own name, a fetched page's last URL
    segment (its host for a site's front page)."""
    if origin is None or origin.record_id or path != origin.url:
        return os.path.basename(path)
    parts = urlsplit(origin.url)
    return parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.hostname or "index.html"


def parse_bytes(
    data: bytes, path: str, supplied: Supplied | None = None, origin: Origin | None = None
) -> SessionRecord:
    """Parse one article's bytes; ``path`` names it in errors and (as a basename) in the record.

    ``supplied`` facts replace the text's; without them an article lacking its committee or
    届/次 raises MissingFacts naming what is missing. A web page (HTML) is read for its main
    text, its metadata standing as evidence; ``origin`` says where it was fetched or archived.
    """
    path = str(path)
    supplied = supplied or Supplied()
    page = None
    if is_html(data):
        page = read_page(data, path, origin.charset if origin else "", origin.url if origin else "")
        if not HAN_RE.search(page.text):
            raise ArticleError(path, "web page: its main text holds no Chinese text")
        decoded = Decoded(page.html, page.encoding, page.notes)
        body = page.text
    else:
        decoded = decode(data, path)
        body = decoded.text
    cleaned = clean(body)
    text = cleaned.text
    folded = fold(text)
    page_warnings: list[Warning] = []
    source = cleaned.source
    if page is not None:
        cleaned.steps.insert(0, CleaningStep(EXTRACT_STEP, page.paragraphs))
        source, page_warnings = _page_source(page, origin, cleaned.source)

    own_source = fold(cleaned.source.name) if cleaned.source else ""
    found = extract.find_committee(folded, own_source)
    if found is None and page is not None and (page.meta.site_name or page.meta.title):
        # The site's name (县融媒体中心) or the page's title names the county the text does not.
        evidence = "｜".join(filter(None, (page.meta.site_name, page.meta.title)))
        found = extract.find_committee(folded, own_source + "｜" + fold(evidence))
        if found is not None:
            page_warnings.append(
                Warning("from_page", 0, f"委员会 {found.committee.region}:{evidence}")
            )
    if supplied.region:
        found = extract.CommitteeFound(supplied.committee(), [])
    ordinal = extract.find_ordinal(folded, found.committee.region if found else "")
    if ordinal is None and supplied.term and supplied.plenum:
        # No 届/次 printed to anchor the date on: it is looked for around the first plenum
        # named at all (…全体会议召开), else from the lead on.
        named = [m.start() for m in _PLENUM_NAMED_RE.finditer(folded)]
        ordinal = extract.Ordinal(
            term=supplied.term,
            plenum=supplied.plenum,
            expanded=False,
            start=named[0] if named else 0,
            end=named[0] if named else 0,
            mentions=tuple(named),
        )
    elif ordinal is not None:
        ordinal = dataclasses.replace(
            ordinal, term=supplied.term or ordinal.term, plenum=supplied.plenum or ordinal.plenum
        )
    missing = frozenset(
        fact for fact, value in (("committee", found), ("ordinal", ordinal)) if value is None
    )
    what = "web page: " if page is not None else ""
    if found is None:
        raise MissingFacts(path, what + _NO_COMMITTEE, missing)
    if ordinal is None:
        raise MissingFacts(path, what + _NO_ORDINAL, missing)
    date = extract.find_date(
        folded,
        ordinal.start,
        fold(body),
        ordinal.mentions,
        _page_date(page, origin) if page is not None else None,
    )
    speakers = extract.find_speakers(folded, text, found.committee.region)
    warnings: list[Warning] = [Warning("encoding", 0, note) for note in decoded.notes]
    warnings += extract.find_mojibake(text)
    warnings += found.warnings + date.warnings + speakers.warnings
    if ordinal.garbled:
        excerpt = text[ordinal.start : ordinal.end]
        warnings.append(Warning("ordinal_garbled", ordinal.start, excerpt))
        found.committee.doubt.append("ordinal_garbled")
    # The 届/次 as printed; none when staff supplied either, or nothing names the plenum.
    numbering = None
    if ordinal.end > ordinal.start and not (supplied.term or supplied.plenum):
        numbering = Span(ordinal.start, ordinal.end - ordinal.start)
    warnings += _supplied_warnings(supplied) + page_warnings
    warnings.sort(key=lambda w: (w.offset, w.kind, w.excerpt))

    return SessionRecord(
        file=_file_name(path, origin),
        committee=found.committee,
        term=ordinal.term,
        plenum=ordinal.plenum,
        expanded=ordinal.expanded,
        date=date.date if date.date else SessionDate(),
        title=_title(found.committee, ordinal.term, ordinal.plenum, ordinal.expanded),
        source=source,
        script=detect_script(body),
        speakers=speakers.speakers,
        attendance=extract.find_attendance(folded),
        documents=extract.name_generic(
            extract.find_documents(folded, text, found.committee.region),
            _formal_name(found.committee, ordinal.term, ordinal.plenum),
        ),
        key_phrases=extract.find_key_phrases(folded, text),
        cleaning=cleaned.steps,
        warnings=warnings,
        text=text,
        original=decoded.text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=decoded.encoding,
        numbering_evidence=numbering,
        origin=origin,
    )


def _supplied_warnings(supplied: Supplied) -> list[Warning]:
    notes = []
    if supplied.region:
        notes.append(f"委员会 {supplied.parent_region}{supplied.region}")
    if supplied.term:
        notes.append(f"第{supplied.term}届")
    if supplied.plenum:
        notes.append(f"第{supplied.plenum}次")
    return [Warning("supplied", 0, "、".join(notes))] if notes else []


def parse_path(path, follow_symlinks: bool = False, folder: str | None = None) -> SessionRecord:
    """Parse one article file: a regular file (``files.read_article``), else refused."""
    path = str(path)
    article = Article(path, folder if folder is not None else str(Path(path).parent))
    return parse_bytes(read_article(article, follow_symlinks), path)


# Called after each file is parsed with (files done, files in all), e.g. to show progress.
Progress = Callable[[int, int], None]


def _plenum_key(record: SessionRecord) -> tuple[str, int, int]:
    return (record.committee.name, record.term, record.plenum)


def _same_plenum(path: str, others: str, record: SessionRecord) -> ArticleError:
    return ArticleError(
        path, f"describes the same plenum as {others} ({record.title}); keep one of them"
    )


# A page with its name and origin, not read from a file: one fetched from its URL.
Fetched = tuple[str, bytes, Origin]


def _units(article: Article, follow_symlinks: bool, passed_over: list[ArticleError]):
    """(name, record) of each article a listed path holds: the file's own, or one for each
    plenum report a web archive captured; the archive's other pages go to ``passed_over``
    with the reason."""
    if not is_archive(article.path):
        data = read_article(article, follow_symlinks)
        yield article.path, parse_bytes(data, article.path)
        return
    for capture, error in captures(article.path, article.folder, follow_symlinks):
        if error is None:
            try:
                yield capture.name, parse_bytes(capture.data, capture.name, origin=capture.origin)
                continue
            except ArticleError as refused:
                error = ArticleError(f"{capture.name} ({capture.origin.url})", refused.reason)
        passed_over.append(error)


def parse_paths(
    paths,
    progress: Progress | None = None,
    follow_symlinks: bool = False,
    *,
    pages: list[Fetched] = (),
    passed_over: list[ArticleError] | None = None,
) -> list[SessionRecord]:
    """Parse files and directories (their articles' files) and ``pages`` fetched; refuse a
    plenum described twice. Every path is checked before any is parsed, so an entry that is
    not a regular file stops the run at once, naming it. A web archive's pages that are not
    plenum reports are passed over, each added to ``passed_over`` with the reason."""
    passed_over = [] if passed_over is None else passed_over
    listing = list_articles(paths, follow_symlinks)
    if listing.refused:
        raise listing.refused[0]
    for article in listing.articles:
        check(article, follow_symlinks)
    parsed: list[tuple[str, SessionRecord]] = []
    seen: dict[tuple[str, int, int], str] = {}

    def add(path: str, record: SessionRecord) -> None:
        key = _plenum_key(record)
        if key in seen:
            raise _same_plenum(path, seen[key], record)
        seen[key] = path
        parsed.append((path, record))

    total = len(listing.articles) + len(pages)
    for done, article in enumerate(listing.articles, 1):
        for path, record in _units(article, follow_symlinks, passed_over):
            add(path, record)
        if progress:
            progress(done, total)
    for done, (name, data, origin) in enumerate(pages, len(listing.articles) + 1):
        add(name, parse_bytes(data, name, origin=origin))
        if progress:
            progress(done, total)
    return [record for _path, record in sorted(parsed, key=lambda item: item[0])]


@dataclass
class Batch:
    """A keep-going parse: the good records with their paths, and every file refused."""

    parsed: list[tuple[str, SessionRecord]] = field(default_factory=list)
    refused: list[ArticleError] = field(default_factory=list)
    # Folder entries not named as articles, counted so that a run accounts for every entry.
    skipped: list[str] = field(default_factory=list)
    # Pages of web archives that are not plenum reports, with the reason.
    passed_over: list[ArticleError] = field(default_factory=list)


def refuse_duplicates(batch: Batch) -> Batch:
    """Refuse every file of a plenum that more than one file describes: which one is right is
    for a person to decide, so none of them wins."""
    by_plenum: dict[tuple[str, int, int], list[str]] = {}
    for path, record in batch.parsed:
        by_plenum.setdefault(_plenum_key(record), []).append(path)
    kept = Batch(
        refused=list(batch.refused),
        skipped=list(batch.skipped),
        passed_over=list(batch.passed_over),
    )
    for path, record in batch.parsed:
        same = by_plenum[_plenum_key(record)]
        if len(same) == 1:
            kept.parsed.append((path, record))
            continue
        kept.refused.append(_same_plenum(path, ", ".join(p for p in same if p != path), record))
    kept.refused.sort(key=lambda error: error.path)
    return kept


def parse_batch(
    paths,
    progress: Progress | None = None,
    follow_symlinks: bool = False,
    *,
    pages: list[Fetched] = (),
    refused: list[ArticleError] = (),
) -> Batch:
    """Parse every file of ``paths`` (directories: their articles' files) and ``pages``
    fetched, keeping going past bad ones: each refused file is listed with its reason (with
    ``refused``, the pages that could not be fetched), each skipped entry counted, a web
    archive's pages that are not plenum reports passed over, and no plenum is described
    twice."""
    listing = list_articles(paths, follow_symlinks)
    batch = Batch(refused=[*listing.refused, *refused], skipped=list(listing.skipped))
    total = len(listing.articles) + len(pages)
    for done, article in enumerate(listing.articles, 1):
        try:
            batch.parsed.extend(_units(article, follow_symlinks, batch.passed_over))
        except ArticleError as error:
            batch.refused.append(error)
        if progress:
            progress(done, total)
    for done, (name, data, origin) in enumerate(pages, len(listing.articles) + 1):
        try:
            batch.parsed.append((name, parse_bytes(data, name, origin=origin)))
        except ArticleError as error:
            batch.refused.append(error)
        if progress:
            progress(done, total)
    batch.parsed.sort(key=lambda item: item[0])
    return refuse_duplicates(batch)
