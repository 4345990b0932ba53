"""Actions that change the work plan. Views, the admin, tasks and commands all call these.

Who may act is the caller's check (the views ask workplan.rules through pesnet.roles.authorize);
the actor comes as `by=`, for the record. Every function validates its input before it writes
anything and refuses with a DomainError, so a refused action stores nothing.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pesnet.errors import DomainError
from pesnet.queue import enqueue_on_commit
from pesnet.roles import member_state_of
from pesnet.uploads import EVIDENCE, original_name

from . import notifications
from .models import Activity, EvidenceFile, ProgressExport, ProgressReport, WorkPlan
from .richtext import sanitise_narrative


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# --- Progress reports ---------------------------------------------------------------------


def validate_report(activity: Activity, percent, narrative_html: str) -> None:
    errors = {}
    refusal = activity.report_refusal()
    if refusal:
        errors["__all__"] = refusal
    if percent is None or not isinstance(percent, int) or not 0 <= percent <= 100:
        errors["percent"] = _("Progress is a percentage between 0 and 100.")
    if not _plain(narrative_html):
        errors["narrative"] = _("Describe the progress made.")
    if errors:
        raise DomainError(errors)


@transaction.atomic
def submit_report(
    *,
    by,
    activity: Activity,
    percent: int,
    narrative: str,
    date: datetime.date | None = None,
    files=(),
) -> ProgressReport:
    narrative_html = sanitise_narrative(narrative)
    validate_report(activity, percent, narrative_html)
    files = list(files)
    if len(files) > EVIDENCE.max_files:
        raise DomainError(
            _("Attach at most %(n)d files.") % {"n": EVIDENCE.max_files}, field="evidence"
        )
    content_types = []
    file_errors = []
    for upload in files:
        try:
            content_types.append(EVIDENCE.check(upload))
        except ValidationError as error:
            file_errors.extend(error.messages)
    if file_errors:
        raise DomainError(file_errors, field="evidence")
    today = timezone.localdate()
    date = date or today
    if date > today:
        raise DomainError(_("The date of the report cannot be in the future."), field="date")
    report = ProgressReport.objects.create(
        activity=activity,
        member_state=member_state_of(by) or activity.lead_state,
        submitted_by=by,
        date=date,
        percent=percent,
        narrative=narrative_html,
    )
    for upload, content_type in zip(files, content_types, strict=True):
        upload.seek(0)
        evidence = EvidenceFile(
            report=report,
            original_name=original_name(upload, max_length=200) or "evidence",
            content_type=content_type,
            size=upload.size,
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()
    return report


def _reviewable(report: ProgressReport) -> None:
    if report.review_status != ProgressReport.Review.SUBMITTED:
        raise DomainError(_("This report has already been reviewed."))


def status_for_progress(activity: Activity, percent: int) -> str:
    if percent >= 100:
        return Activity.Status.COMPLETED
    if percent > 0:
        return Activity.Status.IN_PROGRESS
    return activity.status


@transaction.atomic
def accept_report(*, by, report: ProgressReport, comment: str = "") -> ProgressReport:
    """The chair or the secretariat accepts: the activity takes the report's progress."""
    report = ProgressReport.objects.select_for_update().select_related("activity").get(pk=report.pk)
    _reviewable(report)
    activity = Activity.objects.select_for_update().get(pk=report.activity_id)
    if activity.status == Activity.Status.CANCELLED:
        raise DomainError(_("This activity is cancelled: its progress no longer changes."))
    report.review_status = ProgressReport.Review.ACCEPTED
    report.reviewer = by
    report.review_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.save(update_fields=["review_status", "reviewer", "review_comment", "reviewed_at"])
    activity.progress = report.percent
    activity.status = status_for_progress(activity, report.percent)
    activity.save(update_fields=["progress", "status", "updated_at"])
    if activity.parent_id:
        roll_up(activity.parent_id)
    notifications.review_outcome(report)
    return report


@transaction.atomic
def request_revision(*, by, report: ProgressReport, comment: str) -> ProgressReport:
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(_("Say what needs to be revised."), field="comment")
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _reviewable(report)
    report.review_status = ProgressReport.Review.NEEDS_REVISION
    report.reviewer = by
    report.review_comment = comment
    report.reviewed_at = timezone.now()
    report.save(update_fields=["review_status", "reviewer", "review_comment", "reviewed_at"])
    notifications.review_outcome(report)
    return report


