"""Staff admin: edit sessions with their people, documents and phrases; every change in history."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from plenums.admin import evidence, review
from plenums.admin.import_view import SessionImportView
from plenums.ingest import phrase_counts as phrases
from plenums.models import (
    Appearance,
    Committee,
    Document,
    KeyPhrase,
    Person,
    PhraseOccurrence,
    Session,
)
from plenums.records.lexicon import recount

admin.site.site_header = _("全会档案 · 管理")
admin.site.site_title = _("全会档案管理")
admin.site.index_title = _("档案维护")

# The review page's submit button that saves the edits and marks the session reviewed.
REVIEWED_BUTTON = "_reviewed"
# The history's change reason of a review: stored data, in the archive's language.
REVIEWED_REASON = "核对完毕"

# What ingest recorded about the original article is evidence: staff may read it, never change it.
PROVENANCE_FIELDS = (
    "original_text",
    "original_filename",
    "original_encoding",
    "sha256",
    "fetched_at",
    "warc_record_id",
    "cleaning_log",
    "warnings",
)


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "parent_region", "level", "session_count"]
    list_filter = ["level", "parent_region"]
    search_fields = ["name", "region", "parent_region", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    @admin.display(description=_("会议数"), ordering="session_count")
    def session_count(self, obj):
        return obj.session_count


# Stacked rather than tabular inlines: every field gets its own visible <label>, and long
# sentences and JSON lists fit the screen instead of widening a table.
COMPACT_JSON = {models.JSONField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


class AppearanceInline(admin.StackedInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["person"]
    fields = [("order", "person", "name_as_printed"), ("roles", "actions")]
    formfield_overrides = COMPACT_JSON

    def get_queryset(self, request):
        # Each row is labelled with its person and their committee: fetch them with the rows.
        return super().get_queryset(request).select_related("person__committee", "session")


class DocumentInline(admin.StackedInline):
    model = Document
    extra = 0
    fields = [("order", "action", "kind"), "title"]


class PhraseOccurrenceInline(admin.StackedInline):
    """Read-only: occurrences are the lexicon counted in the text (edit the phrases, or the
    text, and saving recounts them)."""

    model = PhraseOccurrence
    extra = 0
    can_delete = False
    fields = [("phrase", "count"), "sentence"]
    readonly_fields = ["phrase", "count", "sentence"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "committee",
        "term",
        "plenum",
        "date_display",
        "published",
        "is_reviewed",
    ]
    list_filter = [
        "committee",
        "year",
        "term",
        "expanded",
        "script",
        "published",
        ("reviewed_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["committee"]
    search_fields = ["title", "slug", "committee__name", "cleaned_text", "source_name"]
    readonly_fields = [*PROVENANCE_FIELDS, "reviewed_at", "reviewed_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [AppearanceInline, DocumentInline, PhraseOccurrenceInline]
    fieldsets = [
        (
            None,
            {"fields": ["committee", ("term", "plenum", "expanded"), "slug", "title", "published"]},
        ),
        (_("日期"), {"fields": [("year", "month", "day"), "date_inferred"]}),
        (_("来源"), {"fields": ["source_name", "source_url", "source_title"]}),
        (_("出席"), {"fields": [("attendance_members", "attendance_alternates")]}),
        (_("正文"), {"fields": ["script", "cleaned_text"]}),
        (_("核对"), {"fields": [("reviewed_at", "reviewed_by")]}),
        (_("原文与整理记录(只读)"), {"classes": ["collapse"], "fields": PROVENANCE_FIELDS}),
    ]

    def get_urls(self):
        # Before the default URLs, whose <object_id>/ pattern would take "import/".
        view = self.admin_site.admin_view(SessionImportView.as_view(model_admin=self))
        return [
            path("import/", view, name="plenums_session_import"),
            path("import/<str:token>/", view, name="plenums_session_import_preview"),
            path(
                "review/",
                self.admin_site.admin_view(lambda request: review.queue_view(self, request)),
                name="plenums_session_review_queue",
            ),
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="plenums_session_review",
            ),
            *super().get_urls(),
        ]

    # --- review: the change form beside the text with every fact's span marked ------------

    def review_view(self, request, object_id):
        request.plenums_review = True
        return self.changeform_view(request, object_id)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if getattr(request, "plenums_review", False) and obj is not None:
            response.context_data.update(review.review_context(obj))
            response.template_name = ["admin/plenums/session/review.html"]
        return response

    def response_change(self, request, obj):
        if not getattr(request, "plenums_review", False):
            return super().response_change(request, obj)
        if REVIEWED_BUTTON in request.POST:
            self.message_user(
                request, _("“%(title)s”已核对完毕。") % {"title": obj.title}, messages.SUCCESS
            )
            return HttpResponseRedirect(reverse("admin:plenums_session_review_queue"))
        self.message_user(request, _("已保存,请继续核对。"), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:plenums_session_review", args=[obj.pk]))

    @admin.display(description=_("已核对"), boolean=True, ordering="reviewed_at")
    def is_reviewed(self, obj):
        return obj.reviewed_at is not None

    def save_model(self, request, obj, form, change):
        # A staff edit drops or re-points the spans of what it changed (plenums/admin/evidence.py);
        # the inlines read the old text from here.
        obj._text_before_edit = form.initial.get("cleaned_text", obj.cleaned_text)
        if change:
            evidence.session_edited(obj, obj._text_before_edit, form.changed_data)
        if change and getattr(request, "plenums_review", False) and REVIEWED_BUTTON in request.POST:
            # Who and when go into the row, and so into its history, with the edits saved here.
            obj.reviewed_at = timezone.now()
            obj.reviewed_by = request.user
            obj._change_reason = REVIEWED_REASON
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        old_text = getattr(form.instance, "_text_before_edit", form.instance.cleaned_text)
        text = form.instance.cleaned_text
        if formset.model in (Appearance, Document):
            for inline in formset.forms:
                row = inline.instance
                if row.pk is None and not inline.has_changed():
                    continue  # an empty extra form
                changed = inline.changed_data if row.pk else list(inline.fields)
                if formset.model is Appearance:
                    evidence.appearance_edited(row, inline.initial, changed, old_text, text)
                else:
                    evidence.document_edited(row, changed, old_text, text)
                if row.pk and not inline.has_changed() and old_text != text:
                    # Not saved by the formset: its spans follow the edited text.
                    row.save(update_fields=["evidence", *self._span_fields(formset.model)])
        super().save_formset(request, form, formset, change)

    @staticmethod
    def _span_fields(model) -> list[str]:
        return ["role_evidence"] if model is Appearance else []

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The text may have changed: its key phrases are counted again (same transaction).
        recount(sessions=Session.objects.filter(pk=form.instance.pk))

    @admin.display(description=_("日期"), ordering="year")
    def date_display(self, obj):
        parts = [f"{obj.year}年" if obj.year else "", f"{obj.month}月" if obj.month else ""]
        parts.append(f"{obj.day}日" if obj.day else "")
        text = "".join(parts) or "—"
        return f"{text}(推定)" if obj.date_inferred else text


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee", "appearance_count"]
    list_filter = ["committee"]
    list_select_related = ["committee"]
    search_fields = [
        "name",
        "appearances__name_as_printed",
        "committee__name",
        "committee__region",
    ]
    autocomplete_fields = ["committee"]
    actions = ["merge_people"]

    def get_queryset(self, request):
        # The committee is in every person's label (pickers, the merge form): one query.
        return (
            super()
            .get_queryset(request)
            .select_related("committee")
            .annotate(appearance_count=Count("appearances"))
            .order_by("name", "committee__name", "pk")
        )

    @admin.display(description=_("出场次数"), ordering="appearance_count")
    def appearance_count(self, obj):
        return obj.appearance_count

    @admin.action(
        description=_("合并所选人物(同一人的不同写法,或调任前后在不同委员会)"),
        permissions=["change"],
    )
    def merge_people(self, request, queryset):
        people = list(queryset.order_by("-appearance_count", "name", "committee__name"))
        if len(people) < 2:
            self.message_user(request, _("请至少选择两个人物进行合并。"), messages.WARNING)
            return None
        target_pk = request.POST.get("merge_into")
        if target_pk:
            target = next((p for p in people if str(p.pk) == target_pk), None)
            if target is None:
                self.message_user(request, _("合并目标必须是所选人物之一。"), messages.ERROR)
                return None
            others = [p for p in people if p.pk != target.pk]
            moved = target.absorb(others)
            self.message_user(
                request,
                ngettext(
                    "已将 %(count)d 个人物合并到 %(name)s(移动 %(moved)d 次出场)。",
                    "已将 %(count)d 个人物合并到 %(name)s(移动 %(moved)d 次出场)。",
                    len(others),
                )
                % {"count": len(others), "name": str(target), "moved": moved},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("合并人物"),
            "people": people,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/plenums/person/merge.html", context)


class KeyPhraseForm(forms.ModelForm):
    class Meta:
        model = KeyPhrase
        fields = ["phrase"]

    def clean_phrase(self):
        # Stored Simplified (it is counted in either script); quotes typed around it go.
        phrase = phrases.normalize(self.cleaned_data["phrase"])
        if phrases.problem(phrase):
            raise forms.ValidationError(_("提法须在一句之内,2 至 50 个字(不含。！？或换行)。"))
        return phrase


@admin.register(KeyPhrase)
class KeyPhraseAdmin(SimpleHistoryAdmin):
    """The phrase lexicon: adding, editing or removing a phrase recounts every session."""

    form = KeyPhraseForm
    list_display = ["phrase", "origin", "session_count"]
    list_filter = ["origin"]
    search_fields = ["phrase"]
    readonly_fields = ["origin"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("occurrences"))

    @admin.display(description=_("会议数"), ordering="session_count")
    def session_count(self, obj):
        return obj.session_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.origin = KeyPhrase.Origin.STAFF
        super().save_model(request, obj, form, change)
        # The admin's change view runs in one transaction: the phrase and its counts commit
        # together.
        counts = recount([obj])
        sessions = counts["created"] + counts["updated"] + counts["unchanged"]
        self.message_user(
            request,
            ngettext(
                "“%(phrase)s”出现在 %(count)d 次会议中。",
                "“%(phrase)s”出现在 %(count)d 次会议中。",
                sessions,
            )
            % {"phrase": obj.phrase, "count": sessions},
            messages.INFO,
        )
