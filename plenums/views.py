"""Read-only public pages of the archive, each with a ``?format=json`` twin, plus bulk data."""

import csv
import json
import math
from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from plenums import chinese, shapes
from plenums.middleware import SCRIPT_COOKIE, SCRIPTS, verbatim
from plenums.models import Appearance, Committee, KeyPhrase, Person, Session
from plenums.shapes import SESSION_PREFETCH, session_json

CHRONOLOGICAL = ("year", "month", "day", "committee__name", "term", "plenum")
ONE_YEAR = 365 * 24 * 3600
LATEST_COUNT = 10
PAGE_SIZE = 500


class FormatError(ValueError):
    pass


def _wants_json(request) -> bool:
    fmt = request.GET.get("format", "html")
    if fmt not in {"html", "json"}:
        raise FormatError(
            f"format: expected 'html' or 'json', got {fmt!r}"  # names the parameter and reason
        )
    return fmt == "json"


def _page(request, queryset):
    """The requested page of a long index; a bad ``page`` is a 400 naming the parameter."""
    paginator = Paginator(queryset, PAGE_SIZE)
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= paginator.num_pages:
        raise FormatError(
            f"page: expected a whole number from 1 to {paginator.num_pages}, got {raw!r}"
        )
    return paginator.page(int(raw))


def _page_json(request, page, results) -> dict:
    def link(number):
        return request.build_absolute_uri(f"{request.path}?format=json&page={number}")

    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": results,
    }


def _json(data) -> JsonResponse:
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 1})


def public_page(view):
    """GET/HEAD only; a bad ``format`` parameter is a 400 that says what was wrong."""

    @require_safe
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except FormatError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _session_brief(session, request=None) -> dict:
    url = session.get_absolute_url()
    return shapes.session_brief(session, request.build_absolute_uri(url) if request else url)


def _published():
    return Session.objects.published().select_related("committee")


# --- home -------------------------------------------------------------------------------------


@public_page
def home(request):
    published = Session.objects.published()
    counts = {
        "sessions": published.count(),
        "committees": Committee.objects.filter(sessions__published=True).distinct().count(),
        "people": Person.objects.filter(appearances__session__published=True).distinct().count(),
        "phrases": KeyPhrase.objects.filter(occurrences__session__published=True)
        .distinct()
        .count(),
    }
    # One aggregate row per (year, committee): the timeline stays one query at any archive size.
    cells = (
        published.values("year", "committee__name", "committee__slug", "committee__region")
        .annotate(n=Count("id"))
        .order_by("-year", "committee__parent_region", "committee__region")
    )
    # The timeline has a chip per (year, committee): build links and labels once here rather
    # than reversing and translating per chip in the template (hundreds of chips at scale).
    committee_url = reverse("plenums:committee", args=["-"])[: -len("-/")]
    timeline = [
        {
            "year": year,
            "committees": [
                dict(
                    c,
                    url=f"{committee_url}{c['committee__slug']}/",
                    label=ngettext("%(n)s 次", "%(n)s 次", c["n"]) % {"n": c["n"]},
                )
                for c in rows
            ],
        }
        for year, rows in groupby(cells, key=lambda c: c["year"])
    ]
    latest = list(_published().latest_first()[:LATEST_COUNT])
    if _wants_json(request):
        return _json(
            {
                "counts": counts,
                "timeline": [
                    {
                        "year": t["year"],
                        "committees": [
                            {"name": c["committee__name"], "sessions": c["n"]}
                            for c in t["committees"]
                        ],
                    }
                    for t in timeline
                ],
                "latest": [_session_brief(s, request) for s in latest],
            }
        )
    return render(
        request,
        "plenums/home.html",
        {"counts": counts, "timeline": timeline, "latest": latest},
    )


# --- sessions ---------------------------------------------------------------------------------


def _paragraphs(text: str, warnings: list[dict]) -> list[dict]:
    """Split the cleaned text into numbered paragraphs, attaching warnings by character offset."""
    paragraphs = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        paragraphs.append({"n": len(paragraphs) + 1, "text": line, "start": start, "end": end})
    for warning in warnings:
        for p in paragraphs:
            if p["start"] <= warning.get("offset", -1) <= p["end"]:
                p.setdefault("warnings", []).append(warning)
                warning["paragraph"] = p["n"]
                break
    for p in paragraphs:
        p["segments"] = _marked_segments(p)
    return paragraphs


