"""Where a report names a document it acted on or cites, each mention read with its clause.

A report names one document many times: in full (《中共某县委关于…的决定》), as a draft
(《…(讨论稿)》), by a short form (以下简称《决定》, a later bare 《决定》), as the report a
speaker delivered (代表县委常委会作工作报告, …所作的题为《…》的报告). Each mention is read
with the clause it stands in: the verb that governs it (审议, 讨论, 通过, 表决, 听取, 作说明 act
on it; 学习, 贯彻, 传达, 落实, 根据, 按照 only cite it), who issued it (中共中央, 国务院, a
province or city: never adopted by a county plenum) and who acted (党的…全会审议通过的《…》 is
another body's act). ``documents`` groups the mentions and chooses among them.
"""

import re
from dataclasses import dataclass

from plenums.chinese import to_simplified

from ..records import Span
from .common import _first_paragraphs
from .numbering import _ordinals

# A title may be broken over one line by a page's layout (《中共天津市\n蓟州区委…决议》).
_BOOK_RE = re.compile(r"《([^《》\n]{1,120}(?:\n[^《》\n]{1,60})?)》")
# Verbs that act on a document (the plenum's own act) or only cite it.
_ACT = r"审议并通过|审议和通过|审议通过|讨论并通过|讨论通过|表决通过|审议|讨论|通过|听取|审查"
_CITE = r"学习|贯彻|传达|落实|根据|按照|依据|对照|遵照|围绕|领会|宣讲|解读|实施"
_VERB_RE = re.compile(rf"(?P<act>{_ACT})|(?P<cite>{_CITE})")
# What may stand between a verb and the title it governs: 了, other titles, connectives, 关于
# (审议通过了关于《A》的说明), and the attribution of a report (…受县委常委会委托所作的题为).
# 该《实施意见》 refers back; an untitled work report may stand in a list before a title.
_GAP = r"[了和及与、,\s该]|以及|关于|《[^《》]*》|[区县旗市]委常委会(?:(?:19|20)\d\d年)?工作报告"
_GAP_RE = re.compile(rf"(?:{_GAP})*")
_ATTRIBUTION_RE = re.compile(r"了?[^,。;]{0,40}?(?:的|作|关于)(?:题为)?")
_AFTER_RE = re.compile(
    r"^(?:\([^()]{1,8}\))?\s*(?:进行了?|经(?:全会|会议)?|提交(?:全会|会议)?)"
    r"(审议通过|讨论通过|审议|讨论|通过)"
)
# A document explained to the plenum (就《X》起草情况向全会作说明, 作关于《X》的说明).
_EXPLAINED_AFTER_RE = re.compile(
    r"^\s*(?:\([^()]{1,8}\))?的?(?:起草|编制|修订|修改|制定|有关)?(?:情况|过程)?的?"
    r"(?:向(?:全会|会议|大会))?(?:作|做)了?(?:起草)?说明"
)
_EXPLAINED_AROUND_RE = re.compile(r"(?:作|做)了?关于$")
_EXPLANATION_AFTER_RE = re.compile(r"^\s*(?:\([^()]{1,8}\))?的(?:起草)?说明")
# A report delivered to the plenum is heard by it: 代表县委常委会作《…》, 作题为《…》的报告.
_DELIVERED_RE = re.compile(r"(?:代表[^,。;]{0,14}?|所)(?:作|做)了?的?(?:题为)?$")
_TITLED_REPORT_AFTER_RE = re.compile(r"^的?(?:工作)?报告")
# Another body's act: 党的二十届三中全会审议通过的《…》, 省委全会通过的《…》.
_OTHER_ACTOR_RE = re.compile(r"党的|中央|国务院|全国|省委|市委|十[一二三四五六七八九]?届")
# Issuers a county plenum never adopts for: the centre, a ministry, a province.
_CENTRAL_ISSUER_RE = re.compile(
    r"^(?:中共中央|中央|国务院|全国人|中华人民共和国|中国共产党(?:第|章程|纪律)|中国共产党[^关]{0,6}条例"
    r"|中共[^关,。]{1,10}?省委|[^关,。]{1,8}?省(?:委|人民政府))"
)
# A title's issuer: 中共X委 / X人民政府 / 中国共产党X第…届委员会, whose place is X.
_ISSUER_RE = re.compile(
    r"^(?:中共|中国共产党)(?P<party>[^关第,。]{2,16}?)(?:委员会|委)"
    r"|^(?P<gov>[^关,。]{2,14}?)(?:人民政府|人大常委会)"
)
# The standing committee's work report printed without 《》 (受县委常委会委托所作的工作报告,
# 代表区委常委会作工作报告, 审议通过了旗委常委会工作报告).
_BODY = r"[区县旗市]委(?:员会)?常(?:委会|务委员会)"
_UNTITLED_REPORT_RE = re.compile(
    rf"(?:代表(?P<delivered>{_BODY})所?(?:作|做)了?的?(?:工作)?报告"
    rf"|(?P<entrusted>{_BODY})委托所?作的?(?:工作)?报告"
    rf"|(?P<named>{_BODY})(?P<year>(?:19|20)\d\d年(?:度)?)?工作报告)"
)
# A printed title of the committee's (or its standing committee's) work report.
_WORK_REPORT_TITLE_RE = re.compile(
    r"[区县旗市]委(?:员会)?(?:常(?:委会|务委员会))?(?:(?:19|20)\d\d年(?:度|上半年|下半年)?)?"
    r"工作报告$"
)
# A bare 工作报告 after an acting verb (讨论了工作报告和《决定(讨论稿)》).
_BARE_REPORT_RE = re.compile(rf"(?:{_ACT})了?(?:[^,。;《》]{{0,3}}?)工作报告")
# A title printed without 《》 after an adopting verb (全会审议通过了区委九届六次全会决议).
_BARE_TITLE_RE = re.compile(
    r"(?P<verb>审议并通过|审议和通过|审议通过|讨论并通过|讨论通过|表决通过|通过)了?"
    r"(?:《[^《》\n]*》(?:\([^()\n]{0,20}\))?(?:[、和及与]|以及)?)*"
    r"(?P<title>[^,。;:!?、《》“”\"\s()]{2,60}?(?:决议|决定|公报|意见|建议|方案|纲要))"
    r"(?=[,。;:、和及与\s)]|$)"
)
# Opinions, proposals and plans without 《》 count only when named by their issuer
# (中共某县委关于…的实施意见), never prose such as 通过征求意见.
_ISSUED_TITLE_RE = re.compile(r"^(?:中共|中国共产党|关于|[区县旗市]委|[区县旗]人民政府)")
_ADOPTING_VERBS = ("通过", "召开", "举行", "审议", "闭幕", "开幕")
# The article is itself the document: a heading naming the plenum's resolution or communiqué
# (中国共产党某县第十五届委员会第七次全体会议决议), or one followed by (…全体会议通过).
_HEADING_DOC_RE = re.compile(r"^[^,。;:!?\n]{4,80}?(?:决议|决定|公报)$")
_ADOPTED_NOTE_RE = re.compile(r"^\([^()\n]{0,60}?(?:全体会议|全会)[^()\n]{0,10}?通过\)$")
_DRAFT_SUFFIX_RE = re.compile(r"\s*[(（](?:讨论稿|草案|征求意见稿|送审稿|审议稿|送审稿)[)）]\s*$")
# A short form introduced for a title just given: (以下简称《决定》), 简称“建议”.
_ALIAS_RE = re.compile(r"^\s*[(（]?\s*(?:以下)?简称[“\"《]([^”\"》]{1,12})[”\"》]")
# What separates a site's name or navigation from a heading (哈密零距离 | …, 首页 > 政务动态 > …).
_NAV = ("|", "丨", ">", "›", "»")
_CLAUSE_STOPS = "。;!?\n"


