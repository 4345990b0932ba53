"""Meeting e-mails: the confirmation of a registration, and a reminder a week before.

The reminder goes to everyone registered, seven days before the meeting starts (planned daily;
the deduplication key makes it once per person and meeting), with the calendar file and, for an
online meeting, the link.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.api import message_kind, reminder_kind

from .models import Meeting, Registration

REMIND_DAYS_BEFORE = 7

message_kind(
    "meeting_registration",
    _("Meeting registration"),
    "Confirms a registration for a meeting, with the calendar file.",
)


@reminder_kind(
    "meeting",
    label=_("Meeting reminder"),
    description="Reminds registered participants seven days before each meeting.",
    schedule={"minute": "0", "hour": "5"},
    period=lambda today: today,
)
def plan(today: datetime.date):
    from .services import participant_message

    window_start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    soon = window_start + datetime.timedelta(days=REMIND_DAYS_BEFORE + 1)
    meetings = Meeting.objects.filter(start__gte=window_start, start__lt=soon)
    registrations = Registration.objects.filter(
        meeting__in=meetings, status=Registration.Status.REGISTERED
    ).select_related("meeting", "user")
    for registration in registrations:
        yield participant_message(
            registration,
            kind="meeting",
            template="meetings/email/reminder",
            dedup_key=(
                f"meeting:{registration.meeting_id}:{registration.user_id}:t-{REMIND_DAYS_BEFORE}"
            ),
        )
