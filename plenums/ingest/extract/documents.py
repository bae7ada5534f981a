"""Documents the plenum acted on: its mentions grouped into documents, then chosen.

Mentions (``document_mentions``) are grouped into documents (short forms resolved to the full
title they stand for) and every document with an acting mention is emitted once, in its fullest
form, in the order the text first names it.
"""

import re
from dataclasses import dataclass, field

from ..records import Document
from .document_mentions import _DRAFT_SUFFIX_RE, Mention, _core, find_mentions

_GENERIC_TITLE_RE = re.compile(r"^(?:本次|这次)?(?:全会|会议|大会)?(?:决议|决定|公报)$")
_KINDS = ("决议", "决定", "意见", "报告", "建议", "公报", "方案", "纲要", "规划", "条例", "办法")
# How strongly the plenum acted on a document: a later, stronger verb replaces a weaker one.
_ACTION_RANK = {"听取": 1, "作说明": 1, "审议": 2, "讨论": 2, "审查": 2}


def _document_kind(title: str) -> str:
    core = _DRAFT_SUFFIX_RE.sub("", title)
    for kind in ("决议", "意见", "报告", "建议"):
        if core.endswith(kind):
            return kind
    return "其他"


def _rank(action: str) -> int:
    return _ACTION_RANK.get(action, 3)


@dataclass
class _Doc:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> int:
        """Where the text first names it in full (or describes it); a short form in a headline
        (审议通过《决定》) does not place it."""
        placing = [m for m in self.mentions if not m.short] or self.mentions
        return min(m.offset for m in placing)

    @property
    def full(self) -> Mention:
        """The mention naming it most fully: a printed title over a description, then the
        longest name, then the earliest."""
        return max(
            self.mentions,
            key=lambda m: (
                not m.untitled,
                "\ufffd" not in m.title,
                len(_core(m.title)),
                -m.offset,
            ),
        )


def _damaged_twin(a: str, b: str) -> bool:
    """Whether two printings differ only where reposting replaced characters with \ufffd
    (全\ufffd从严治党 is 全面从严治党)."""
    return (
        len(a) == len(b)
        and a != b
        and all(x == y or "\ufffd" in (x, y) for x, y in zip(a, b, strict=True))
    )


def _summary_of(bare: str, full: str) -> bool:
    """Whether a bare title summarises a full one: the same kind, and the bare one's words
    (its 的 and kind aside) open what the full one is about (after its 关于)."""
    full = _core(full)
    kind = next((k for k in _KINDS if bare.endswith(k)), None)
    if kind is None or not full.endswith(kind) or bare == full:
        return False
    stem = bare[: -len(kind)].removesuffix("的")
    about = full.split("关于", 1)[-1]
    return len(stem) >= 6 and about.startswith(stem)


def _short_for(short: str, full: str) -> bool:
    """Whether ``short`` can stand for ``full``: its tail (《建议（讨论稿）》 for 《…的建议》) or
    its kind (《决定》 for 《…的决定》)."""
    short, full = _core(short), _core(full)
    return len(short) < len(full) and (
        full.endswith(short) or short in _KINDS and full.endswith(short)
    )


