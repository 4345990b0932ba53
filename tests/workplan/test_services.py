"""The work plan's rules, called the way views, tasks and the admin call them."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pesnet.roles import authorize
from workplan import services
from workplan.models import Activity, EvidenceFile, ProgressReport

from .factories import ActivityFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def checked(user, action, obj, call):
    """Who may act is checked by the caller, once (pesnet.roles.authorize), then the service
    acts: the way the views call the services (services do not check roles)."""
    authorize(user, action, obj, visible=True)
    return call()


def submit(user, activity, **overrides):
    values = {"percent": 50, "narrative": "Two trainings held.", "files": ()}
    values.update(overrides)
    return services.submit_report(by=user, activity=activity, **values)


# --- who may submit -------------------------------------------------------------------------


def test_focal_point_of_the_lead_state_submits(activity, focal_point_user, turkiye):
    report = submit(focal_point_user, activity)
    assert report.member_state == turkiye
    assert report.review_status == ProgressReport.Review.SUBMITTED
    assert report.narrative == "<p>Two trainings held.</p>"
    activity.refresh_from_db()
    assert activity.progress == 10  # unchanged until the chair accepts


def test_focal_point_of_the_pes_that_leads_submits(focal_point_user, turkiye):
    from tests.workplan.factories import OrganisationFactory

    iskur = OrganisationFactory(
        slug="iskur", acronym="İŞKUR", kind="member_pes", member_state=turkiye
    )
    led_by_iskur = ActivityFactory(lead_member_state=None, lead_organisation=iskur)
    assert submit(focal_point_user, led_by_iskur).member_state == turkiye


def test_focal_point_of_another_state_is_refused(other_activity, focal_point_user):
    with pytest.raises(PermissionDenied):
        checked(
            focal_point_user,
            "workplan.submit_report",
            other_activity,
            lambda: submit(focal_point_user, other_activity),
        )
    assert not ProgressReport.objects.exists()


def test_chair_does_not_submit(activity, chair_user):
    with pytest.raises(PermissionDenied):
        checked(
            chair_user, "workplan.submit_report", activity, lambda: submit(chair_user, activity)
        )


def test_secretariat_submits_for_any_lead(other_activity, secretariat_user, morocco):
    report = submit(secretariat_user, other_activity)
    assert report.member_state == morocco


# --- bad input stores nothing ------------------------------------------------------------------


@pytest.mark.parametrize("percent", [-1, 101, 250, None])
def test_percent_outside_0_100_is_refused(activity, focal_point_user, percent):
    with pytest.raises(ValidationError) as error:
        submit(focal_point_user, activity, percent=percent)
    assert "percent" in error.value.message_dict
    assert not ProgressReport.objects.exists()


def test_report_on_a_cancelled_activity_is_refused(activity, focal_point_user):
    activity.status = Activity.Status.CANCELLED
    activity.save()
    with pytest.raises(ValidationError, match="cancelled"):
        submit(focal_point_user, activity)
    assert not ProgressReport.objects.exists()


def test_report_on_a_parent_is_refused(activity, focal_point_user, turkiye):
    ActivityFactory(parent=activity, lead_member_state=turkiye)
    with pytest.raises(ValidationError, match="sub-activities"):
        submit(focal_point_user, activity)


def test_empty_narrative_is_refused(activity, focal_point_user):
    with pytest.raises(ValidationError) as error:
        submit(focal_point_user, activity, narrative="<p> </p><script>x</script>")
    assert "narrative" in error.value.message_dict


def test_future_date_is_refused(activity, focal_point_user):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        submit(focal_point_user, activity, date=tomorrow)
    assert "date" in error.value.message_dict
    assert not ProgressReport.objects.exists()


def test_narrative_is_sanitised(activity, focal_point_user):
    report = submit(
        focal_point_user,
        activity,
        narrative='<p onclick="x()">Done <strong>well</strong><script>alert(1)</script>'
        '<a href="javascript:alert(1)">link</a></p>',
    )
    assert "<script" not in report.narrative
    assert "onclick" not in report.narrative
    assert "javascript:" not in report.narrative
    assert "<strong>well</strong>" in report.narrative


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_is_checked_by_content_and_stored_privately(activity, focal_point_user, settings):
    files = [
        SimpleUploadedFile("minutes.pdf", PDF_BYTES, content_type="application/pdf"),
        SimpleUploadedFile("agenda.docx", docx_bytes(), content_type="application/octet-stream"),
    ]
    report = submit(focal_point_user, activity, files=files)
    stored = list(report.evidence.all())
    assert [e.content_type for e in stored] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    assert stored[0].original_name == "minutes.pdf"
    path = stored[0].file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "minutes" not in path  # stored under a random name


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", b"MZ\x90\x00 not a pdf"),
        ("photo.png", PDF_BYTES),
        ("agenda.docx", b"PK\x03\x04 broken zip"),
        ("script.exe", b"MZ\x90\x00"),
        ("page.html", b"<html>"),
    ],
)
def test_evidence_with_wrong_content_is_refused(activity, focal_point_user, name, content):
    with pytest.raises(ValidationError) as error:
        submit(focal_point_user, activity, files=[SimpleUploadedFile(name, content)])
    assert "evidence" in error.value.message_dict
    assert not ProgressReport.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_evidence_over_the_size_limit_is_refused(activity, focal_point_user, monkeypatch):
    import dataclasses

    monkeypatch.setattr(services, "EVIDENCE", dataclasses.replace(services.EVIDENCE, max_bytes=100))
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 200)
    with pytest.raises(ValidationError, match="larger than"):
        submit(focal_point_user, activity, files=[big])
    assert not ProgressReport.objects.exists()


# --- review -------------------------------------------------------------------------------------


def test_chair_accepts_and_the_activity_takes_the_progress(pending_report, chair_user):
    services.accept_report(by=chair_user, report=pending_report, comment="Thanks")
    pending_report.refresh_from_db()
    activity = pending_report.activity
    activity.refresh_from_db()
    assert pending_report.review_status == ProgressReport.Review.ACCEPTED
    assert pending_report.reviewer == chair_user
    assert pending_report.reviewed_at is not None
    assert (activity.progress, activity.status) == (60, Activity.Status.IN_PROGRESS)


def test_accepting_100_percent_completes_the_activity(activity, focal_point_user, chair_user):
    activity.status = Activity.Status.PLANNED
    activity.save()
    report = submit(focal_point_user, activity, percent=100)
    services.accept_report(by=chair_user, report=report)
    activity.refresh_from_db()
    assert (activity.progress, activity.status) == (100, Activity.Status.COMPLETED)


def test_revision_needs_a_comment_and_leaves_the_activity(pending_report, chair_user):
    with pytest.raises(ValidationError) as error:
        services.request_revision(by=chair_user, report=pending_report, comment="  ")
    assert "comment" in error.value.message_dict
    services.request_revision(by=chair_user, report=pending_report, comment="Add figures.")
    pending_report.refresh_from_db()
    pending_report.activity.refresh_from_db()
    assert pending_report.review_status == ProgressReport.Review.NEEDS_REVISION
    assert pending_report.review_comment == "Add figures."
    assert pending_report.activity.progress == 10


def test_a_report_is_reviewed_once(pending_report, chair_user, secretariat_user):
    services.accept_report(by=chair_user, report=pending_report)
    with pytest.raises(ValidationError, match="already been reviewed"):
        services.request_revision(by=secretariat_user, report=pending_report, comment="No")


def test_focal_point_cannot_review(pending_report, focal_point_user):
    with pytest.raises(PermissionDenied):
        checked(
            focal_point_user,
            "workplan.review_report",
            pending_report,
            lambda: services.accept_report(by=focal_point_user, report=pending_report),
        )
    pending_report.refresh_from_db()
    assert pending_report.review_status == ProgressReport.Review.SUBMITTED


def test_secretariat_reviews_too(pending_report, secretariat_user):
    services.accept_report(by=secretariat_user, report=pending_report)
    pending_report.refresh_from_db()
    assert pending_report.review_status == ProgressReport.Review.ACCEPTED


# --- roll-up ----------------------------------------------------------------------------------


def test_parent_progress_is_the_weighted_average_of_its_children(
    activity, focal_point_user, chair_user, turkiye
):
    first = ActivityFactory(parent=activity, lead_member_state=turkiye, weight=3, progress=0)
    second = ActivityFactory(parent=activity, lead_member_state=turkiye, weight=1, progress=20)
    ActivityFactory(
        parent=activity, lead_member_state=turkiye, weight=5, progress=0, status="cancelled"
    )
    report = submit(focal_point_user, first, percent=80)
    services.accept_report(by=chair_user, report=report)
    activity.refresh_from_db()
    # (80×3 + 20×1) / 4 = 65; the cancelled child is left out.
    assert activity.progress == 65
    assert activity.status == Activity.Status.IN_PROGRESS
    for child in (first, second):
        report = submit(focal_point_user, child, percent=100)
        services.accept_report(by=chair_user, report=report)
    activity.refresh_from_db()
    assert (activity.progress, activity.status) == (100, Activity.Status.COMPLETED)


def test_editing_a_child_rolls_up(activity, secretariat_user, turkiye):
    child = ActivityFactory(parent=activity, lead_member_state=turkiye, progress=0)
    child.progress = 40
    services.save_activity(by=secretariat_user, activity=child)
    activity.refresh_from_db()
    assert activity.progress == 40


def test_nesting_is_one_level(activity, secretariat_user, turkiye):
    child = ActivityFactory(parent=activity, lead_member_state=turkiye)
    grandchild = Activity(
        plan=activity.plan,
        code="1.1.1.1",
        title_en="Too deep",
        category="awareness",
        lead_member_state=turkiye,
        planned_start=datetime.date(2022, 1, 1),
        planned_end=datetime.date(2022, 2, 1),
        parent=child,
    )
    with pytest.raises(ValidationError) as error:
        services.save_activity(by=secretariat_user, activity=grandchild)
    assert "parent" in error.value.message_dict


# --- editing the plan -------------------------------------------------------------------------


def test_end_before_start_is_refused(activity, secretariat_user):
    activity.planned_end = activity.planned_start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.save_activity(by=secretariat_user, activity=activity)
    assert "planned_end" in error.value.message_dict
    activity.refresh_from_db()
    assert activity.planned_end > activity.planned_start


def test_exactly_one_lead(activity, secretariat_user):
    from tests.workplan.factories import OrganisationFactory

    activity.lead_organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        services.save_activity(by=secretariat_user, activity=activity)
    assert "lead_member_state" in error.value.message_dict


def test_only_the_secretariat_edits_the_plan(activity, chair_user, focal_point_user):
    activity.title_en = "Changed"
    for user in (chair_user, focal_point_user):
        with pytest.raises(PermissionDenied):
            checked(
                user,
                "workplan.edit_plan",
                activity,
                lambda user=user: services.save_activity(by=user, activity=activity),
            )
    activity.refresh_from_db()
    assert activity.title_en != "Changed"


def test_database_refuses_what_the_forms_refuse(activity):
    from django.db import IntegrityError, transaction

    for field, value in (("progress", 101), ("planned_end", datetime.date(2000, 1, 1))):
        with pytest.raises(IntegrityError), transaction.atomic():
            Activity.objects.filter(pk=activity.pk).update(**{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReportFactory(activity=activity, percent=120)


def test_narrative_written_elsewhere_is_sanitised_too(activity, focal_point_user):
    report = ProgressReportFactory(
        activity=activity, narrative='<p>Admin edit<img src=x onerror="alert(1)"></p>'
    )
    report.refresh_from_db()
    assert report.narrative == "<p>Admin edit</p>"
