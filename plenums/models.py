"""Committees, their plenary sessions, the people who spoke, documents adopted and key phrases."""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plenums.ingest import phrase_counts, plenum_names
from plenums.records import shapes
from plenums.records.querysets import (
    AppearanceManager,
    CommitteeManager,
    DocumentManager,
    KeyPhraseManager,
    PersonManager,
    PhraseOccurrenceManager,
    SessionManager,
)
from plenums.web import links


class Committee(models.Model):
    class Level(models.TextChoices):
        DISTRICT = "district", _("区")
        COUNTY = "county", _("县")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    slug = models.SlugField(_("短名"), max_length=100, unique=True, allow_unicode=False)
    region = models.CharField(_("地区"), max_length=50)
    parent_region = models.CharField(_("上级地区"), max_length=50, blank=True)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    history = HistoricalRecords()

    objects = CommitteeManager()
    # The fields natural_key() reads, as the loader looks rows up by them.
    natural_key_fields = ("name",)

    class Meta:
        ordering = ["parent_region", "region"]
        verbose_name = _("委员会")
        verbose_name_plural = _("委员会")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return links.path("plenums:committee", self.slug)

    def natural_key(self):
        return (self.name,)


class Session(models.Model):
    class Script(models.TextChoices):
        SIMPLIFIED = "Hans", _("简体")
        TRADITIONAL = "Hant", _("繁体")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("委员会")
    )
    term = models.PositiveSmallIntegerField(_("届"))
    plenum = models.PositiveSmallIntegerField(_("次"))
    expanded = models.BooleanField(_("扩大会议"), default=False)
    slug = models.SlugField(_("短名"), max_length=120, unique=True)
    year = models.PositiveSmallIntegerField(_("年"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("月"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("日"), null=True, blank=True)
    date_inferred = models.BooleanField(_("日期系推定"), default=False)
    title = models.CharField(_("标题"), max_length=300)
    original_text = models.TextField(_("原文(逐字)"))
    original_filename = models.CharField(_("原文件名"), max_length=255)
    original_encoding = models.CharField(_("原文编码"), max_length=30)
    sha256 = models.CharField(_("原文SHA-256"), max_length=64, unique=True)
    cleaned_text = models.TextField(_("整理后正文"))
    script = models.CharField(_("字体"), max_length=4, choices=Script.choices)
    source_name = models.CharField(_("来源"), max_length=200, blank=True)
    source_url = models.URLField(_("来源网址"), max_length=500, blank=True)
    source_title = models.CharField(_("来源标题"), max_length=300, blank=True)
    fetched_at = models.DateTimeField(
        _("抓取时间"),
        null=True,
        blank=True,
        help_text=_("网页按网址抓取的时间,或网页存档(WARC)的存档时间;文件导入则为空。"),
    )
    warc_record_id = models.CharField(
        _("WARC 记录 ID"),
        max_length=200,
        blank=True,
        help_text=_("取自网页存档时,原记录的 WARC-Record-ID。"),
    )
    attendance_members = models.PositiveSmallIntegerField(_("出席委员"), null=True, blank=True)
    attendance_alternates = models.PositiveSmallIntegerField(
        _("出席候补委员"), null=True, blank=True
    )
    cleaning_log = models.JSONField(_("整理记录"), default=list, blank=True)
    warnings = models.JSONField(_("警告"), default=list, blank=True)
    published = models.BooleanField(_("公开"), default=True)
    # Where each fact was read in cleaned_text ({"offset", "length"}, null when no passage
    # gives it) and why the parser doubts it (short codes); see plenums/ingest/records.py.
    committee_evidence = models.JSONField(_("委员会依据"), null=True, blank=True)
    committee_doubt = models.JSONField(_("委员会存疑"), default=list, blank=True)
    numbering_evidence = models.JSONField(_("届次依据"), null=True, blank=True)
    date_evidence = models.JSONField(_("日期依据"), null=True, blank=True)
    date_year_evidence = models.JSONField(_("推定年份依据"), null=True, blank=True)
    date_doubt = models.JSONField(_("日期存疑"), default=list, blank=True)
    attendance_evidence = models.JSONField(_("出席人数依据"), default=dict, blank=True)
    attendance_doubt = models.JSONField(_("出席人数存疑"), default=list, blank=True)
    # A person's check of the facts against the text: a mark of trust, never a gate to readers.
    reviewed_at = models.DateTimeField(_("核对时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("核对人"),
    )
    history = HistoricalRecords()

    objects = SessionManager()
    # The fields natural_key() reads, as the loader looks rows up by them.
    natural_key_fields = ("committee", "term", "plenum")

    class Meta:
        ordering = ["committee__name", "term", "plenum"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "term", "plenum"], name="unique_session_per_plenum"
            )
        ]
        indexes = [
            models.Index(fields=["year", "month", "day"]),
            # Covers the home page's sessions and committees per year over published sessions
            # alone: at 100,000 sessions a scan of the table itself takes half a second.
            models.Index(
                fields=["year", "committee"],
                condition=models.Q(published=True),
                name="plenums_session_published_year",
            ),
        ]
        verbose_name = _("全体会议")
        verbose_name_plural = _("全体会议")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return links.path("plenums:session", self.slug)

    def natural_key(self):
        return (self.committee.name, self.term, self.plenum)

    natural_key.dependencies = ["plenums.committee"]

    @property
    def ordinal_name(self):
        """第7届委员会第9次全体(扩大)会议 — the plenum's name as the documents write it."""
        return plenum_names.plenum_name(self.term, self.plenum, self.expanded)

    @property
    def partial_date(self):
        """The date with its honest precision (a ``SessionDate``: ``iso()``, ``first_day()``)."""
        return shapes.partial_date(self)

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=50, help_text=_("简体规范写法"))
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("委员会"),
        help_text=_("任职所在(首次出场)的委员会:同名者按委员会区分,调任者可合并"),
    )
    history = HistoricalRecords()

    objects = PersonManager()
    # The fields natural_key() reads, as the loader looks rows up by them.
    natural_key_fields = ("name", "committee")

    class Meta:
        ordering = ["name", "committee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "committee"], name="unique_person_per_committee"
            )
        ]
        verbose_name = _("人物")
        verbose_name_plural = _("人物")

    def __str__(self):
        # The admin's pickers list same-named people: the place tells them apart.
        if self.committee_id is None:
            return self.name
        return f"{self.name}({self.committee.parent_region}{self.committee.region})"

    def get_absolute_url(self):
        return links.path("plenums:person", self.name, self.committee.slug)

    def natural_key(self):
        return (self.name,) + self.committee.natural_key()

    natural_key.dependencies = ["plenums.committee"]

    @transaction.atomic
    def absorb(self, others):
        """Merge other rows of this person into this one; return appearances moved.

        The others are other printings of the name, or the same official's row at another
        committee (someone who moved): their appearances keep the session and printed name.

        Where both appear at one session, their roles and actions are united in this person's
        appearance. Each row is saved or deleted singly so the history records every step.
        """
        moved = 0
        for other in others:
            if other.pk == self.pk:
                continue
            for appearance in other.appearances.select_related("session"):
                mine = self.appearances.filter(session=appearance.session).first()
                if mine is None:
                    appearance.person = self
                    appearance.save()
                else:
                    mine.roles = list(dict.fromkeys(mine.roles + appearance.roles))
                    mine.actions = list(dict.fromkeys(mine.actions + appearance.actions))
                    mine.save()
                    appearance.delete()
                moved += 1
            other.delete()
        return moved