def _group(mentions: list[Mention]) -> list[_Doc]:
    """Mentions grouped into documents: a short form joins the full title it stands for (the
    nearest before it, else after it), a draft its adopted text, an untitled work report the
    titled one; a short form that stands for nothing names no document."""
    docs: list[_Doc] = []
    by_core: dict[str, _Doc] = {}
    aliases: dict[str, _Doc] = {}
    ordered = sorted(mentions, key=lambda m: m.offset)
    fulls = [m for m in ordered if not m.untitled and len(_core(m.title)) > 8]
    for mention in ordered:
        core = _core(mention.title)
        doc = None
        if mention.work_report:
            doc = next((d for d in docs if any(x.work_report for x in d.mentions)), None)
        if doc is None and core in by_core:
            doc = by_core[core]
        if doc is None:
            doc = next((d for c, d in by_core.items() if _damaged_twin(core, c)), None)
        if doc is None and core in aliases:
            doc = aliases[core]
            mention.short = True
        if doc is None and not mention.bare and (mention.untitled or len(core) <= 8):
            if mention.work_report and mention.untitled and mention.title == "工作报告":
                continue  # a bare 工作报告 with no report of the standing committee named
            targets = [f for f in fulls if f is not mention and _short_for(core, f.title)]
            if targets:
                # A description (代表县委常委会作工作报告) still places the report; a short
                # title (《决定》) does not.
                mention.short = not mention.untitled
                before = [t for t in targets if t.offset < mention.offset]
                target = before[-1] if before else targets[0]
                doc = by_core.get(_core(target.title))
                if doc is None:
                    doc = _Doc()
                    docs.append(doc)
                    by_core[_core(target.title)] = doc
            elif core in _KINDS:
                continue  # 《决定》 that stands for no title given here (another body's)
        if doc is None and mention.bare:
            # A headline's bare summary (审议通过深入学习贯彻党的十九大精神的决定) of a title
            # given in full (…关于深入学习贯彻党的十九大精神 加快建设…的决定).
            twin = next((f for f in fulls if f is not mention and _summary_of(core, f.title)), None)
            if twin is not None:
                mention.short = True
                doc = by_core.get(_core(twin.title))
                if doc is None:
                    doc = _Doc()
                    docs.append(doc)
                    by_core[_core(twin.title)] = doc
        if doc is None:
            # A longer or shorter printing of a title already known (a draft's base title).
            doc = next(
                (
                    by_core[c]
                    for c in by_core
                    if len(c) > 8 and (c.endswith(core) or core.endswith(c)) and len(core) > 8
                ),
                None,
            )
        if doc is None:
            doc = _Doc()
            docs.append(doc)
        doc.mentions.append(mention)
        by_core.setdefault(core, doc)
        if mention.alias:
            aliases[_core(mention.alias)] = doc
    return [d for d in docs if d.mentions]


def _choose(doc: _Doc) -> Document | None:
    """The document as the plenum acted on it, or None when the text only cites it (or it is
    another body's): its strongest action, its fullest name, and without a draft's suffix once
    adopted (the adopted text, not the draft explained earlier)."""
    if any(m.foreign for m in doc.mentions):
        return None
    acting = [m for m in doc.mentions if m.action and not m.cited]
    if not acting:
        return None
    strongest = max(_rank(m.action) for m in acting)
    action = next(m.action for m in acting if _rank(m.action) == strongest)
    full = doc.full
    title = full.title
    if "通过" in action:
        title = _core(title)
    return Document(title, action, _document_kind(title), full.span, _doubt(doc, action))


# A character lost in reposting: U+FFFD, a ? or □ standing for it.
_DAMAGED_RE = re.compile(r"[\ufffd?？□]")


def _doubt(doc: _Doc, action: str) -> list[str]:
    """Why a chosen document may be wrong: named without 《》, a short title standing alone, a
    title damaged in reposting, or a relation to the plenum read only from the verb of the
    title listed before it. (The article's own heading, an untitled work report and a report
    delivered or explained to the plenum were measured: they predict few errors.)"""
    full = doc.full
    doubt = []
    if full.bare:
        doubt.append("title_without_book_marks")
    if not full.untitled and len(_core(full.title)) <= 8:
        doubt.append("short_title")
    if _DAMAGED_RE.search(full.title):
        doubt.append("title_damaged")
    acting = [m for m in doc.mentions if m.action == action and not m.cited]
    if all(m.how == "shared" for m in acting):
        doubt.append("relation_unclear")
    return doubt


def name_generic(documents: list[Document], formal: str) -> list[Document]:
    """A bare 全会决议/全会公报 named in full as the plenum's own (中国共产党西峡县第十四届委员会
    第二次全体会议决议): ``formal`` is the plenum's formal name; a printed full title wins, as
    a generic one standing for a listed resolution is dropped already."""
    for document in documents:
        if _GENERIC_TITLE_RE.match(document.title) and document.title.endswith(("决议", "公报")):
            document.title = formal + document.title[-2:]
    return documents


def find_documents(folded: str, cleaned: str, region: str = "") -> list[Document]:
    """Documents the plenum acted on, once each, in their fullest form, in the order the text
    first names them: 《》 titles, titles without 《》 after an acting verb, the standing
    committee's work report however it is named, and the document the article itself is."""
    docs = _group(find_mentions(folded, cleaned, region))
    chosen: list[tuple[int, Document]] = []
    for doc in docs:
        if document := _choose(doc):
            chosen.append((doc.first, document))
    # A bare 全会决议 standing for a resolution listed already is the same document.
    result: list[tuple[int, Document]] = []
    for offset, document in sorted(chosen, key=lambda item: item[0]):
        if _GENERIC_TITLE_RE.match(document.title) and any(
            _document_kind(d.title) == _document_kind(document.title)
            or d.title.endswith(document.title[-2:])
            for _o, d in chosen
            if d is not document
        ):
            continue
        result.append((offset, document))
    return [document for _offset, document in result]