def _normalise_action(verb: str) -> str:
    if "审议" in verb and "通过" in verb:
        return "审议通过"
    if "讨论" in verb and "通过" in verb:
        return "讨论通过"
    return verb


def _core(title: str) -> str:
    """A title without its draft suffix: the name shared by a draft and the adopted text."""
    return _DRAFT_SUFFIX_RE.sub("", title).strip()


@dataclass
class Mention:
    """One place the text names a document: where, as what, and how its clause relates the
    plenum to it (``action`` when the plenum acted on it, ``cited`` when it only cites it)."""

    offset: int
    title: str
    action: str | None = None
    cited: bool = False
    foreign: bool = False  # issued by another body (中共中央, a province, another city)
    work_report: bool = False  # the standing committee's work report, titled or not
    untitled: bool = False  # named by description only (县委常委会工作报告)
    alias: str | None = None  # the short form the text introduces for it (以下简称《决定》)
    bare: bool = False  # printed without 《》 after its verb: a name of its own, never short
    short: bool = False  # resolved as a short form of a full title (《决定》, 《建议(讨论稿)》)
    span: Span | None = None  # the title (or description) as printed
    # How the action was read: "verb" before it, "after" it (…进行审议), "explained" to the
    # plenum, "delivered" to it, "shared" with the title listed before it, "heading".
    how: str = "verb"