def _marked_segments(paragraph) -> list[tuple[str, str]]:
    """The paragraph as (text, warning kind or '') runs, marking each warning's excerpt."""
    text, start = paragraph["text"], paragraph["start"]
    spans = []
    for w in paragraph.get("warnings", []):
        at = w["offset"] - start
        excerpt = w.get("excerpt", "")
        # Excerpts may be quoted in the other script: compare folded (length-preserving) text.
        if excerpt and chinese.fold(text[at : at + len(excerpt)]) == chinese.fold(excerpt):
            spans.append((at, at + len(excerpt), w.get("kind", "")))
    segments, cursor = [], 0
    for begin, end, kind in sorted(spans):
        if begin < cursor:
            continue  # overlapping warnings: the first one marks the span
        segments += [(text[cursor:begin], ""), (text[begin:end], kind)]
        cursor = end
    segments.append((text[cursor:], ""))
    return [seg for seg in segments if seg[0]]


def _neighbours(session):
    siblings = Session.objects.published().filter(committee=session.committee)
    previous = (
        siblings.filter(Q(term__lt=session.term) | Q(term=session.term, plenum__lt=session.plenum))
        .order_by("-term", "-plenum")
        .prefetch_related("phrases__phrase")
        .first()
    )
    following = (
        siblings.filter(Q(term__gt=session.term) | Q(term=session.term, plenum__gt=session.plenum))
        .order_by("term", "plenum")
        .first()
    )
    return previous, following


def _phrase_changes(session, previous) -> dict | None:
    if previous is None:
        return None
    now = {o.phrase.phrase: o.count for o in session.phrases.all()}
    before = {o.phrase.phrase: o.count for o in previous.phrases.all()}
    return {
        "new": sorted(p for p in now if p not in before),
        "dropped": sorted(p for p in before if p not in now),
        "kept": [
            {"phrase": p, "before": before[p], "now": now[p]} for p in sorted(now) if p in before
        ],
    }


def _citation(session, permalink: str) -> str:
    """GB/T 7714-2015 reference to the record, with today's access date."""
    iso = session.partial_date.iso()
    # Cataloguing convention: an inferred date is given in square brackets.
    when = f"[{iso}]" if iso and session.date_inferred else iso
    kind = "[N/OL]" if session.source_name else "[EB/OL]"
    publisher = session.source_name or _("全会档案")
    today = timezone.localdate().isoformat()
    parts = f"{session.committee.name}. {session.title}{kind}. {publisher}"
    if when:
        parts += f", {when}"
    return f"{parts}[{today}]. {permalink}."


@public_page
def session_detail(request, slug):
    session = get_object_or_404(
        # Speakers link to their person, whose URL names the person's committee.
        _published().prefetch_related(*SESSION_PREFETCH, "appearances__person__committee"),
        slug=slug,
    )
    if _wants_json(request):
        return _json(session_json(session))
    previous, following = _neighbours(session)
    warnings = [dict(w) for w in session.warnings]
    permalink = request.build_absolute_uri(session.get_absolute_url())
    context = {
        "session": session,
        "paragraphs": _paragraphs(session.cleaned_text, warnings),
        "warnings": warnings,
        "appearances": session.appearances.all(),
        "documents": session.documents.all(),
        "occurrences": session.phrases.all(),
        "previous": previous,
        "following": following,
        "changes": _phrase_changes(session, previous),
        "permalink": permalink,
        "citation": _citation(session, permalink),
        # Only web addresses become links: a stored javascript: or data: URL stays inert text.
        "source_href": session.source_url
        if session.source_url.lower().startswith(("http://", "https://"))
        else "",
        "json_url": session.get_absolute_url() + "?format=json",
    }
    return render(request, "plenums/session.html", context)


@public_page
def session_original(request, slug):
    """The verbatim decoded original, served as plain text and never script-converted."""
    session = get_object_or_404(Session.objects.published(), slug=slug)
    response = HttpResponse(session.original_text, content_type="text/plain; charset=utf-8")
    return verbatim(response)


# --- committees -------------------------------------------------------------------------------


