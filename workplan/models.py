"""The network's work plan: activities with leads, partners, timeline, progress and reports."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import MemberState, Organisation
from pesnet.cache import GenerationQuerySet
from pesnet.files import private_storage
from pesnet.uploads import random_name


class WorkPlan(models.Model):
    """The work plan of a period (e.g. 2021–2022), endorsed by a meeting of the network."""

    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("adopted at meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_plans",
    )
    # The meeting as the communiqué names it: shown when no meeting record is linked.
    adopted_at = models.CharField(_("adopted at (meeting)"), max_length=200, blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Shown with a demo badge everywhere.")
    )

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.UniqueConstraint(fields=["start_year", "end_year"], name="one_plan_per_period"),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="work_plan_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title or self.period

    def get_absolute_url(self):
        return reverse("workplan:plan", kwargs={"start": self.start_year, "end": self.end_year})

    @property
    def adopting_meeting(self) -> str:
        return str(self.adopted_at_meeting) if self.adopted_at_meeting_id else self.adopted_at

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class Category(models.TextChoices):
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("Knowledge sharing")
    RESEARCH = "research", _("Research and labour-market information")
    NETWORKING = "networking", _("Networking and partnerships")
    AWARENESS = "awareness", _("Awareness")


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", pgettext_lazy("activity status", "Cancelled")

    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="activities"
    )
    code = models.CharField(_("code"), max_length=12, help_text=_("For example 2.3"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    lead_member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("lead member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_activities",
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_activities",
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="partner_in_activities"
    )
    beneficiaries = models.ManyToManyField(
        MemberState,
        verbose_name=_("beneficiary member states"),
        blank=True,
        related_name="benefiting_activities",
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        help_text=_("Share of this sub-activity in its parent's progress."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="activity_code_unique_in_plan"),
            models.CheckConstraint(
                condition=(
                    Q(lead_member_state__isnull=False, lead_organisation__isnull=True)
                    | Q(lead_member_state__isnull=True, lead_organisation__isnull=False)
                ),
                name="activity_has_exactly_one_lead",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="activity_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="activity_progress_0_100"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="activity_weight_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("workplan:activity", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end cannot be before the planned start.")
        if bool(self.lead_member_state_id) == bool(self.lead_organisation_id):
            errors["lead_member_state"] = _(
                "Choose exactly one lead: a member state or an organisation."
            )
        if self.progress is not None and not 0 <= self.progress <= 100:
            errors["progress"] = _("Progress is a percentage between 0 and 100.")
        if self.parent_id:
            parent = self.parent
            if self.pk and parent.pk == self.pk:
                errors["parent"] = _("An activity cannot be part of itself.")
            elif parent.parent_id:
                errors["parent"] = _(
                    "Sub-activities have one level only: choose a top-level activity."
                )
            elif self.plan_id and parent.plan_id != self.plan_id:
                errors["parent"] = _("The parent activity belongs to another work plan.")
            elif self.pk and self.children.exists():
                errors["parent"] = _("An activity with sub-activities cannot become one itself.")
        if errors:
            raise ValidationError(errors)

    @property
    def lead(self):
        return self.lead_member_state or self.lead_organisation

    @property
    def lead_state(self) -> MemberState | None:
        """The member state whose focal points report on this activity.

        A member's public employment service (e.g. İŞKUR) leads for its state; the secretariat
        and partner organisations have no focal points, so the secretariat reports for them.
        """
        if self.lead_member_state_id:
            return self.lead_member_state
        organisation = self.lead_organisation
        if organisation and organisation.kind == Organisation.Kind.MEMBER_PES:
            return organisation.member_state
        return None

    @property
    def lead_state_id(self):
        if self.lead_member_state_id:
            return self.lead_member_state_id
        organisation = self.lead_organisation
        if organisation and organisation.kind == Organisation.Kind.MEMBER_PES:
            return organisation.member_state_id
        return None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or datetime.date.today()
        return self.planned_end < today and self.status in (
            self.Status.PLANNED,
            self.Status.IN_PROGRESS,
            self.Status.POSTPONED,
        )

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.COMPLETED, self.Status.CANCELLED)

    def report_refusal(self):
        """Why no progress can be reported on this activity, or None when it can be (who may
        report is the rule `workplan.submit_report`; the page and the service both ask here)."""
        if self.status == self.Status.CANCELLED:
            return _("This activity is cancelled: no progress can be reported on it.")
        if self.children.exists():
            return _(
                "This activity's progress comes from its sub-activities: report on those instead."
            )
        return None


class Milestone(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    done = models.BooleanField(_("done"), default=False)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ProgressReport(models.Model):
    class Review(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        ACCEPTED = "accepted", pgettext_lazy("report review", "Accepted")
        NEEDS_REVISION = "needs_revision", _("Needs revision")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="reports"
    )
    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("reporting member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    date = models.DateField(_("date of the report"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    narrative = models.TextField(_("narrative"))
    review_status = models.CharField(
        _("review"), max_length=16, choices=Review, default=Review.SUBMITTED
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_progress_reports",
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="report_percent_0_100"
            ),
        ]
        indexes = [models.Index(fields=["review_status", "created_at"])]

    def __str__(self):
        return f"{self.activity.code} · {self.date:%Y-%m-%d} · {self.percent}%"

    def save(self, *args, **kwargs):
        from .richtext import sanitise_narrative

        self.narrative = sanitise_narrative(self.narrative)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workplan:report", kwargs={"pk": self.pk})


def evidence_path(instance, filename):
    # The stored name is random: the original name is kept in a field and never used as a path.
    return random_name(f"workplan/evidence/{instance.report.activity_id}")(instance, filename)


class EvidenceFile(models.Model):
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(
        _("file"), upload_to=evidence_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("workplan:evidence", kwargs={"pk": self.pk})


def export_path(instance, filename):
    return f"workplan/exports/{uuid.uuid4().hex}/{filename}"


class ProgressExport(models.Model):
    """A progress report of the whole plan for a meeting, generated in the background."""

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Spreadsheet (XLSX)")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", pgettext_lazy("export state", "Failed")

    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="exports"
    )
    format = models.CharField(_("format"), max_length=4, choices=Format)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT
    )
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(
        _("file"), upload_to=export_path, storage=private_storage, max_length=200, blank=True
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("progress report export")
        verbose_name_plural = _("progress report exports")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="export_progress_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.plan.period} {self.get_format_display()} ({self.language})"

    @property
    def filename(self) -> str:
        plan = self.plan
        return f"pesnet-work-plan-{plan.start_year}-{plan.end_year}-{self.language}.{self.format}"