def _heading_document(folded: str, cleaned: str) -> Mention | None:
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
                span = Span(lines[0][0], lines[-1][1] - lines[0][0])
                found.append((not noted, i, title, span))
    if not found:
        return None
    _noted, _i, title, span = min(found)
    return Mention(-1, title, "审议通过", span=span, how="heading")


def _another_body(title: str, region: str) -> bool:
    """Whether a title is issued by a body other than this committee's county: the centre or a
    province always; a named committee or government of another place (中共江门市委…)."""
    if _CENTRAL_ISSUER_RE.match(title):
        return True
    issuer = _ISSUER_RE.match(title)
    if not issuer or not region:
        return False
    place = issuer.group("party") or issuer.group("gov") or ""
    place = re.sub(r"第[^届]{1,4}届$", "", place)
    stem = region[:2]
    # 中共县委 / 区委 names the committee by its kind alone: its own county.
    return bool(place) and stem not in place and place not in {"县", "区", "旗", "市"}


def _clause_start(folded: str, offset: int) -> int:
    return max(folded.rfind(c, 0, offset) for c in _CLAUSE_STOPS) + 1


def _governing(before: str, region: str) -> tuple[str | None, bool]:
    """(action, cited) from the clause before a title: its last verb governs it when only
    connectives, other titles or a report's attribution stand between them."""
    for verb in reversed(list(_VERB_RE.finditer(before))):
        gap = before[verb.end() :]
        if not (_GAP_RE.fullmatch(gap) or _ATTRIBUTION_RE.fullmatch(gap)):
            return None, False
        if verb.group("cite"):
            return None, True
        # 党的二十届三中全会审议通过的《…》: the act of another body, cited here.
        if gap.startswith("的") or gap == "":
            subject = before[: verb.start()]
            subject = subject[max(subject.rfind(","), subject.rfind("、")) + 1 :]
            allowed = {"市委"} if region.endswith("市") else set()
            if set(_OTHER_ACTOR_RE.findall(subject)) - allowed:
                return None, True
        return _normalise_action(verb.group()), False
    return None, False