class Appearance(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="appearances", verbose_name=_("会议")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appearances", verbose_name=_("人物")
    )
    name_as_printed = models.CharField(_("原文写法"), max_length=50)
    roles = models.JSONField(_("职务"), default=list, blank=True)
    actions = models.JSONField(_("活动"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    evidence = models.JSONField(_("姓名依据"), null=True, blank=True)
    role_evidence = models.JSONField(_("职务依据"), default=list, blank=True)
    doubt = models.JSONField(_("存疑"), default=list, blank=True)
    history = HistoricalRecords()

    objects = AppearanceManager()
    # The fields natural_key() reads, as the loader looks rows up by them.
    natural_key_fields = ("session", "person")

    class Meta:
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="unique_person_per_session")
        ]
        verbose_name = _("出场")
        verbose_name_plural = _("出场")

    def __str__(self):
        return f"{self.person} @ {self.session}"

    def natural_key(self):
        return self.session.natural_key() + self.person.natural_key()

    natural_key.dependencies = ["plenums.session", "plenums.person"]

    @property
    def roles_display(self):
        return "、".join(self.roles)


class Document(models.Model):
    class Kind(models.TextChoices):
        RESOLUTION = "决议", _("决议")
        OPINION = "意见", _("意见")
        REPORT = "报告", _("报告")
        PROPOSAL = "建议", _("建议")
        OTHER = "其他", _("其他")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="documents", verbose_name=_("会议")
    )
    title = models.CharField(_("标题"), max_length=300)
    action = models.CharField(_("处理"), max_length=20)
    kind = models.CharField(_("类别"), max_length=4, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    evidence = models.JSONField(_("标题依据"), null=True, blank=True)
    doubt = models.JSONField(_("存疑"), default=list, blank=True)
    history = HistoricalRecords()

    objects = DocumentManager()
    # The fields natural_key() reads, as the loader looks rows up by them.
    natural_key_fields = ("session", "title")

    class Meta:
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "title"], name="unique_document_per_session")
        ]
        verbose_name = _("文件")
        verbose_name_plural = _("文件")

    def __str__(self):
        return self.title

    def natural_key(self):
        return self.session.natural_key() + (self.title,)

    natural_key.dependencies = ["plenums.session"]


