"""Actions on meetings: answering an invitation, recording attendance, the calendar file."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outbox.api import Attachment, MessageSpec, kick_sender, portal_url, queue_spec
from pesnet.roles import member_state_of

from .models import Meeting, Registration

CALENDAR_MIMETYPE = "text/calendar"


def answer(meeting: Meeting, user, *, coming: bool) -> Registration:
    """Register for the meeting, or decline; a later answer replaces an earlier one.

    Registering queues a confirmation e-mail with the calendar file, in the person's language.
    """
    if meeting.is_past:
        raise ValidationError(_("This meeting has taken place."))
    if not meeting.registration_open:
        raise ValidationError(_("Registration for this meeting is closed."))
    status = Registration.Status.REGISTERED if coming else Registration.Status.DECLINED
    with transaction.atomic():
        registration, created = Registration.objects.select_for_update().get_or_create(
            meeting=meeting,
            user=user,
            defaults={"status": status, "member_state": member_state_of(user)},
        )
        changed = created or registration.status != status
        if not created and changed:
            registration.status = status
            registration.answered_at = timezone.now()
            registration.member_state = member_state_of(user)
            registration.save(update_fields=["status", "answered_at", "member_state"])
        if changed and coming:
            _confirm(registration)
    return registration


def _confirm(registration: Registration) -> None:
    stamp = f"{registration.answered_at:%Y%m%d%H%M%S%f}"
    queue_spec(
        participant_message(
            registration,
            kind="meeting_registration",
            template="meetings/email/registration",
            dedup_key=f"meeting-registration:{registration.meeting_id}:{registration.user_id}:{stamp}",
        )
    )
    kick_sender()


def participant_message(registration: Registration, *, kind, template, dedup_key) -> MessageSpec:
    """An e-mail to a participant about their meeting, in their language, with the calendar
    file (and the online link, which registered participants may see)."""
    meeting, user = registration.meeting, registration.user
    language = getattr(user, "preferred_language", "") or "en"
    with translation.override(language):
        ics = calendar(meeting, with_link=True)
    return MessageSpec(
        to=user.email,
        language=language,
        kind=kind,
        template=template,
        context={"meeting": meeting, "online_link": meeting.online_link},
        dedup_key=dedup_key,
        user=user,
        recipient_name=user.get_full_name(),
        related=meeting,
        action_url=portal_url("meetings:detail", meeting.pk, language=language),
        attachments=[ics_attachment(meeting, ics)],
    )


def ics_attachment(meeting: Meeting, ics: str) -> Attachment:
    return Attachment(f"pesnet-meeting-{meeting.pk}.ics", ics.encode(), CALENDAR_MIMETYPE)


def record_attendance(meeting: Meeting, attended_ids, *, by) -> int:
    """After the meeting: who of those registered attended (the others did not)."""
    if not meeting.has_started:
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    attended_ids = {int(pk) for pk in attended_ids}
    coming = meeting.registrations.filter(
        status__in=[
            Registration.Status.REGISTERED,
            Registration.Status.ATTENDED,
            Registration.Status.ABSENT,
        ]
    )
    unknown = attended_ids - set(coming.values_list("pk", flat=True))
    if unknown:
        raise ValidationError(_("Attendance can only be recorded for registered participants."))
    coming.filter(pk__in=attended_ids).update(status=Registration.Status.ATTENDED)
    coming.exclude(pk__in=attended_ids).update(status=Registration.Status.ABSENT)
    return len(attended_ids)


def calendar(meeting: Meeting, *, with_link: bool = False) -> str:
    """The meeting as an iCalendar file (RFC 5545), in the active language."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//OIC-PESNET//Portal//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@pesnet-portal")
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", meeting.start.astimezone(meeting.zone))
    event.add("dtend", meeting.end.astimezone(meeting.zone))
    event.add("summary", meeting.title)
    location = meeting.place or meeting.get_mode_display()
    if with_link and meeting.online_link:
        location = f"{location} · {meeting.online_link}" if meeting.place else meeting.online_link
        event.add("url", meeting.online_link)
    event.add("location", location)
    agenda = "\n".join(
        f"{index}. {item.title}" for index, item in enumerate(meeting.agenda.all(), start=1)
    )
    if agenda:
        event.add("description", agenda)
    cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for the meeting's zone, for strict clients
    return cal.to_ical().decode()