def _terms_with_gaps(sessions) -> list[dict]:
    """Group sessions by 届; runs of absent plenum numbers up to the highest seen become gaps."""
    terms = []
    for term, rows in groupby(sessions, key=lambda s: s.term):
        by_plenum = {s.plenum: s for s in rows}
        slots, missing = [], []
        for n in range(1, max(by_plenum) + 1):
            if n in by_plenum:
                slots.append({"session": by_plenum[n]})
                continue
            missing.append(n)
            if slots and "gap" in slots[-1] and slots[-1]["gap"][1] == n - 1:
                slots[-1]["gap"][1] = n
            else:
                slots.append({"gap": [n, n]})
        gaps = [slot["gap"] for slot in slots if "gap" in slot]
        terms.append({"term": term, "slots": slots, "missing": missing, "gaps": gaps})
    return terms


@public_page
def committee_list(request):
    committees = Committee.objects.annotate(
        n=Count("sessions", filter=Q(sessions__published=True))
    ).order_by("parent_region", "region")
    if _wants_json(request):
        return _json(
            [
                {
                    "name": c.name,
                    "slug": c.slug,
                    "region": c.region,
                    "parent_region": c.parent_region,
                    "level": c.level,
                    "sessions": c.n,
                    "url": request.build_absolute_uri(c.get_absolute_url()),
                }
                for c in committees
            ]
        )
    return render(request, "plenums/committee_list.html", {"committees": committees})