class KeyPhrase(models.Model):
    class Origin(models.TextChoices):
        QUOTED = phrase_counts.QUOTED, _("引号中提出")
        STAFF = phrase_counts.STAFF, _("工作人员添加")

    phrase = models.CharField(_("提法"), max_length=50, unique=True, help_text=_("简体"))
    origin = models.CharField(
        _("来源"), max_length=10, choices=Origin.choices, default=Origin.QUOTED, editable=False
    )
    history = HistoricalRecords()

    objects = KeyPhraseManager()
    # The fields natural_key() reads, as the loader looks rows up by them.
    natural_key_fields = ("phrase",)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("关键提法")
        verbose_name_plural = _("关键提法")

    def __str__(self):
        return self.phrase

    def get_absolute_url(self):
        return links.path("plenums:phrase", self.phrase)

    def natural_key(self):
        return (self.phrase,)


class PhraseOccurrence(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="phrases", verbose_name=_("会议")
    )
    # Removing a phrase from the lexicon removes its occurrences (each one into the history).
    phrase = models.ForeignKey(
        KeyPhrase, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("提法")
    )
    count = models.PositiveIntegerField(_("次数"))
    sentence = models.TextField(_("首次出现的句子"))
    history = HistoricalRecords()

    objects = PhraseOccurrenceManager()
    # The fields natural_key() reads, as the loader looks rows up by them.
    natural_key_fields = ("session", "phrase")

    class Meta:
        ordering = ["session", "-count", "phrase__phrase"]
        constraints = [
            models.UniqueConstraint(fields=["session", "phrase"], name="unique_phrase_per_session")
        ]
        verbose_name = _("提法出现")
        verbose_name_plural = _("提法出现")

    def __str__(self):
        return f"{self.phrase} ×{self.count}"

    def natural_key(self):
        return self.session.natural_key() + self.phrase.natural_key()

    natural_key.dependencies = ["plenums.session", "plenums.keyphrase"]


class ArchiveStamp(models.Model):
    """The archive's last change: one row, bumped on every archive write (see plenums.web.caching).

    Pages derive their ETag and cache key from it, so every gunicorn worker and every app server
    sharing the database sees an edit on its next request.
    """

    version = models.PositiveBigIntegerField(_("版本"), default=0)
    changed_at = models.DateTimeField(_("最后修改"))

    class Meta:
        verbose_name = _("档案版本")
        verbose_name_plural = _("档案版本")

    def __str__(self):
        return f"v{self.version} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"
