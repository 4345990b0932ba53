"""The work plan's e-mails go through the outbox: one row per message, never twice."""

import datetime

import pytest

from outbox.api import plan_reminders
from outbox.models import OutboxMessage
from workplan import services

from .factories import ActivityFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


def review_messages():
    return OutboxMessage.objects.filter(kind="workplan_review")


def test_accepting_queues_exactly_one_email_to_the_reporter(pending_report, chair_user):
    reporter = pending_report.submitted_by
    reporter.preferred_language = "ar"
    reporter.save()
    services.accept_report(by=chair_user, report=pending_report)
    message = review_messages().get()
    assert message.to == reporter.email
    assert message.language == "ar"
    assert pending_report.activity.code in message.subject
    assert "مقبول" in message.subject or "قبول" in message.subject
    assert f"/ar/workplan/reports/{pending_report.pk}/" in message.action_url


def test_asking_for_revision_queues_one_email_with_the_comment(pending_report, secretariat_user):
    services.request_revision(
        by=secretariat_user, report=pending_report, comment="Please add the figures."
    )
    message = review_messages().get()
    assert "Please add the figures." in message.body_text
    assert "revision" in message.subject


def test_a_refused_review_queues_nothing(pending_report, chair_user, focal_point_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    from pesnet.roles import authorize

    # Who may review is the caller's one check (services do not check roles).
    with pytest.raises(PermissionDenied):
        authorize(focal_point_user, "workplan.review_report", pending_report, visible=True)
        services.accept_report(by=focal_point_user, report=pending_report)
    with pytest.raises(ValidationError):
        services.request_revision(by=chair_user, report=pending_report, comment="")
    assert not review_messages().exists()
    services.accept_report(by=chair_user, report=pending_report)
    with pytest.raises(ValidationError):
        services.accept_report(by=chair_user, report=pending_report)
    assert review_messages().count() == 1


def test_leads_without_a_report_in_the_last_quarter_are_reminded_once(
    activity, focal_point_user, other_activity, other_focal_point_user
):
    today = datetime.date(2026, 10, 1)
    activity.planned_start = other_activity.planned_start = datetime.date(2026, 1, 1)
    activity.save()
    other_activity.save()
    # Morocco reported last month: no reminder for it.
    ProgressReportFactory(activity=other_activity, date=datetime.date(2026, 9, 1))
    report = plan_reminders("workplan_progress", today)
    assert [m.to for m in report.created] == [focal_point_user.email]
    assert activity.code in report.created[0].body_text
    again = plan_reminders("workplan_progress", today + datetime.timedelta(days=20))
    assert (again.created, again.existing) == ([], 1)


def test_activities_not_started_or_closed_are_not_chased(activity, turkiye):
    activity.status = "completed"
    activity.save()
    ActivityFactory(
        lead_member_state=turkiye,
        planned_start=datetime.date(2099, 1, 1),
        planned_end=datetime.date(2099, 6, 1),
    )
    assert plan_reminders("workplan_progress", datetime.date(2026, 10, 1)).created == []


def test_chair_gets_a_weekly_digest_of_pending_reports(pending_report, chair_user):
    monday = datetime.date(2026, 11, 30)
    report = plan_reminders("workplan_review_digest", monday)
    assert [m.to for m in report.created] == [chair_user.email]
    assert pending_report.activity.code in report.created[0].body_text
    assert (
        plan_reminders("workplan_review_digest", monday + datetime.timedelta(days=2)).created == []
    )


def test_no_digest_when_nothing_waits(activity, chair_user):
    assert plan_reminders("workplan_review_digest", datetime.date(2026, 11, 30)).created == []
