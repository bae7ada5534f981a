"""The search form: any user input becomes a safe query plus filters, with notices to show."""

import re
import unicodedata

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from haystack.forms import SearchForm
from haystack.inputs import Raw
from haystack.query import EmptySearchQuerySet

from plenums.chinese import fold
from plenums.models import Committee, Session
from plenums.web.caching import remembered
from plenums.web.html_text import escaped
from search.analysis import WORD_RUN_RE

MAX_QUERY_CHARS = 100
MAX_PIECES = 8
YEAR_MIN, YEAR_MAX = 1921, 2100

SORTS = {
    "relevance": (_("相关度"), None),
    "newest": (_("日期(新→旧)"), "-date"),
    "oldest": (_("日期(旧→新)"), "date"),
}

# Straight, curly, full-width and corner-bracket quotes all delimit an exact phrase.
_QUOTED_RE = re.compile(r'["“”＂„「『]([^"“”＂„」』]*)["“”＂„」』]|(\S+)')
_QUOTE_CHARS = re.compile(r'["“”＂„「」『』]')


def strip_controls(text: str) -> str:
    """Drop control and format characters (NUL, bidi overrides…), keeping ordinary spaces."""
    return "".join(
        " " if ch in "\t\n\r" else ch
        for ch in text
        if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )


def committee_slugs() -> dict[str, str]:
    """Folded slug, full name, name without 中共…委员会, region and region + 委 (嘉定区委) → slug,
    for the committee box; a region two committees share names neither."""
    return remembered("committee-slugs", _slugs)


def _slugs() -> dict[str, str]:
    found, shared = {}, set()
    rows = Committee.objects.public().values_list("slug", "name", "region")
    for slug, name, region in rows:
        inner = name.removeprefix("中共").removesuffix("委员会")
        for key in {slug, name, inner, region, region + "委", inner + "委"}:
            key = fold(key)
            if found.get(key, slug) != slug:
                shared.add(key)
            found[key] = slug
    return {key: slug for key, slug in found.items() if key not in shared}


def split_query(text: str) -> list[str]:
    """Pieces of a query: each quoted phrase is one piece, other words one piece each.

    Pieces keep only what the index can match (quotes never survive), so joining them as Whoosh
    phrases cannot smuggle in operators, fields or wildcards. Pieces without any letter, digit
    or Han character are dropped.
    """
    pieces = []
    for match in _QUOTED_RE.finditer(text):
        piece = _QUOTE_CHARS.sub(
            "", match.group(1) if match.group(1) is not None else match.group(2)
        )
        piece = " ".join(piece.split())
        if WORD_RUN_RE.search(piece) and piece not in pieces:
            pieces.append(piece)
    return pieces


_LANG_ZH = mark_safe(' lang="zh"')
# Up to this many committees the filter is a list to pick from; beyond, a list of thousands
# (a national archive) is unusable and weighs more than the rest of the page, so the filter is
# a box that takes a committee's name, its region or its slug.
COMMITTEE_SELECT_MAX = 300


class CommitteeBox(forms.TextInput):
    """The committee filter as a text box: a committee chosen by its slug (from a facet link)
    shows its name."""

    def __init__(self, names: dict, attrs=None):
        super().__init__(attrs={"lang": "zh", "autocomplete": "off", **(attrs or {})})
        self.names = names

    def format_value(self, value):
        return self.names.get(value, value) if value else None


