"""Dataclasses carrying one parsed article from the parser to the JSON printer and fixtures."""

import datetime
from dataclasses import dataclass, field


class ArticleError(ValueError):
    """An article that cannot be ingested; the message names the file and the reason."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class Span:
    """Where a fact was read: ``length`` characters of the cleaned text from ``offset``."""

    offset: int
    length: int

    @property
    def end(self) -> int:
        return self.offset + self.length

    def as_json(self) -> dict:
        return {"offset": self.offset, "length": self.length}

    @classmethod
    def from_json(cls, value: dict | None) -> "Span | None":
        return cls(value["offset"], value["length"]) if value else None


def span_json(span: Span | None) -> dict | None:
    return span.as_json() if span else None


def _evidence():
    # Evidence and doubt say how a fact was read, not what it is: two records with the same
    # facts are equal however each was found.
    return field(default=None, compare=False)


def _doubt():
    return field(default_factory=list, compare=False)


@dataclass
class Committee:
    name: str  # 中共上海市嘉定区委员会
    region: str  # 嘉定区
    parent_region: str  # 上海市 ('' when unknown)
    level: str  # "district", "county" or "other"
    evidence: Span | None = _evidence()
    doubt: list[str] = _doubt()


@dataclass
class SessionDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    inferred: bool = False
    # The printed date (or, when only the year is known, its evidence), and for an inferred
    # year the span it was inferred from.
    evidence: Span | None = _evidence()
    year_evidence: Span | None = _evidence()
    doubt: list[str] = _doubt()

    def iso(self) -> str:
        """The known part in ISO order (2024, 2024-12, 2024-12-29); '' when not even the year."""
        parts = [f"{self.year:04d}"] if self.year else []
        if self.year and self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def edtf(self) -> str | None:
        """The date in EDTF (ISO 8601-2, level 1): 2024-12-29, 2024-12, 2024, with ``?`` when
        the year is inferred (2024?, 2024-12?: level 1 qualifies the whole date). None when the
        year is unknown: a month and day without a year need level 2 (XXXX-12-26)."""
        iso = self.iso()
        if not iso:
            return None
        return iso + "?" if self.inferred else iso

    def first_day(self) -> datetime.date | None:
        """The first day the date can mean, for sorting and feeds; None when the year is unknown."""
        if self.year is None:
            return None
        return datetime.date(self.year, self.month or 1, self.day or 1)


@dataclass
class Source:
    name: str
    url: str
    title: str


@dataclass
class Speaker:
    name: str  # canonical, Simplified
    name_as_printed: str
    roles: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    evidence: Span | None = _evidence()  # the name as printed
    role_evidence: list[Span | None] = field(default_factory=list, compare=False)  # per role
    doubt: list[str] = _doubt()


@dataclass
class Attendance:
    members: int | None = None
    alternates: int | None = None
    members_evidence: Span | None = _evidence()
    alternates_evidence: Span | None = _evidence()
    doubt: list[str] = _doubt()


@dataclass
class Document:
    title: str  # without 《》, Simplified
    action: str  # 审议通过 / 审议 / 讨论 …
    kind: str  # 决议 / 意见 / 报告 / 建议 / 其他
    evidence: Span | None = _evidence()
    doubt: list[str] = _doubt()


@dataclass
class KeyPhrase:
    phrase: str  # Simplified
    count: int
    sentence: str  # the sentence of the cleaned text it first appears in


@dataclass
class CleaningStep:
    step: str
    count: int


@dataclass
class Warning:
    kind: str
    offset: int  # character offset in the cleaned text
    excerpt: str


@dataclass(frozen=True)
class Origin:
    """Where a web page's bytes came from, when not from a file: a URL fetched or a record of
    a web archive (WARC/WACZ)."""

    url: str = ""  # the final URL fetched, or the record's target URI
    fetched_at: str = ""  # ISO 8601, UTC: when fetched, or when the archive captured it
    record_id: str = ""  # the WARC-Record-ID of an archived response
    charset: str = ""  # the charset the HTTP response declared
    captured: bool = False  # fetched_at is a web archive's capture date (evidence of the year)


@dataclass
class SessionRecord:
    file: str
    committee: Committee
    term: int
    plenum: int
    expanded: bool
    date: SessionDate
    title: str
    source: Source | None
    script: str  # "Hans" or "Hant"
    speakers: list[Speaker]
    attendance: Attendance
    documents: list[Document]
    key_phrases: list[KeyPhrase]
    cleaning: list[CleaningStep]
    warnings: list[Warning]
    text: str  # cleaned text, in the article's own script
    original: str  # verbatim decoded original
    sha256: str  # of the original file's bytes
    encoding: str  # the encoding the bytes were decoded from
    numbering_evidence: Span | None = _evidence()  # the 届/次 as printed
    origin: Origin | None = None  # a URL or web-archive record; None for a file
    # Whether a person has checked the facts against the text; a parsed record never has.
    reviewed: bool = field(default=False, compare=False)

    def as_json(self) -> dict:
        """The public JSON shape, shared by ``parse_article`` and the pages' ``?format=json``."""
        return {
            "file": self.file,
            "committee": {
                "name": self.committee.name,
                "region": self.committee.region,
                "parent_region": self.committee.parent_region,
                "evidence": span_json(self.committee.evidence),
                "doubt": list(self.committee.doubt),
            },
            "term": self.term,
            "plenum": self.plenum,
            "numbering_evidence": span_json(self.numbering_evidence),
            "expanded": self.expanded,
            "date": {
                "year": self.date.year,
                "month": self.date.month,
                "day": self.date.day,
                "inferred": self.date.inferred,
                "edtf": self.date.edtf(),
                "evidence": span_json(self.date.evidence),
                "year_evidence": span_json(self.date.year_evidence),
                "doubt": list(self.date.doubt),
            },
            "title": self.title,
            "source": (
                {"name": self.source.name, "url": self.source.url, "title": self.source.title}
                if self.source
                else None
            ),
            "script": self.script,
            "speakers": [
                {
                    "name": s.name,
                    "name_as_printed": s.name_as_printed,
                    "roles": list(s.roles),
                    "actions": list(s.actions),
                    "evidence": span_json(s.evidence),
                    "role_evidence": [span_json(e) for e in s.role_evidence],
                    "doubt": list(s.doubt),
                }
                for s in self.speakers
            ],
            "attendance": {
                "members": self.attendance.members,
                "alternates": self.attendance.alternates,
                "evidence": {
                    "members": span_json(self.attendance.members_evidence),
                    "alternates": span_json(self.attendance.alternates_evidence),
                },
                "doubt": list(self.attendance.doubt),
            },
            "documents": [
                {
                    "title": d.title,
                    "action": d.action,
                    "evidence": span_json(d.evidence),
                    "doubt": list(d.doubt),
                }
                for d in self.documents
            ],
            "key_phrases": [{"phrase": k.phrase, "count": k.count} for k in self.key_phrases],
            "cleaning": [{"step": c.step, "count": c.count} for c in self.cleaning],
            "warnings": [
                {"kind": w.kind, "offset": w.offset, "excerpt": w.excerpt} for w in self.warnings
            ],
            "reviewed": self.reviewed,
            "text": self.text,
        }
