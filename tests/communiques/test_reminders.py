import datetime

import pytest
from django.utils import timezone

from communiques import services
from communiques.reminders import OPENED, REMINDER
from outbox.api import plan_reminders
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipients(focal_point_user, chair_user):
    focal_point = focal_point_user.focal_points.get()
    focal_point.preferred_language = "ar"
    focal_point.save(update_fields=["preferred_language"])
    return focal_point, chair_user


def test_opening_the_consultation_queues_one_e_mail_per_recipient_in_their_language(
    communique, secretariat_user, recipients
):
    focal_point, chair = recipients
    deadline = timezone.now() + datetime.timedelta(days=10)
    services.open_consultation(communique, deadline, by=secretariat_user)
    messages = {m.to: m for m in OutboxMessage.objects.filter(kind=OPENED)}
    assert set(messages) == {focal_point.email, chair.email}
    arabic = messages[focal_point.email]
    assert arabic.language == "ar" and "/ar/communiques/" in arabic.body_text
    assert "الاجتماع الثالث" in arabic.body_text and "الاجتماع الثالث" in arabic.subject
    assert "/en/communiques/" in messages[chair.email].body_text
    assert "Third Meeting" in messages[chair.email].subject


def test_the_reminder_is_planned_once_when_the_deadline_is_near(
    communique, secretariat_user, recipients
):
    services.open_consultation(
        communique, timezone.now() + datetime.timedelta(days=10), by=secretariat_user
    )
    today = timezone.localdate()
    assert plan_reminders(REMINDER, today).created == []  # ten days left: too early
    services.Communique.objects.filter(pk=communique.pk).update(
        consultation_deadline=timezone.now() + datetime.timedelta(days=2)
    )
    first = plan_reminders(REMINDER, today)
    assert len(first.created) == 2
    again = plan_reminders(REMINDER, today)
    assert again.created == [] and again.existing == 2
    assert OutboxMessage.objects.filter(kind=REMINDER).count() == 2