@public_page
def committee_detail(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    sessions = list(
        Session.objects.published()
        .filter(committee=committee)
        .select_related("committee")
        .order_by("term", "plenum")
    )
    terms = _terms_with_gaps(sessions)
    if _wants_json(request):
        return _json(
            {
                "name": committee.name,
                "slug": committee.slug,
                "region": committee.region,
                "parent_region": committee.parent_region,
                "level": committee.level,
                "terms": [
                    {
                        "term": t["term"],
                        "missing_plenums": t["missing"],
                        "sessions": [
                            _session_brief(s["session"], request)
                            for s in t["slots"]
                            if "session" in s
                        ],
                    }
                    for t in terms
                ],
            }
        )
    return render(
        request,
        "plenums/committee.html",
        {"committee": committee, "terms": terms, "count": len(sessions)},
    )


# --- people -----------------------------------------------------------------------------------


def _named_or_redirect(model, field, value, route):
    """The row whose ``field`` is ``value``, else a redirect from a Traditional spelling of a
    stored Simplified value to its canonical URL, else 404: ``(row, None)`` or ``(None, redirect)``.
    """
    row = model.objects.filter(**{field: value}).first()
    if row is not None:
        return row, None
    simplified = chinese.to_simplified(value)
    if simplified != value and model.objects.filter(**{field: simplified}).exists():
        return None, _canonical_redirect(route, value, simplified)
    raise Http404(f"no {model._meta.model_name} {value!r}")


def _in_published_sessions(rows) -> list:
    """Rows tied to a session (appearances, phrase occurrences), published ones, oldest first."""
    return list(
        rows.filter(session__published=True)
        .select_related("session__committee")
        .order_by(*(f"session__{f}" for f in CHRONOLOGICAL))
    )


def _listing(request, rows, template, name, key, count_key, extra=None):
    """A paged index of named rows (annotated with ``n``) as a page or its JSON twin.

    ``extra(row)`` adds keys to a row's JSON.
    """
    page = _page(request, rows)
    if _wants_json(request):
        results = [
            {
                key: getattr(row, key),
                **(extra(row) if extra else {}),
                count_key: row.n,
                "url": request.build_absolute_uri(row.get_absolute_url()),
            }
            for row in page
        ]
        return _json(_page_json(request, page, results))
    return render(request, template, {name: page, "page": page})


def _canonical_redirect(route, given, canonical):
    """A Traditional spelling of a name or phrase redirects to its canonical Simplified URL."""
    if canonical != given:
        return redirect(route, canonical, permanent=True)
    return None


def _with_query(request, url: str) -> str:
    """``url`` with the request's query string, so a redirected ``?format=json`` stays JSON."""
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


def _committee_json(committee, request) -> dict:
    return {
        "name": committee.name,
        "slug": committee.slug,
        "region": committee.region,
        "parent_region": committee.parent_region,
        "url": request.build_absolute_uri(committee.get_absolute_url()),
    }


@public_page
def person_list(request):
    people = (
        Person.objects.filter(appearances__session__published=True)
        .select_related("committee")
        .annotate(n=Count("appearances"))
        .order_by("name", "committee__parent_region", "committee__region", "pk")
    )
    return _listing(
        request,
        people,
        "plenums/person_list.html",
        "people",
        "name",
        "appearances",
        extra=lambda p: {"committee": p.committee.name},
    )


@public_page
def person_name(request, name):
    """Everyone of one name: a single person redirects to their page, namesakes are listed."""
    people = list(
        Person.objects.named(name)
        .select_related("committee")
        .annotate(n=Count("appearances", filter=Q(appearances__session__published=True)))
        .prefetch_related(
            Prefetch(
                "appearances",
                queryset=Appearance.objects.filter(session__published=True)
                .select_related("session")
                .order_by(*(f"session__{f}" for f in CHRONOLOGICAL)),
                to_attr="published_appearances",
            )
        )
        .order_by("committee__parent_region", "committee__region", "pk")
    )
    if not people:
        simplified = chinese.to_simplified(name)
        if simplified != name and Person.objects.named(simplified).exists():
            return HttpResponsePermanentRedirect(
                _with_query(request, reverse("plenums:person_name", args=[simplified]))
            )
        raise Http404(f"no person {name!r}")
    # Someone met only at unpublished sessions is listed only when nobody else is.
    people = [p for p in people if p.n] or people
    if len(people) == 1:
        # Not permanent: a namesake ingested later turns this URL into a list.
        return HttpResponseRedirect(_with_query(request, people[0].get_absolute_url()))
    for person in people:
        seen = person.published_appearances
        person.roles = list(dict.fromkeys(r for a in seen for r in a.roles))
        person.first_session = seen[0].session if seen else None
        person.last_session = seen[-1].session if seen else None
    if _wants_json(request):
        return _json(
            {
                "name": name,
                "people": [
                    {
                        "name": p.name,
                        "committee": _committee_json(p.committee, request),
                        "appearances": p.n,
                        "roles": p.roles,
                        "url": request.build_absolute_uri(p.get_absolute_url()),
                    }
                    for p in people
                ],
            }
        )
    return render(request, "plenums/person_name.html", {"name": name, "people": people})


def _person_moved(name, committee_slug):
    """Where ``/people/<name>/<committee>/`` went: the canonical spelling (permanently), or the
    person staff merged this one into (for now: a merge can be undone); else 404."""
    committee = Committee.objects.filter(slug=committee_slug).first()
    simplified = chinese.to_simplified(name)
    person = committee and Person.objects.of_committee(committee, simplified)
    if not person:
        raise Http404(f"no person {name!r} at committee {committee_slug!r}")
    if person.name == simplified and person.committee_id == committee.pk:
        return HttpResponsePermanentRedirect(person.get_absolute_url())
    return HttpResponseRedirect(person.get_absolute_url())


@public_page
def person_detail(request, name, committee):
    person = (
        Person.objects.select_related("committee")
        .filter(name=name, committee__slug=committee)
        .first()
    )
    if person is None:
        return _person_moved(name, committee)
    appearances = _in_published_sessions(person.appearances)
    namesakes = Person.objects.named(person.name).exclude(pk=person.pk).count()
    if _wants_json(request):
        return _json(
            {
                "name": person.name,
                "committee": _committee_json(person.committee, request),
                "namesakes": namesakes,
                "appearances": [
                    {
                        "session": _session_brief(a.session, request),
                        "name_as_printed": a.name_as_printed,
                        "roles": a.roles,
                        "actions": a.actions,
                    }
                    for a in appearances
                ],
            }
        )
    return render(
        request,
        "plenums/person.html",
        {"person": person, "appearances": appearances, "namesakes": namesakes},
    )


# --- key phrases ------------------------------------------------------------------------------

SVG_WIDTH, SVG_HEIGHT, SVG_PAD, SVG_AXIS = 640, 84, 40, 36
# Radius of each dot's invisible link target: at least 24 CSS px across on a 390 px phone.
SVG_HIT = 24


def _timeline_svg(occurrences) -> dict:
    """Coordinates for the phrase timeline: one dot per session, area growing with its count."""
    dated = [o for o in occurrences if o.session.year]
    if not dated:
        return {"points": [], "ticks": []}

    def when(o):
        s = o.session
        return s.year + ((s.month or 6) - 1) / 12 + ((s.day or 15) - 1) / 365

    first = math.floor(min(when(o) for o in dated))
    last = math.floor(max(when(o) for o in dated)) + 1
    span = last - first
    inner = SVG_WIDTH - 2 * SVG_PAD
    x = lambda t: round(SVG_PAD + (t - first) / span * inner, 1)  # noqa: E731
    step = max(1, math.ceil(span / 10))
    ticks = [{"x": x(year), "year": year} for year in range(first, last + 1, step)]
    points = [
        {
            "x": x(when(o)),
            "r": round(3 + 2 * math.sqrt(o.count), 1),
            "occurrence": o,
        }
        for o in dated
    ]
    return {
        "points": points,
        "ticks": ticks,
        "width": SVG_WIDTH,
        "height": SVG_HEIGHT,
        "axis": SVG_AXIS,
        "axis_end": SVG_WIDTH - SVG_PAD,
        "tick_top": SVG_AXIS - 4,
        "tick_bottom": SVG_AXIS + 4,
        "label": SVG_AXIS + 26,
        "hit": SVG_HIT,
    }


@public_page
def phrase_list(request):
    phrases = (
        KeyPhrase.objects.filter(occurrences__session__published=True)
        .annotate(n=Count("occurrences"))
        .order_by("-n", "phrase")
    )
    return _listing(request, phrases, "plenums/phrase_list.html", "phrases", "phrase", "sessions")


@public_page
def phrase_detail(request, phrase):
    key_phrase, moved = _named_or_redirect(KeyPhrase, "phrase", phrase, "plenums:phrase")
    if moved:
        return moved
    occurrences = _in_published_sessions(key_phrase.occurrences)
    if _wants_json(request):
        return _json(
            {
                "phrase": key_phrase.phrase,
                "sessions": [
                    {
                        "session": _session_brief(o.session, request),
                        "count": o.count,
                        "sentence": o.sentence,
                    }
                    for o in occurrences
                ],
            }
        )
    return render(
        request,
        "plenums/phrase.html",
        {
            "phrase": key_phrase,
            "occurrences": occurrences,
            "timeline": _timeline_svg(occurrences),
            "total": sum(o.count for o in occurrences),
        },
    )


# --- bulk data, preferences, robots -----------------------------------------------------------


@public_page
def data_index(request):
    if _wants_json(request):
        return _json(
            {
                name: request.build_absolute_uri(reverse(f"plenums:{name}"))
                for name in ("data_json", "data_csv", "feed", "sitemap")
            }
        )
    return render(request, "plenums/data.html", {})


def _all_sessions():
    # Chunked iteration keeps memory flat; prefetches run once per chunk, not per session.
    return (
        _published()
        .prefetch_related(*SESSION_PREFETCH)
        .order_by(*CHRONOLOGICAL)
        .iterator(chunk_size=200)
    )


@public_page
def data_json(request):
    def body():
        yield "[\n"
        for i, session in enumerate(_all_sessions()):
            yield ("" if i == 0 else ",\n") + json.dumps(session_json(session), ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse(body(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="plenums.json"'
    return response


class _Echo:
    def write(self, value):
        return value


@public_page
def data_csv(request):
    writer = csv.writer(_Echo())

    def rows():
        # The BOM lets spreadsheet programs open the UTF-8 file with its Chinese intact.
        yield "\ufeff" + writer.writerow(shapes.CSV_COLUMNS)
        for s in _all_sessions():
            yield writer.writerow(
                shapes.csv_row(s, request.build_absolute_uri(s.get_absolute_url()))
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="plenums.csv"'
    return response


def _safe_next(request) -> str:
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@require_safe
def set_script(request, script):
    """Remember the reader's script in a cookie and go back; URLs never change with the script."""
    if script not in SCRIPTS:
        raise Http404(f"script: expected one of {', '.join(SCRIPTS)}, got {script!r}")
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        SCRIPT_COOKIE,
        script,
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    # A redirect that sets a preference must never be served to someone else from a cache.
    add_never_cache_headers(response)
    return response


@require_safe
def set_language(request, language):
    """GET twin of Django's set_language: the public site accepts no POST."""
    if language not in dict(settings.LANGUAGES):
        raise Http404(f"language: expected one of {', '.join(dict(settings.LANGUAGES))}")
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    # A redirect that sets a preference must never be served to someone else from a cache.
    add_never_cache_headers(response)
    return response


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("plenums:sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /script/",
        "Disallow: /language/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
