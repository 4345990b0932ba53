"""What a participant receives about a meeting: the e-mail (in their language and time zone,
with a link to answer) and the iCalendar file; the calendar feeds. Pure builders, used by the
services (invitations, notices) and the reminders alike."""

import datetime
from zoneinfo import ZoneInfo

from django.core import signing
from django.utils import translation

from outbox.api import Attachment, MessageSpec, portal_url

from .models import Meeting, Registration

CALENDAR_MIMETYPE = "text/calendar"
ANSWER_SALT = "meetings.answer"


def stamp(moment: datetime.datetime) -> str:
    """An instant as a key part: the same instant gives the same text whatever the zone."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def answer_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "m": registration.meeting_id}, salt=ANSWER_SALT)


def registration_from_token(token: str) -> Registration | None:
    try:
        data = signing.loads(token, salt=ANSWER_SALT, max_age=400 * 24 * 3600)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("meeting", "user")
        .filter(pk=data.get("r"), meeting_id=data.get("m"))
        .first()
    )


def recipient_zone(registration: Registration) -> str:
    if registration.time_zone:
        return registration.time_zone
    if registration.member_state_id:
        return registration.member_state.default_time_zone or registration.meeting.time_zone
    return registration.meeting.time_zone


def participant_message(
    registration: Registration,
    *,
    kind,
    template,
    dedup_key,
    method="REQUEST",
    with_link=None,
    due_at=None,
) -> MessageSpec:
    """An e-mail to a participant about their meeting, in their language and time zone, with
    the calendar file; the online link for those registered; a link to answer."""
    meeting, user = registration.meeting, registration.user
    language = registration.language or getattr(user, "preferred_language", "") or "en"
    if with_link is None:
        with_link = registration.is_coming
    online_link = meeting.online_link if with_link else ""
    with translation.override(language):
        ics = calendar(meeting, with_link=with_link, method=method)
    return MessageSpec(
        to=registration.address,
        language=language,
        kind=kind,
        template=template,
        context={
            "meeting": meeting,
            "online_link": online_link,
            "recipient_zone": recipient_zone(registration),
            "answer_url": portal_url(
                "meetings:answer_by_link", answer_token(registration), language=language
            ),
            "deadline": meeting.registration_closes,
        },
        dedup_key=dedup_key,
        due_at=due_at,
        user=user,
        recipient_name=registration.display_name,
        related=meeting,
        action_url=portal_url("meetings:detail", meeting.pk, language=language),
        attachments=[ics_attachment(meeting, ics)],
    )


def ics_attachment(meeting: Meeting, ics: str) -> Attachment:
    return Attachment(f"pesnet-meeting-{meeting.pk}.ics", ics.encode(), CALENDAR_MIMETYPE)


def _event(meeting: Meeting, *, with_link: bool, status: str | None = None):
    from icalendar import Event

    event = Event()
    event.add("uid", meeting.calendar_uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", meeting.start.astimezone(meeting.zone))
    event.add("dtend", meeting.end.astimezone(meeting.zone))
    event.add("summary", meeting.title)
    location = meeting.place or meeting.get_mode_display()
    if with_link and meeting.online_link:
        location = f"{location} · {meeting.online_link}" if meeting.place else meeting.online_link
        event.add("url", meeting.online_link)
    event.add("location", location)
    if meeting.is_cancelled or status == "CANCELLED":
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    agenda = "\n".join(
        f"{index}. {item.title}" for index, item in enumerate(meeting.agenda.all(), start=1)
    )
    if agenda:
        event.add("description", agenda)
    return event


def calendar(meeting: Meeting, *, with_link: bool = False, method: str = "PUBLISH") -> str:
    """The meeting as an iCalendar file (RFC 5545), in the active language."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//OIC-PESNET//Portal//EN")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if meeting.is_cancelled else method)
    cal.add_component(_event(meeting, with_link=with_link))
    cal.add_missing_timezones()  # a VTIMEZONE for the meeting's zone, for strict clients
    return cal.to_ical().decode()


def feed(meetings, *, linked=frozenset(), name="OIC-PESNET") -> str:
    """Several meetings as one calendar (a subscription feed)."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//OIC-PESNET//Portal//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(_event(meeting, with_link=meeting.pk in linked))
    cal.add_missing_timezones()
    return cal.to_ical().decode()


def local(moment: datetime.datetime, zone: str) -> datetime.datetime:
    return moment.astimezone(ZoneInfo(zone))