def _book_mentions(folded: str, cleaned: str, region: str) -> list[Mention]:
    mentions: list[Mention] = []
    previous: Mention | None = None
    previous_end = -1
    for m in _BOOK_RE.finditer(folded):
        title = re.sub(r"\s*\n\s*", "", to_simplified(cleaned[m.start(1) : m.end(1)]).strip())
        before = folded[_clause_start(folded, m.start()) : m.start()]
        after = folded[m.end() : m.end() + 30]
        action, cited = _governing(before, region)
        how = "verb"
        delivered = bool(_DELIVERED_RE.search(before))
        if action is None and not cited and (adopted := _AFTER_RE.match(after)):
            action = _normalise_action(adopted.group(1))
            how = "after"
        if (
            action is None
            and not cited
            and (
                _EXPLAINED_AFTER_RE.match(after)
                or (_EXPLAINED_AROUND_RE.search(before) and _EXPLANATION_AFTER_RE.match(after))
            )
        ):
            action = "作说明"
            how = "explained"
        if action is None and not cited and delivered:
            action = "听取"  # a report delivered to the plenum is heard by it
            how = "delivered"
        if (
            action is None
            and not cited
            and previous is not None
            and _GAP_RE.fullmatch(folded[previous_end : m.start()])
        ):
            # 《A》、《B》和《C》 share one verb, acting or citing.
            action, cited = previous.action, previous.cited
            how = "shared"
        work_report = bool(_WORK_REPORT_TITLE_RE.search(_core(title))) or bool(
            delivered and _TITLED_REPORT_AFTER_RE.match(after)
        )
        mention = Mention(m.start(), title, action, cited, _another_body(title, region))
        mention.work_report = work_report
        mention.span = Span(m.start(1), m.end(1) - m.start(1))
        mention.how = how
        if alias := _ALIAS_RE.match(folded[m.end() : m.end() + 20]):
            mention.alias = to_simplified(alias.group(1))
        mentions.append(mention)
        previous, previous_end = mention, m.end()
    return mentions


def _report_mentions(folded: str, cleaned: str) -> list[Mention]:
    """The standing committee's work report where the text gives it no title."""
    mentions = []
    for m in _UNTITLED_REPORT_RE.finditer(folded):
        if folded[max(0, m.start() - 1) : m.start()] == "《":
            continue  # the start of a printed title, read as one
        body = m.group("delivered") or m.group("entrusted") or m.group("named")
        start = m.start(m.lastgroup if m.group("named") is None else "named")
        printed = to_simplified(cleaned[start : start + len(body)])
        title = printed + (m.group("year") or "") + "工作报告"
        before = folded[_clause_start(folded, m.start()) : m.start()]
        action = None
        # 听取和讨论了X受县委常委会委托所作的工作报告: the clause's last acting verb; without
        # one, a report delivered to the plenum (代表/受…委托作工作报告) is heard by it.
        verbs = [v for v in _VERB_RE.finditer(before) if v.group("act")]
        if verbs:
            action = _normalise_action(verbs[-1].group())
        elif m.group("delivered") or "作" in m.group():
            action = "听取"
        mention = Mention(start, title, action, work_report=True, untitled=True)
        mention.span = Span(m.start(), m.end() - m.start())
        mention.how = "delivered" if m.group("delivered") else "verb"
        mentions.append(mention)
    for m in _BARE_REPORT_RE.finditer(folded):
        verb = _VERB_RE.match(folded, m.start())
        action = _normalise_action(verb.group()) if verb else None
        mention = Mention(m.end() - 4, "工作报告", action, work_report=True, untitled=True)
        mention.span = Span(m.end() - 4, 4)
        mentions.append(mention)
    return mentions


def _bare_mentions(folded: str, cleaned: str) -> list[Mention]:
    mentions = []
    for m in _BARE_TITLE_RE.finditer(folded):
        title = to_simplified(cleaned[m.start("title") : m.end("title")]).strip()
        if not title.endswith(("决议", "决定", "公报")) and not _ISSUED_TITLE_RE.match(title):
            continue
        mention = Mention(m.start("title"), title, _normalise_action(m.group("verb")))
        mention.bare = True
        mention.span = Span(m.start("title"), m.end("title") - m.start("title"))
        mentions.append(mention)
    return mentions


def find_mentions(folded: str, cleaned: str, region: str = "") -> list[Mention]:
    """Every mention of a document: 《》 titles, titles without 《》 after an acting verb, the
    standing committee's work report however it is named, and the document the article itself
    is (a heading)."""
    mentions = _book_mentions(folded, cleaned, region)
    mentions += _report_mentions(folded, cleaned)
    mentions += _bare_mentions(folded, cleaned)
    heading = _heading_document(folded, cleaned)
    if heading:
        mentions.append(heading)
    return mentions
