"""Template filters for the public pages: dates with their honest precision, names, links."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, pgettext

from plenums.ingest import plenum_names
from plenums.ingest.records import SessionDate
from plenums.web import links

# Readers' names for the parser's warning kinds; unknown kinds are shown as they are.
WARNING_LABELS = {
    "date_inferred": gettext_lazy("日期系推定"),
    "date_unknown": gettext_lazy("日期不详"),
    "mojibake": gettext_lazy("乱码(原文受损)"),
    "encoding": gettext_lazy("编码问题"),
    "surname_only_speaker": gettext_lazy("仅有姓氏的人物"),
    "parent_region_unknown": gettext_lazy("上级地区不详"),
    "supplied": gettext_lazy("导入时由编辑补充"),
    "from_page": gettext_lazy("取自网页元数据"),
}

# Readers' names for the parser's doubt codes (README "Doubt"): a doubted fact's marker gives
# them in words. Unknown codes are shown as they are.
DOUBT_LABELS = {
    "committee_from_place_name": gettext_lazy("委员会名称由地名推出"),
    "region_expanded": gettext_lazy("地名经补全"),
    "region_not_in_gazetteer": gettext_lazy("地名不在行政区划表中"),
    "parent_region_unknown": gettext_lazy("上级地区不详"),
    "parent_is_province": gettext_lazy("上级地区为省"),
    "ordinal_garbled": gettext_lazy("届次文字受损"),
    "year_only": gettext_lazy("只知年份,未见会议日期"),
    "year_unknown": gettext_lazy("年份不详"),
    "month_inferred": gettext_lazy("月份系推定"),
    "day_from_page": gettext_lazy("日期取自报道当天"),
    "date_outside_plenum_paragraph": gettext_lazy("日期不在记述会议的段落中"),
    "generic_role": gettext_lazy("只有“领导”等泛称"),
    "other_county_nearby": gettext_lazy("近旁提到另一县的委员会"),
    "name_without_known_surname": gettext_lazy("姓名不以常见姓氏开头"),
    "surname_only": gettext_lazy("只有姓氏"),
    "no_role": gettext_lazy("未写职务"),
    "role_restored": gettext_lazy("职务从受损文字复原"),
    "name_damaged": gettext_lazy("姓名文字受损"),
    "role_from_title": gettext_lazy("职务由名后称谓推出"),
    "name_after_line_break": gettext_lazy("姓名在换行之后"),
    "higher_office_only": gettext_lazy("只有上级职务"),
    "title_without_book_marks": gettext_lazy("标题没有书名号"),
    "short_title": gettext_lazy("标题为简称"),
    "title_damaged": gettext_lazy("标题文字受损"),
    "relation_unclear": gettext_lazy("与本次会议的关系不明"),
    "count_unpunctuated": gettext_lazy("人数取自无标点的文字"),
    "alternates_unread": gettext_lazy("未读出候补委员人数"),
}

register = template.Library()


def date_display(year, month, day, inferred) -> str:
    if year is None:
        return _("日期不详")
    if month and day:
        text = _("%(year)s年%(month)s月%(day)s日") % {"year": year, "month": month, "day": day}
    elif month:
        text = _("%(year)s年%(month)s月") % {"year": year, "month": month}
    else:
        text = _("%(year)s年") % {"year": year}
    if inferred:
        text += _("(推定)")
    return text


def date_iso(year, month, day) -> str:
    """The known part of a date in ISO order (2024, 2024-12, 2024-12-29); '' when unknown."""
    return SessionDate(year, month, day).iso()


@register.filter
def session_date(session) -> str:
    """2024年12月29日 / 2024年12月(推定) / 日期不详 — never more precise than the record."""
    return date_display(session.year, session.month, session.day, session.date_inferred)


@register.filter
def session_iso(session) -> str:
    return session.partial_date.iso()


@register.filter
def session_time(session) -> str:
    """The date as <time datetime="2024-12">; a plain <span> when not even the year is known."""
    iso = session_iso(session)
    if iso:
        return format_html('<time class="date" datetime="{}">{}</time>', iso, session_date(session))
    return format_html('<span class="date">{}</span>', session_date(session))


@register.filter
def warning_label(kind: str) -> str:
    return str(WARNING_LABELS.get(kind, kind))


def doubt_reasons(codes) -> str:
    """存疑:只有姓氏、未写职务 — the parser's doubts about a fact in words ('' when none)."""
    if not codes:
        return ""
    # The separator of a list of reasons: 、 in Chinese, a semicolon in English.
    separator = pgettext("doubt reasons", "、")
    reasons = separator.join(str(DOUBT_LABELS.get(code, code)) for code in codes)
    return _("存疑:%(reasons)s") % {"reasons": reasons}


# The patterns of plenum_names.plenum_name, marked here for makemessages.
_PLENUM_NAMES = (
    gettext_noop("第%(term)s届委员会第%(plenum)s次全体会议"),
    gettext_noop("第%(term)s届委员会第%(plenum)s次全体(扩大)会议"),
)


@register.filter
def plenum_name(session) -> str:
    """第七届委员会第九次全体(扩大)会议 in Chinese; "Term 7, plenum 9" in the English interface."""
    return plenum_names.plenum_name(session.term, session.plenum, session.expanded, translate=_)


@register.filter
def phrase_url(phrase: str) -> str:
    """The page of a key phrase named by its text (a session's phrase changes list names)."""
    return links.path("plenums:phrase", phrase)
