"""Template filters for the public pages: dates with their honest precision, names, links."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from plenums import links, shapes
from plenums.ingest.records import SessionDate

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


# The patterns of shapes.plenum_name, marked here for makemessages.
_PLENUM_NAMES = (
    gettext_noop("第%(term)s届委员会第%(plenum)s次全体会议"),
    gettext_noop("第%(term)s届委员会第%(plenum)s次全体(扩大)会议"),
)


@register.filter
def plenum_name(session) -> str:
    """第七届委员会第九次全体(扩大)会议 in Chinese; "Term 7, plenum 9" in the English interface."""
    return shapes.plenum_name(session.term, session.plenum, session.expanded, translate=_)


@register.filter
def phrase_url(phrase: str) -> str:
    """The page of a key phrase named by its text (a session's phrase changes list names)."""
    return links.path("plenums:phrase", phrase)