class CommitteeSelect(forms.Select):
    """Committee names are Chinese content: each option says so, whatever the interface language.

    Rendered in one pass rather than through Django's option sub-templates, which for a hundred
    committees cost more than the search on the same page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        # f-strings with escaped(): format_html per option cost as much again for 500 committees.
        options = mark_safe(
            "\n".join(
                # No script subtag: the page is shown in either script.
                f'<option value="{escaped(key)}"{" selected" if str(key) in chosen else ""}'
                f"{_LANG_ZH if key else ''}>{escaped(label)}</option>"
                for key, label in self.choices
            )
        )
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>\n{}\n</select>', name, final, options)


class ArchiveSearchForm(SearchForm):
    q = forms.CharField(
        required=False,
        strip=True,
        label=_("检索"),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_CHARS * 2}),
    )
    committee = forms.ChoiceField(required=False, label=_("委员会"), widget=CommitteeSelect)
    year_from = forms.IntegerField(
        required=False, min_value=YEAR_MIN, max_value=YEAR_MAX, label=_("起始年份")
    )
    year_to = forms.IntegerField(
        required=False, min_value=YEAR_MIN, max_value=YEAR_MAX, label=_("截止年份")
    )
    term = forms.IntegerField(required=False, min_value=1, max_value=999, label=_("届"))
    sort = forms.ChoiceField(
        required=False, choices=[(k, v[0]) for k, v in SORTS.items()], label=_("排序")
    )
    # The trend chart's bars: matching sessions (default) or their share of each year's sessions.
    chart = forms.ChoiceField(
        required=False, choices=[("count", _("会议数")), ("share", _("占比"))], label=_("趋势图")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # (slug, name) of every public committee: the same for every search until the archive
        # changes.
        self.committees = remembered(
            "search-committees",
            lambda: list(
                Committee.objects.public()
                .order_by("parent_region", "region")
                .values_list("slug", "name")
            ),
        )
        if len(self.committees) <= COMMITTEE_SELECT_MAX:
            self.fields["committee"].choices = [("", _("全部")), *self.committees]
        else:
            self.fields["committee"] = forms.CharField(
                required=False,
                max_length=100,
                label=_("委员会"),
                widget=CommitteeBox(dict(self.committees)),
            )
        self.notices = []
        self.pieces = []

    def clean_committee(self):
        value = self.cleaned_data.get("committee") or ""
        if not value or isinstance(self.fields["committee"], forms.ChoiceField):
            return value
        slug = committee_slugs().get(fold("".join(value.split())))
        if slug is None:
            raise forms.ValidationError(
                _("没有名称、地区或代号为“%(name)s”的委员会") % {"name": value[:40]}
            )
        return slug

    def clean_q(self):
        text = strip_controls(self.cleaned_data.get("q") or "").strip()
        if len(text) > MAX_QUERY_CHARS:
            self.notices.append(_("检索词过长,只使用了前 %(n)d 个字符。") % {"n": MAX_QUERY_CHARS})
            text = text[:MAX_QUERY_CHARS]
        return text

    def usable(self, name):
        """The cleaned value of a filter, or None when it was empty or invalid (with a notice)."""
        if name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    def problems(self) -> list[str]:
        messages = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else name
            messages.append(
                _("已忽略参数“%(label)s”:%(reason)s") % {"label": label, "reason": errors[0]}
            )
        return messages

    def year_range(self) -> tuple[int | None, int | None]:
        """The year filters, the earlier first whichever way round they were given."""
        year_from, year_to = self.usable("year_from"), self.usable("year_to")
        if year_from and year_to and year_from > year_to:
            return year_to, year_from
        return year_from, year_to

    def search(self):
        self.is_valid()
        text = self.cleaned_data.get("q") or ""
        self.pieces = split_query(text)
        if len(self.pieces) > MAX_PIECES:
            self.notices.append(_("检索词太多,只使用了前 %(n)d 个。") % {"n": MAX_PIECES})
            self.pieces = self.pieces[:MAX_PIECES]
        if not self.pieces:
            if text:
                self.notices.append(_("检索词里没有可检索的文字(汉字、字母或数字)。"))
            return EmptySearchQuerySet()
        sqs = self.searchqueryset.models(Session)
        sqs = sqs.filter(content=Raw(" ".join(f'"{p}"' for p in self.pieces)))
        if committee := self.usable("committee"):
            sqs = sqs.filter(committee=committee)
        year_from, year_to = self.year_range()
        if year_from:
            sqs = sqs.filter(year__gte=year_from)
        if year_to:
            sqs = sqs.filter(year__lte=year_to)
        if term := self.usable("term"):
            sqs = sqs.filter(term=term)
        order = SORTS.get(self.usable("sort") or "relevance", SORTS["relevance"])[1]
        if order:
            sqs = sqs.order_by(order)
        return sqs.facet("committee").facet("year").facet("term").highlight()
