"""Documents the plenum adopted, heard or discussed, with their kind."""

import re

from plenums.chinese import fold, to_simplified

from ..records import Document
from .common import _first_paragraphs
from .numbering import _ordinals

_BOOK_RE = re.compile(r"《([^《》\n]{2,120})》")
_DOC_VERB_RE = re.compile(
    r"审议并通过|审议和通过|审议通过|讨论并通过|讨论通过|表决通过|审议|讨论|通过|听取|审查"
)
# What may stand between the verb and the title: 了, other titles, connectives, and the
# attribution of a report (区委常委会受区委委托所作的).
_DOC_GAP = r"[了和及与、,\s]|以及|《[^《》]*》"
_DOC_GAP_RE = re.compile(rf"(?:{_DOC_GAP})*")
_DOC_ATTRIBUTION_RE = re.compile(r"了?[^,。;]{0,30}?的")
_DOC_AFTER_RE = re.compile(
    r"^(?:\([^()]{1,8}\))?\s*(?:进行了?|经(?:全会|会议)?|提交(?:全会|会议)?)(审议通过|讨论通过|审议|讨论|通过)"
)
_DOC_SUFFIX_RE = re.compile(r"\s*\([^()]{1,8}\)\s*$")


def _document_kind(title: str) -> str:
    core = _DOC_SUFFIX_RE.sub("", title)
    for kind in ("决议", "意见", "报告", "建议"):
        if core.endswith(kind):
            return kind
    return "其他"


def _normalise_action(verb: str) -> str:
    if "审议" in verb and "通过" in verb:
        return "审议通过"
    if "讨论" in verb and "通过" in verb:
        return "讨论通过"
    return verb


# A document explained to the plenum (就《X》起草情况向全会作说明, 作关于《X》的说明).
_EXPLAINED_AFTER_RE = re.compile(
    r"^\s*(?:\([^()]{1,8}\))?的?(?:起草|编制|修订|修改|制定|有关)?(?:情况|过程)?的?"
    r"(?:向(?:全会|会议|大会))?(?:作|做)了?(?:起草)?说明"
)
_EXPLAINED_AROUND_RE = re.compile(r"(?:作|做)了?关于$")
_EXPLANATION_AFTER_RE = re.compile(r"^\s*(?:\([^()]{1,8}\))?的(?:起草)?说明")
# How strongly the plenum acted on a document: a later, stronger verb replaces a weaker one.
_ACTION_RANK = {"听取": 1, "作说明": 1, "审议": 2, "讨论": 2, "审查": 2}
# A title printed without 《》 after an adopting verb (全会审议通过了区委九届六次全会决议).
_BARE_TITLE_RE = re.compile(
    r"(?P<verb>审议并通过|审议和通过|审议通过|讨论并通过|讨论通过|表决通过|通过)了?"
    r"(?:《[^《》\n]*》(?:[、和及与]|以及)?)*"
    r"(?P<title>[^,。;:!?、《》“”\"\s()]{2,60}?(?:决议|决定|公报|意见|建议|方案|纲要))"
    r"(?=[,。;:、和及与\s)]|$)"
)
# Opinions, proposals and plans without 《》 count only when named by their issuer
# (中共某县委关于…的实施意见), never prose such as 通过征求意见.
_ISSUED_TITLE_RE = re.compile(r"^(?:中共|中国共产党|关于|[区县旗市]委|[区县旗]人民政府)")
_GENERIC_TITLE_RE = re.compile(r"^(?:本次|这次)?(?:全会|会议|大会)?(?:决议|决定|公报)$")
_ADOPTING_VERBS = ("通过", "召开", "举行", "审议", "闭幕", "开幕")
# The article is itself the document: a heading naming the plenum's resolution or communiqué
# (中国共产党某县第十五届委员会第七次全体会议决议), or one followed by (…全体会议通过).
_HEADING_DOC_RE = re.compile(r"^[^,。;:!?\n]{4,80}?(?:决议|决定|公报)$")
_ADOPTED_NOTE_RE = re.compile(r"^\([^()\n]{0,60}?(?:全体会议|全会)[^()\n]{0,10}?通过\)$")
_DRAFT_SUFFIX_RE = re.compile(r"\s*[(（](?:讨论稿|草案|征求意见稿|送审稿|审议稿)[)）]\s*$")


def _rank(action: str) -> int:
    return _ACTION_RANK.get(action, 3)


# What separates a site's name or navigation from a heading (哈密零距离 | …, 首页 > 政务动态 > …).
_NAV = ("|", "丨", ">", "›", "»")


