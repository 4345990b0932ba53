from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from members.models import MemberState, Organisation
from pesnet.cache import GenerationQuerySet
from pesnet.files import private_storage

LANGUAGES = ("ar", "en", "fr")


class ImmutableError(Exception):
    """Raised when code tries to change a record that the network adopted."""


class Communique(models.Model):
    """The final communiqué of a meeting, stored as structure (paragraphs), not as a file.

    The working copy (this row and its paragraphs) is edited by the secretariat while it is a
    draft or in consultation. Adoption freezes it into a CommuniqueVersion; the public page and
    the PDF show the published version, so later edits (a new version) change nothing there
    until that version is adopted and published in turn.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("In consultation")
        ADOPTED = "adopted", _("Adopted")
        PUBLISHED = "published", _("Published")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="communique"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    heading = models.CharField(
        _("meeting line"),
        max_length=400,
        blank=True,
        help_text=_("The line under the title naming the meeting, as in the document."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    date = models.DateField(_("date of adoption"))
    opening = models.TextField(_("opening clause"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    consultation_deadline = models.DateTimeField(_("consultation deadline"), null=True, blank=True)
    published_version = models.ForeignKey(
        "CommuniqueVersion",
        verbose_name=_("published version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["-date"]
        verbose_name = _("communiqué")
        verbose_name_plural = _("communiqués")

    def __str__(self):
        return self.title or str(self.meeting)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CONSULTATION)

    def consultation_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.CONSULTATION
            and self.consultation_deadline is not None
            and now < self.consultation_deadline
        )


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        PREAMBULAR = "preambular", _("Preambular paragraph")
        OPERATIVE = "operative", _("Operative paragraph")

    communique = models.ForeignKey(
        Communique,
        verbose_name=_("communiqué"),
        on_delete=models.CASCADE,
        related_name="paragraphs",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    order = models.PositiveIntegerField(_("order"))
    lead = models.CharField(_("lead phrase"), max_length=200, blank=True)
    body = models.TextField(_("text"), max_length=5000, blank=True)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        # "preambular" sorts after "operative": descending kind puts the preamble first.
        ordering = ["communique", "-kind", "order"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")

    def __str__(self):
        return f"{self.get_kind_display()} {self.order}"

    def missing_languages(self) -> list[str]:
        return [code for code in LANGUAGES if not (getattr(self, f"body_{code}") or "").strip()]


class Comment(models.Model):
    """A remark by a focal point, the chair or the secretariat on a paragraph in consultation."""

    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="communique_comments",
    )
    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author} — {self.paragraph}"


class FollowUp(models.Model):
    """An action that an operative paragraph asks for, and where it stands."""

    class Responsible(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        CHAIR = "chair", _("Chair")
        MEMBER_STATE = "member_state", _("Member state")
        PARTNER = "partner", _("Partner")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Link(models.TextChoices):
        NONE = "", _("No link")
        NOMINATIONS = "nominations", _("Nomination status of the member states")
        MEETING = "meeting", _("A meeting")
        ACTIVITY = "activity", _("A work-plan activity")
        WORK_PLAN = "work_plan", _("The work plan")

    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    action = models.CharField(_("action"), max_length=500)
    responsible = models.CharField(_("responsible"), max_length=20, choices=Responsible)
    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    link = models.CharField(_("link"), max_length=12, choices=Link, default=Link.NONE, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the action carries out in the work plan: one activity, or the plan as a whole (a
    # paragraph that endorses the plan). The communiqué page shows its progress.
    activity = models.ForeignKey(
        "workplan.Activity",
        verbose_name=_("work-plan activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    work_plan = models.ForeignKey(
        "workplan.WorkPlan",
        verbose_name=_("work plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["paragraph__order", "due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(responsible="member_state")
                | models.Q(member_state__isnull=False),
                name="follow_up_member_state_named",
            ),
            models.CheckConstraint(
                condition=~models.Q(responsible="partner") | models.Q(partner__isnull=False),
                name="follow_up_partner_named",
            ),
            models.CheckConstraint(
                condition=models.Q(activity__isnull=True) | models.Q(work_plan__isnull=True),
                name="follow_up_activity_or_plan",
            ),
        ]

    def __str__(self):
        return self.action

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.due_date is not None
            and self.due_date < today
            and self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)
        )


class _Snapshot(models.Model):
    """A frozen copy of a document: written once, never changed, never deleted."""

    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ImmutableError("A recorded version cannot be changed; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("A recorded version cannot be deleted.")


class CommuniqueVersion(_Snapshot):
    class Stage(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation draft")
        ADOPTED = "adopted", _("Adopted")

    communique = models.ForeignKey(
        Communique, verbose_name=_("communiqué"), on_delete=models.PROTECT, related_name="versions"
    )
    edition = models.PositiveIntegerField(_("edition"))
    stage = models.CharField(_("stage"), max_length=12, choices=Stage)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["communique", "number"]
        verbose_name = _("communiqué version")
        verbose_name_plural = _("communiqué versions")
        constraints = [
            models.UniqueConstraint(fields=["communique", "number"], name="one_communique_version"),
        ]

    def __str__(self):
        return f"{self.communique} v{self.number} ({self.get_stage_display()})"


class RulesOfProcedure(models.Model):
    """The network's Rules of Procedure: a working copy of chapters and articles, and the
    versions adopted at meetings (RulesVersion). An amendment is the next adopted version."""

    title = models.CharField(_("title"), max_length=200)
    is_demo = models.BooleanField(_("demo text"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        verbose_name = _("Rules of Procedure")
        verbose_name_plural = _("Rules of Procedure")

    def __str__(self):
        return self.title


class RulesChapter(models.Model):
    rules = models.ForeignKey(
        RulesOfProcedure,
        verbose_name=_("Rules of Procedure"),
        on_delete=models.CASCADE,
        related_name="chapters",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["rules", "number"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(fields=["rules", "number"], name="one_chapter_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class RulesArticle(models.Model):
    chapter = models.ForeignKey(
        RulesChapter, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="articles"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["chapter__number", "number"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return f"{self.number}. {self.title}"


class RulesVersion(_Snapshot):
    rules = models.ForeignKey(
        RulesOfProcedure,
        verbose_name=_("Rules of Procedure"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("adopted at"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("adopted on"))
    note = models.CharField(_("what changed"), max_length=500, blank=True)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["rules", "number"]
        verbose_name = _("Rules of Procedure version")
        verbose_name_plural = _("Rules of Procedure versions")
        constraints = [
            models.UniqueConstraint(fields=["rules", "number"], name="one_rules_version"),
        ]

    def __str__(self):
        return f"{self.rules} v{self.number}"


class RenderedPdf(models.Model):
    """A PDF rendered once for a given content: found again by the hash of that content."""

    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=200)
    file = models.FileField(_("file"), storage=private_storage, upload_to="pdf/")
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(_("rendered"), auto_now_add=True)

    class Meta:
        verbose_name = _("rendered PDF")
        verbose_name_plural = _("rendered PDFs")

    def __str__(self):
        return self.label
