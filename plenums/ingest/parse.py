"""Parse plenum-report article files into SessionRecords: decode, clean, extract."""

import dataclasses
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from plenums.chinese import chinese_numeral, detect_script, fold
from plenums.shapes import plenum_name

from . import extract
from .clean import clean
from .decode import decode
from .files import Article, check, list_articles, read_article
from .records import ArticleError, Committee, SessionDate, SessionRecord, Span, Warning


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


def parse_bytes(data: bytes, path: str, supplied: Supplied | None = None) -> SessionRecord:
    """Parse one article's bytes; ``path`` names it in errors and (as a basename) in the record.

    ``supplied`` facts replace the text's; without them an article lacking its committee or
    届/次 raises MissingFacts naming what is missing.
    """
    path = str(path)
    supplied = supplied or Supplied()
    decoded = decode(data, path)
    cleaned = clean(decoded.text)
    text = cleaned.text
    folded = fold(text)

    found = extract.find_committee(folded, fold(cleaned.source.name) if cleaned.source else "")
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
    if found is None:
        raise MissingFacts(path, _NO_COMMITTEE, missing)
    if ordinal is None:
        raise MissingFacts(path, _NO_ORDINAL, missing)
    date = extract.find_date(folded, ordinal.start, fold(decoded.text), ordinal.mentions)
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
    warnings += _supplied_warnings(supplied)
    warnings.sort(key=lambda w: (w.offset, w.kind, w.excerpt))

    return SessionRecord(
        file=os.path.basename(path),
        committee=found.committee,
        term=ordinal.term,
        plenum=ordinal.plenum,
        expanded=ordinal.expanded,
        date=date.date if date.date else SessionDate(),
        title=_title(found.committee, ordinal.term, ordinal.plenum, ordinal.expanded),
        source=cleaned.source,
        script=detect_script(decoded.text),
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


def parse_paths(
    paths, progress: Progress | None = None, follow_symlinks: bool = False
) -> list[SessionRecord]:
    """Parse files and directories (their *.txt files); refuse a plenum described twice. Every
    path is checked before any is parsed, so an entry that is not a regular file stops the run
    at once, naming it."""
    listing = list_articles(paths, follow_symlinks)
    if listing.refused:
        raise listing.refused[0]
    for article in listing.articles:
        check(article, follow_symlinks)
    parsed: list[tuple[str, SessionRecord]] = []
    seen: dict[tuple[str, int, int], str] = {}
    for done, article in enumerate(listing.articles, 1):
        record = parse_bytes(read_article(article, follow_symlinks), article.path)
        key = _plenum_key(record)
        if key in seen:
            raise _same_plenum(article.path, seen[key], record)
        seen[key] = article.path
        parsed.append((article.path, record))
        if progress:
            progress(done, len(listing.articles))
    return [record for _path, record in sorted(parsed, key=lambda item: item[0])]


@dataclass
class Batch:
    """A keep-going parse: the good records with their paths, and every file refused."""

    parsed: list[tuple[str, SessionRecord]] = field(default_factory=list)
    refused: list[ArticleError] = field(default_factory=list)
    # Folder entries not named *.txt, counted so that a run accounts for every entry.
    skipped: list[str] = field(default_factory=list)


def refuse_duplicates(batch: Batch) -> Batch:
    """Refuse every file of a plenum that more than one file describes: which one is right is
    for a person to decide, so none of them wins."""
    by_plenum: dict[tuple[str, int, int], list[str]] = {}
    for path, record in batch.parsed:
        by_plenum.setdefault(_plenum_key(record), []).append(path)
    kept = Batch(refused=list(batch.refused), skipped=list(batch.skipped))
    for path, record in batch.parsed:
        same = by_plenum[_plenum_key(record)]
        if len(same) == 1:
            kept.parsed.append((path, record))
            continue
        kept.refused.append(_same_plenum(path, ", ".join(p for p in same if p != path), record))
    kept.refused.sort(key=lambda error: error.path)
    return kept


def parse_batch(paths, progress: Progress | None = None, follow_symlinks: bool = False) -> Batch:
    """Parse every file of ``paths`` (directories: their *.txt files), keeping going past bad
    ones: each refused file is listed with its reason, each skipped entry counted, and no
    plenum is described twice."""
    listing = list_articles(paths, follow_symlinks)
    batch = Batch(refused=list(listing.refused), skipped=list(listing.skipped))
    for done, article in enumerate(listing.articles, 1):
        try:
            data = read_article(article, follow_symlinks)
            batch.parsed.append((article.path, parse_bytes(data, article.path)))
        except ArticleError as error:
            batch.refused.append(error)
        if progress:
            progress(done, len(listing.articles))
    batch.parsed.sort(key=lambda item: item[0])
    return refuse_duplicates(batch)