def _heading_document(folded: str, cleaned: str) -> Document | None:
    """The document the article itself is: a heading among the first paragraphs (after a
    portal's 索引号/发布机构 lines), maybe set on two lines or behind an outlet's name
    (哈密零距离 | 中国共产党…公报), one followed by its adoption note first."""
    paragraphs = _first_paragraphs(folded, 12)
    found: list[tuple[bool, int, str]] = []  # (no note after it, position, title)
    for i in range(len(paragraphs)):
        for lines in (paragraphs[i : i + 1], paragraphs[i : i + 2]):
            if len(lines) == 2 and i + 1 >= len(paragraphs):
                continue
            heading = "".join(folded[a:b].strip() for a, b in lines)
            if len(lines) == 2 and any(sep in folded[lines[0][0] : lines[0][1]] for sep in _NAV):
                continue  # a site's navigation line is never half of a heading
            cut = max(heading.rfind(sep) for sep in _NAV) + 1
            heading = heading[cut:].strip()
            if not _HEADING_DOC_RE.match(heading) or any(v in heading for v in _ADOPTING_VERBS):
                continue
            after = paragraphs[i + len(lines) : i + len(lines) + 1]
            noted = any(_ADOPTED_NOTE_RE.match(folded[a:b].strip()) for a, b in after)
            if noted or any(True for _ in _ordinals(heading, "")):
                printed = "".join(cleaned[a:b].strip() for a, b in lines)
                title = to_simplified(printed[len(printed) - len(heading) :])
                found.append((not noted, i, title))
    if not found:
        return None
    title = min(found)[2]
    return Document(title, "审议通过", _document_kind(title))


def find_documents(folded: str, cleaned: str) -> list[Document]:
    """Documents the plenum acted on: titles in 《》 after or before a verb (审议通过, 讨论…, 作
    说明), titles printed without 《》 after an adopting verb, and the document the article
    itself is (its heading); titles quoted in prose are not."""
    # One entry per document, its draft (…（讨论稿）) included: base title → (offset, document).
    documents: dict[str, tuple[int, Document]] = {}

    def add(offset: int, title: str, action: str) -> None:
        base = _DRAFT_SUFFIX_RE.sub("", title)
        # A short title of a document listed in full (《建议（讨论稿）》 after 《…的建议》).
        base = next((b for b in documents if b.endswith(base) or base.endswith(b)), base)
        known = documents.get(base)
        if known is None:
            documents[base] = (offset, Document(title, action, _document_kind(title)))
        elif _rank(action) > _rank(known[1].action):
            # The adopted document is named as adopted, not as the draft explained earlier.
            known[1].action = action
            if len(_DRAFT_SUFFIX_RE.sub("", title)) >= len(
                _DRAFT_SUFFIX_RE.sub("", known[1].title)
            ):
                known[1].title = title
                known[1].kind = _document_kind(title)

    if heading := _heading_document(folded, cleaned):
        add(-1, heading.title, heading.action)
    previous_action, previous_end = None, -1
    for m in _BOOK_RE.finditer(folded):
        sentence_start = max(folded.rfind(c, 0, m.start()) for c in "。;\n") + 1
        before = folded[sentence_start : m.start()]
        after = folded[m.end() : m.end() + 30]
        action = None
        for verb in reversed(list(_DOC_VERB_RE.finditer(before))):
            gap = before[verb.end() :]
            if _DOC_GAP_RE.fullmatch(gap) or _DOC_ATTRIBUTION_RE.fullmatch(gap):
                action = _normalise_action(verb.group())
            break
        if action is None and (adopted := _DOC_AFTER_RE.match(after)):
            action = _normalise_action(adopted.group(1))
        if action is None and (
            _EXPLAINED_AFTER_RE.match(after)
            or (_EXPLAINED_AROUND_RE.search(before) and _EXPLANATION_AFTER_RE.match(after))
        ):
            action = "作说明"
        if (
            action is None
            and previous_action
            and _DOC_GAP_RE.fullmatch(folded[previous_end : m.start()])
        ):
            action = previous_action  # 《A》、《B》和《C》 share one verb
        if action is None:
            continue
        previous_action, previous_end = action, m.end()
        add(m.start(), to_simplified(cleaned[m.start(1) : m.end(1)]).strip(), action)
    for m in _BARE_TITLE_RE.finditer(folded):
        title = to_simplified(cleaned[m.start("title") : m.end("title")]).strip()
        if not title.endswith(("决议", "决定", "公报")) and not _ISSUED_TITLE_RE.match(title):
            continue
        kind = _document_kind(title)
        if _GENERIC_TITLE_RE.match(title) and any(
            _document_kind(d.title) == kind or d.title.endswith(title[-2:])
            for _offset, d in documents.values()
        ):
            continue  # 全会决议 standing for the resolution already listed
        add(m.start("title"), title, _normalise_action(m.group("verb")))

    # In the order the text first names them (作《…报告》 before 审议了《…报告》 counts).
    def first_named(item: tuple[int, Document]) -> int:
        offset, doc = item
        named = folded.find(fold(_DRAFT_SUFFIX_RE.sub("", doc.title)))
        return offset if named < 0 else min(offset, named)

    return [doc for _offset, doc in sorted(documents.values(), key=first_named)]