# --- Roll-up --------------------------------------------------------------------------------


def roll_up(parent_id: int) -> Activity:
    """A parent's progress is the weighted average of its sub-activities (cancelled ones left
    out); its status follows theirs."""
    parent = Activity.objects.select_for_update().get(pk=parent_id)
    children = list(
        parent.children.exclude(status=Activity.Status.CANCELLED).values(
            "progress", "weight", "status"
        )
    )
    if not children:
        return parent
    total_weight = sum(child["weight"] for child in children)
    parent.progress = round(
        sum(child["progress"] * child["weight"] for child in children) / total_weight
    )
    statuses = {child["status"] for child in children}
    if statuses == {Activity.Status.COMPLETED}:
        parent.status = Activity.Status.COMPLETED
    elif parent.progress > 0 or statuses & {
        Activity.Status.IN_PROGRESS,
        Activity.Status.COMPLETED,
    }:
        parent.status = Activity.Status.IN_PROGRESS
    elif parent.status == Activity.Status.COMPLETED:
        parent.status = Activity.Status.IN_PROGRESS
    parent.save(update_fields=["progress", "status", "updated_at"])
    return parent


# --- Editing the plan (secretariat) -------------------------------------------------------


@transaction.atomic
def save_plan(*, by, plan: WorkPlan) -> WorkPlan:
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def save_activity(*, by, activity: Activity, partners=None, beneficiaries=None) -> Activity:
    """Create or change an activity; the parent's progress follows."""
    previous_parent_id = None
    if activity.pk:
        previous_parent_id = (
            Activity.objects.filter(pk=activity.pk).values_list("parent_id", flat=True).first()
        )
    activity.full_clean()
    activity.save()
    if partners is not None:
        activity.partners.set(partners)
    if beneficiaries is not None:
        activity.beneficiaries.set(beneficiaries)
    if activity.children.exists():
        roll_up(activity.pk)
    for parent_id in {activity.parent_id, previous_parent_id} - {None}:
        roll_up(parent_id)
    return activity


# --- Progress report for a meeting ----------------------------------------------------------


@transaction.atomic
def request_export(*, by, plan: WorkPlan, format: str, language: str) -> ProgressExport:
    if format not in ProgressExport.Format.values:
        raise DomainError(_("Choose PDF or XLSX."), field="format")
    if language not in dict(ProgressExport._meta.get_field("language").choices):
        raise DomainError(_("Choose Arabic, English or French."), field="language")
    export = ProgressExport.objects.create(
        plan=plan, format=format, language=language, requested_by=by
    )
    enqueue_on_commit("workplan.generate_progress_export", export.pk)
    return export


def _set_export(export_id: int, **fields) -> None:
    # Saved outside the task's work so that the polling page sees each step at once.
    ProgressExport.objects.filter(pk=export_id).update(**fields)


def generate_export(export_id: int) -> ProgressExport | None:
    """Render the file of a requested export. Running it twice renders nothing twice."""
    from django.core.files.base import ContentFile

    from . import exports

    export = ProgressExport.objects.select_related("plan").filter(pk=export_id).first()
    if export is None or export.state == ProgressExport.State.DONE:
        return export
    _set_export(export_id, state=ProgressExport.State.RUNNING, progress=5, error="")

    def progress(percent: int) -> None:
        _set_export(export_id, progress=max(5, min(95, percent)))

    try:
        if export.format == ProgressExport.Format.PDF:
            content = exports.plan_pdf(export.plan, export.language, progress=progress)
        else:
            content = exports.plan_xlsx(export.plan, export.language, progress=progress)
    except Exception as error:
        _set_export(
            export_id, state=ProgressExport.State.FAILED, error=str(error)[:2000], progress=100
        )
        raise
    with transaction.atomic():
        export = ProgressExport.objects.select_for_update().get(pk=export_id)
        if export.state == ProgressExport.State.DONE:
            return export
        export.file.save(export.filename, ContentFile(content), save=False)
        export.state = ProgressExport.State.DONE
        export.progress = 100
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "state", "progress", "finished_at"])
    return export
