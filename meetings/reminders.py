"""Meeting e-mails and reminders (outbox kinds).

- `meeting`: those registered, 7 days and 1 day before the start.
- `meeting_unanswered`: those invited who have not answered, 7 days before the registration
  deadline.

Each reminder is planned on the day it falls due (or on the first planning run after that, as
long as the moment it is about has not passed), in the recipient's language and time zone. The
deduplication key carries the meeting's start instant: a moved meeting is reminded again, and
`services.replan` cancels what was planned for the old time.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.api import message_kind, reminder_kind

from .mail import participant_message, stamp
from .models import Meeting, Registration

REMIND_DAYS_BEFORE = 7  # the first reminder; the last one is a day before
REGISTERED_OFFSETS = (7, 1)
UNANSWERED_DAYS_BEFORE = 7

message_kind(
    "meeting_registration",
    _("Meeting registration"),
    "Confirms a registration for a meeting, with the calendar file.",
)
message_kind(
    "meeting_invitation",
    _("Meeting invitation"),
    "Invites focal points, the chair and partners to a meeting, with a link to answer.",
)
message_kind(
    "meeting_updated",
    _("Meeting moved"),
    "Tells those registered that a meeting has a new time, with the updated calendar file.",
)
message_kind(
    "meeting_cancelled",
    _("Meeting cancelled"),
    "Tells those invited and registered that a meeting is cancelled (METHOD:CANCEL).",
)


def _day_start(today: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


def _due(moment, days, today) -> bool:
    """A reminder `days` before `moment` is due on `today` when its day has come and the moment
    is still ahead (and a later reminder does not already cover it)."""
    window_end = _day_start(today) + datetime.timedelta(days=days + 1)
    return _day_start(today) <= moment < window_end


def meeting_reminders(meeting: Meeting, today: datetime.date):
    """The reminders of one meeting that are due on `today`."""

    if meeting.is_cancelled:
        return
    key_start = stamp(meeting.start)
    registrations = list(
        meeting.registrations.filter(
            status__in=[Registration.Status.REGISTERED, Registration.Status.INVITED]
        ).select_related("user", "member_state")
    )
    offsets = [days for days in REGISTERED_OFFSETS if _due(meeting.start, days, today)]
    # Only the nearest reminder is due: a person who registers two days before gets one.
    offsets = sorted(offsets)[:1]
    for registration in registrations:
        if not registration.address:
            continue
        registration.meeting = meeting
        if registration.status == Registration.Status.REGISTERED:
            for days in offsets:
                yield participant_message(
                    registration,
                    kind="meeting",
                    template="meetings/email/reminder",
                    dedup_key=f"meeting:{meeting.pk}:{registration.pk}:{key_start}:t-{days}",
                    due_at=None,
                )
        elif (
            meeting.registration_deadline
            and _due(meeting.registration_deadline, UNANSWERED_DAYS_BEFORE, today)
            and meeting.registration_deadline > timezone.now()
        ):
            yield participant_message(
                registration,
                kind="meeting_unanswered",
                template="meetings/email/unanswered",
                dedup_key=(
                    f"meeting_unanswered:{meeting.pk}:{registration.pk}:{key_start}:"
                    f"{stamp(meeting.registration_deadline)}"
                ),
                with_link=False,
            )


def _planned(today: datetime.date, kind: str, moment: str, days: int):
    """The reminders of `kind` due today, for the meetings not cancelled whose `moment` (the
    start, or the registration deadline) falls within `days` days and a day from today."""
    since = _day_start(today)
    soon = since + datetime.timedelta(days=days + 1)
    meetings = Meeting.objects.exclude(status=Meeting.Status.CANCELLED).filter(
        **{f"{moment}__gte": since, f"{moment}__lt": soon}
    )
    for meeting in meetings.order_by("start"):
        yield from (spec for spec in meeting_reminders(meeting, today) if spec.kind == kind)


def _timed_kind(name: str, *, label, description: str, minute: str, moment: str, days: int):
    """Register the reminder kind `name`, planned each morning from `moment` (see _planned)."""

    def planner(today: datetime.date):
        return _planned(today, name, moment, days)

    reminder_kind(
        name,
        label=label,
        description=description,
        schedule={"minute": minute, "hour": "5"},
        period=lambda today: today,
    )(planner)
    return planner


# The timed kinds: (name, label, description, minute past 05:00, moment, days before).
_TIMED = (
    (
        "meeting",
        _("Meeting reminder"),
        "Reminds registered participants seven days and one day before each meeting.",
        "0",
        "start",
        REMIND_DAYS_BEFORE,
    ),
    (
        "meeting_unanswered",
        _("Unanswered meeting invitation"),
        "Reminds those invited who have not answered, seven days before the deadline.",
        "10",
        "registration_deadline",
        UNANSWERED_DAYS_BEFORE,
    ),
)
plan, plan_unanswered = (
    _timed_kind(name, label=label, description=text, minute=minute, moment=moment, days=days)
    for name, label, text, minute, moment, days in _TIMED
)
