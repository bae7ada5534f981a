"""Staff import of article files or pasted text through the admin: upload, preview, save."""

import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.db import DatabaseError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from plenums.admin import staging
from plenums.admin.staging import LIFETIME_HOURS, QUOTA_BYTES, QUOTA_IMPORTS, MiB
from plenums.admin.uploads import MAX_FILES
from plenums.fetch import Fetcher, FetchError
from plenums.ingest.decode import MAX_BYTES
from plenums.ingest.parse import Batch, MissingFacts, Supplied, parse_bytes, refuse_duplicates
from plenums.ingest.phrase_counts import Lexicon, proposed
from plenums.ingest.records import ArticleError
from plenums.models import KeyPhrase, Session
from plenums.records.loader import load_records
from plenums.templatetags.plenums_tags import date_display

_PLACE = RegexValidator(
    r"^[\u4e00-\u9fff]{2,20}$", gettext_lazy("请用汉字书写地名,如 嘉定区、上海市。")
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>``; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is named by the form, which knows its name.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _too_big(name: str, size: int) -> str:
    return _("%(name)s:文件有 %(size)s 字节,超过 %(limit)s 字节(2 MiB)的上限") % {
        "name": name,
        "size": f"{size:,}",
        "limit": f"{MAX_BYTES:,}",
    }


class ImportForm(forms.Form):
    """Article files, or the text of one article pasted."""

    required_css_class = "required"

    files = MultipleFileField(
        label=gettext_lazy("文章文件"),
        required=False,
        help_text=gettext_lazy(
            "可选多个 .txt 文件或存下的网页(.html),任何编码和字体;每个不超过 2 MiB。"
        ),
    )
    url = forms.URLField(
        label=gettext_lazy("或网页网址"),
        required=False,
        assume_scheme="https",
        max_length=2000,
        help_text=gettext_lazy(
            "抓取这一网页(遵守 robots.txt,只收 HTML,不超过 2 MiB);最终网址即来源。"
        ),
    )
    text = forms.CharField(
        label=gettext_lazy("或粘贴正文"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=gettext_lazy("一篇文章的全文,照原样粘贴。"),
    )

    def clean(self):
        cleaned = super().clean()
        uploads = cleaned.get("files") or []
        # Browsers send a textarea's line breaks as CRLF; the pasted article had plain ones.
        text = (cleaned.get("text") or "").replace("\r\n", "\n")
        pasted = text.encode("utf-8") if text.strip() else None
        # Every limit broken is named at once, checked before any file is read: past the
        # limits plenums.admin.uploads kept only names and sizes.
        errors = []
        url = cleaned.get("url") or ""
        count = len(uploads) + (pasted is not None) + bool(url)
        if count > MAX_FILES:
            errors.append(
                _("一次最多导入 %(max)s 篇文章,这次有 %(count)s 篇。")
                % {"max": MAX_FILES, "count": count}
            )
        for upload in uploads:
            if upload.size == 0:
                errors.append(_("%(name)s:文件是空的") % {"name": upload.name})
            elif upload.size > MAX_BYTES:
                errors.append(_too_big(upload.name, upload.size))
        if pasted is not None and len(pasted) > MAX_BYTES:
            errors.append(_too_big(_("粘贴的文本"), len(pasted)))
        if errors:
            raise forms.ValidationError(errors)
        articles = [(upload.name, upload.read()) for upload in uploads]
        if pasted is not None:
            articles.append((f"pasted-{hashlib.sha256(pasted).hexdigest()[:12]}.txt", pasted))
        cleaned["origins"] = {}
        if url:
            # Fetched last, once every other limit holds: a refused form fetches nothing.
            try:
                with Fetcher() as fetcher:
                    page = fetcher.fetch(url)
            except FetchError as error:
                raise forms.ValidationError(
                    _("未能抓取 %(url)s:%(reason)s") % {"url": url, "reason": error.reason}
                ) from error
            cleaned["origins"][len(articles)] = page.origin()
            articles.append((page.url, page.data))
        if not articles:
            raise forms.ValidationError(_("请选择文章文件、粘贴正文或填写网址。"))
        cleaned["articles"] = articles
        return cleaned


class SuppliedForm(forms.Form):
    """The facts a staged article does not state, asked of staff; only the missing ones."""

    required_css_class = "required"

    region = forms.CharField(
        label=gettext_lazy("委员会所在地区"),
        max_length=20,
        validators=[_PLACE],
        help_text=gettext_lazy("县级地区全称,如 嘉定区、淳安县。"),
    )
    parent_region = forms.CharField(
        label=gettext_lazy("上级地区"),
        max_length=20,
        required=False,
        validators=[_PLACE],
        help_text=gettext_lazy("地级市或省,如 上海市;不详可留空。"),
    )
    term = forms.IntegerField(label=gettext_lazy("届"), min_value=1, max_value=99)
    plenum = forms.IntegerField(label=gettext_lazy("次"), min_value=1, max_value=99)

    FIELDS = {"committee": ("region", "parent_region"), "ordinal": ("term", "plenum")}

    def __init__(self, *args, missing=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        wanted = {name for fact in missing for name in self.FIELDS[fact]}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]

    def supplied(self) -> Supplied:
        data = self.cleaned_data
        return Supplied(
            region=data.get("region", ""),
            parent_region=data.get("parent_region", ""),
            term=data.get("term"),
            plenum=data.get("plenum"),
        )


def _staged(request, token: str) -> list[tuple[str, bytes]]:
    """The staged files under ``token``; only the staff member who staged them finds them."""
    try:
        return staging.read(request.user.pk, token)
    except staging.Gone:
        raise Http404(_("没有这次导入(已保存、已放弃或已过期),请重新上传。")) from None


def _size(size: int) -> str:
    """Bytes as staff read them; binary units, as the limits are stated (2 MiB, 25 MiB)."""
    number, unit = (size / MiB, "MiB") if size >= MiB else (size / 1024, "KiB")
    return f"{number:.1f}".removesuffix(".0") + f" {unit}"


def _over_quota(full: staging.QuotaExceeded) -> str:
    return _(
        "未暂存:这次的文章共 %(adding)s,而您已有 %(count)s 次导入等待保存(共 %(held)s);"
        "每人最多暂存 %(max_count)s 次、共 %(max_size)s。请先保存或放弃下面等待的导入,"
        "它们暂存 %(hours)s 小时后自动清除。"
    ) % {
        "adding": _size(full.adding),
        "count": len(full.held),
        "held": _size(full.held_bytes),
        "max_count": QUOTA_IMPORTS,
        "max_size": _size(QUOTA_BYTES),
        "hours": LIFETIME_HOURS,
    }


def _in_archive(record) -> str | None:
    """Why the archive cannot take this record as a new session, if it cannot."""
    same_plenum = Session.objects.filter(
        committee__name=record.committee.name, term=record.term, plenum=record.plenum
    ).first()
    if same_plenum:
        return _("档案中已有这次全会:%(title)s(%(slug)s);请在那里修改。") % {
            "title": same_plenum.title,
            "slug": same_plenum.slug,
        }
    same_file = Session.objects.filter(sha256=record.sha256).first()
    if same_file:
        return _("档案中已有同一文件(SHA-256 相同):%(title)s(%(slug)s)。") % {
            "title": same_file.title,
            "slug": same_file.slug,
        }
    return None


class SessionImportView(View):
    """Upload (GET/POST without a token), then preview and save a staged import (with one)."""

    model_admin = None
    upload_template = "admin/plenums/session/import.html"
    preview_template = "admin/plenums/session/import_preview.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, request, **extra):
        opts = self.model_admin.model._meta
        return {
            **self.model_admin.admin_site.each_context(request),
            "opts": opts,
            "title": _("导入文章"),
            "max_files": MAX_FILES,
            **extra,
        }

    def get(self, request, token=None):
        if token is None:
            return self.upload(request, ImportForm())
        return self.preview(request, token, data=None)

    def post(self, request, token=None):
        if token is None:
            form = ImportForm(request.POST, request.FILES)
            if not form.is_valid():
                return self.upload(request, form)
            try:
                token = staging.stage(
                    request.user.pk,
                    form.cleaned_data["articles"],
                    origins=form.cleaned_data["origins"],
                )
            except staging.QuotaExceeded as full:
                form.add_error(None, _over_quota(full))
                return self.upload(request, form)
            return HttpResponseRedirect(
                reverse("admin:plenums_session_import_preview", args=[token])
            )
        if "_save" in request.POST:
            return self.save(request, token)
        if "_discard" in request.POST:
            return self.discard(request, token)
        return self.preview(request, token, data=request.POST)

    def upload(self, request, form):
        context = self.context(
            request,
            form=form,
            pending=[
                {"token": s.token, "when": s.when, "names": s.names, "size": _size(s.size)}
                for s in staging.pending(request.user.pk)
            ],
            quota_imports=QUOTA_IMPORTS,
            quota_size=_size(QUOTA_BYTES),
            lifetime_hours=LIFETIME_HOURS,
        )
        return TemplateResponse(request, self.upload_template, context)

    def discard(self, request, token):
        names = [name for name, _data in _staged(request, token)]
        staging.discard(request.user.pk, token)
        messages.success(request, _("已放弃这次导入:%(names)s") % {"names": "、".join(names)})
        return HttpResponseRedirect(reverse("admin:plenums_session_import"))

    def parse(self, request, token, data):
        """Each staged file parsed afresh from its bytes (never from anything the browser
        sent back but the facts asked for), with the form asking for what it lacks."""
        items = []
        batch = Batch()
        staged = _staged(request, token)
        origins = staging.read_origins(request.user.pk, token)
        for index, (name, raw) in enumerate(staged):
            origin = origins[index]
            item = {"name": name, "record": None, "error": None}
            record, missing = None, frozenset()
            try:
                record = parse_bytes(raw, name, origin=origin)
            except MissingFacts as error:
                missing, item["error"] = error.missing, error
            except ArticleError as error:
                item["error"] = error
            item["form"] = form = SuppliedForm(data, prefix=f"f{index}", missing=missing)
            if missing and form.is_bound and form.is_valid():
                try:
                    supplied = form.supplied()
                    record, item["error"] = parse_bytes(raw, name, supplied, origin), None
                except ArticleError as error:
                    item["error"] = error
            if record is not None:
                # Keyed by position: two uploads may share a file name.
                batch.parsed.append((str(index), record))
                item["record"] = record
            items.append(item)
        # A plenum two files describe, or one the archive holds already, is not imported.
        duplicates = {int(error.path) for error in refuse_duplicates(batch).refused}
        # Key phrases as saving will count them: the archive's lexicon and the batch's quotes.
        archived = KeyPhrase.objects.values_list("phrase", flat=True)
        lexicon = Lexicon({*archived, *proposed(r for _i, r in batch.parsed)})
        for index, item in enumerate(items):
            record = item["record"]
            if record is None:
                continue
            why = _("与同批的另一文件描述同一次全会。") if index in duplicates else None
            why = why or _in_archive(record)
            if why:
                item["error"], item["record"] = ArticleError(item["name"], why), None
            else:
                # Steps that changed nothing are in the record, but not worth a reviewer's time.
                item["cleaning"] = [step for step in record.cleaning if step.count]
                item["phrases"] = lexicon.count(record.text)
                item["date"] = date_display(
                    record.date.year, record.date.month, record.date.day, record.date.inferred
                )
        return items

    def preview(self, request, token, data):
        items = self.parse(request, token, data)
        context = self.context(
            request,
            items=items,
            token=token,
            good=sum(1 for item in items if item["record"]),
        )
        return TemplateResponse(request, self.preview_template, context)

    def save(self, request, token):
        items = self.parse(request, token, request.POST)
        # Facts asked for and left all blank skip that file; half-given ones must be completed.
        asked = [item for item in items if item["form"].fields and not item["form"].is_valid()]
        half_given = [item for item in asked if item["form"].has_changed()]
        records = [item["record"] for item in items if item["record"]]
        if half_given or not records:
            messages.error(
                request,
                _("未保存:请补全所缺的事实。") if asked else _("未保存:没有可以导入的文章。"),
            )
            return self.preview(request, token, request.POST)
        try:
            load_records(records, published=False)
        except DatabaseError as error:
            messages.error(request, _("未保存,数据库拒绝:%(error)s") % {"error": error})
            return self.preview(request, token, request.POST)
        staging.discard(request.user.pk, token)
        messages.success(
            request,
            _("已保存 %(count)s 场会议,未公开,待审核后公开:%(titles)s")
            % {"count": len(records), "titles": "、".join(r.title for r in records)},
        )
        for item in items:
            if item["error"]:
                messages.warning(request, _("未导入 %(error)s") % {"error": item["error"]})
        changelist = reverse("admin:plenums_session_changelist")
        return HttpResponseRedirect(f"{changelist}?published__exact=0")
