"""The admin's review of facts read by machine: the queue, and the text with every span marked."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plenums.templatetags.plenums_tags import doubt_reasons
from plenums.web import facts
from plenums.web.paragraphs import paragraphs

QUEUE_PAGE_SIZE = 50


def queue_view(model_admin, request):
    """Unreviewed sessions, the most doubted first, with how many facts each has doubted."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    sessions = model_admin.model.objects.review_queue().select_related("committee")
    page = Paginator(sessions, QUEUE_PAGE_SIZE).get_page(request.GET.get("p"))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("待核对的会议"),
        "opts": model_admin.model._meta,
        "page": page,
    }
    return TemplateResponse(request, "admin/plenums/session/review_queue.html", context)


def session_facts(session) -> list[dict]:
    """Every fact of a session, in the order a reviewer reads them: its label, its span
    (None when it has none) and the parser's reasons to doubt it."""
    counts = session.attendance_evidence or {}
    items = [
        (
            pgettext("fact", "委员会"),
            session.committee.region,
            session.committee_evidence,
            session.committee_doubt,
        ),
        (pgettext("fact", "届次"), session.ordinal_name, session.numbering_evidence, []),
        (pgettext("fact", "日期"), _date_text(session), session.date_evidence, session.date_doubt),
    ]
    if session.date_year_evidence and session.date_year_evidence != session.date_evidence:
        items.append(
            (pgettext("fact", "推定年份的依据"), str(session.year), session.date_year_evidence, [])
        )
    if session.attendance_members is not None:
        items.append(
            (
                pgettext("fact", "出席委员"),
                str(session.attendance_members),
                counts.get("members"),
                session.attendance_doubt,
            )
        )
    if session.attendance_alternates is not None:
        items.append(
            (
                pgettext("fact", "出席候补委员"),
                str(session.attendance_alternates),
                counts.get("alternates"),
                session.attendance_doubt,
            )
        )
    for a in session.appearances.in_session_order():
        items.append((pgettext("fact", "人物"), a.name_as_printed, a.evidence, a.doubt))
        spans = list(a.role_evidence or [])
        for role, span in zip(a.roles, spans + [None] * len(a.roles), strict=False):
            items.append((pgettext("fact", "职务"), f"{role}({a.name_as_printed})", span, []))
    for d in session.documents.in_session_order():
        items.append((pgettext("fact", "文件"), f"{d.action}《{d.title}》", d.evidence, d.doubt))
    text = session.cleaned_text
    return [
        {
            "label": f"{label} {value}",
            "span": span if facts.valid(span) else None,
            "quote": text[span["offset"] : span["offset"] + span["length"]]
            if facts.valid(span)
            else "",
            "doubt": doubt_reasons(doubt),
        }
        for label, value, span, doubt in items
    ]


def _date_text(session) -> str:
    parts = [
        f"{session.year}年" if session.year else "",
        f"{session.month}月" if session.month else "",
    ]
    parts.append(f"{session.day}日" if session.day else "")
    return "".join(parts) or "—"


def review_context(session) -> dict:
    """What the review page shows beside the change form: the facts and the text, numbered as
    on the public page, every span marked and labelled with the facts read from it."""
    listed = session_facts(session)
    marked = [(f["label"], f["span"], bool(f["doubt"])) for f in listed if f["span"]]
    items = paragraphs(session.cleaned_text, [])
    links = facts.FactLinks(
        "", items, {str(i): f["span"] for i, f in enumerate(listed) if f["span"]}
    )
    for i, fact in enumerate(listed):
        fact["paragraph"] = links.paragraph(str(i))
    return {
        "review_facts": listed,
        "review_paragraphs": [
            {"n": p["n"], "runs": facts.review_segments(p, marked)} for p in items
        ],
    }
