"""Meeting e-mails: the confirmation of a registration, and a reminder a week before.

The reminder goes to everyone registered, seven days before the meeting starts (planned daily;
the deduplication key makes it once per person and meeting), with the calendar file and, for an
online meeting, the link.
"""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from outbox.kinds import message_kind, reminder_kind
from outbox.services import MessageSpec, portal_url

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
    from .services import calendar, ics_attachment

    window_start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    soon = window_start + datetime.timedelta(days=REMIND_DAYS_BEFORE + 1)
    meetings = Meeting.objects.filter(start__gte=window_start, start__lt=soon)
    registrations = Registration.objects.filter(
        meeting__in=meetings, status=Registration.Status.REGISTERED
    ).select_related("meeting", "user")
    for registration in registrations:
        meeting, user = registration.meeting, registration.user
        language = getattr(user, "preferred_language", "") or "en"
        with translation.override(language):
            ics = calendar(meeting, with_link=True)
        yield MessageSpec(
            to=user.email,
            language=language,
            template="meetings/email/reminder",
            context={"meeting": meeting, "online_link": meeting.online_link},
            dedup_key=f"meeting:{meeting.pk}:{user.pk}:t-{REMIND_DAYS_BEFORE}",
            user=user,
            recipient_name=user.get_full_name(),
            related=meeting,
            action_url=portal_url("meetings:detail", meeting.pk, language=language),
            attachments=[ics_attachment(meeting, ics)],
        )
