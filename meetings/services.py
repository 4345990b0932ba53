"""Actions on meetings: convening, moving and cancelling a meeting; its agenda and documents;
invitations; answers; delegations; attendance and minutes; the calendar files."""

import io
import xml.etree.ElementTree as ET
import zipfile

import nh3
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox.api import (
    Campaign,
    OutboxMessage,
    kick_sender,
    messages_about,
    queue_spec,
    request_campaign_sending,
)
from pesnet.errors import DomainError
from pesnet.queue import enqueue_on_commit
from pesnet.roles import member_state_of
from pesnet.uploads import MEETING_DOCUMENT

from .mail import participant_message, stamp
from .models import (
    AgendaItem,
    CalendarFeed,
    Meeting,
    MeetingDocument,
    Registration,
    hash_feed_token,
)
from .reminders import meeting_reminders

# The kinds of message that are about a meeting's time: cancelled when the meeting moves or is
# cancelled before they left, and planned again for the new time.
TIMED_KINDS = ("meeting", "meeting_unanswered")
COMING = (Registration.Status.REGISTERED, Registration.Status.ATTENDED)
MINUTES_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "h2", "h3", "h4"}
MINUTES_TAGS |= {"blockquote", "a", "table", "thead", "tbody", "tr", "th", "td"}


# --- The meeting ---------------------------------------------------------------------------


def check_times(start, end, deadline, *, field_end="end", field_deadline="registration_deadline"):
    if start and end and end <= start:
        raise DomainError(_("The meeting must end after it starts."), field=field_end)
    if start and deadline and deadline > start:
        raise DomainError(
            _("The registration deadline must be before the meeting starts."),
            field=field_deadline,
        )


@transaction.atomic
def save_meeting(meeting: Meeting, *, by) -> Meeting:
    """Create or change a meeting. Moving it (a new start or end) raises its calendar
    revision, re-plans the pending reminders and tells those registered, once."""
    check_times(meeting.start, meeting.end, meeting.registration_deadline)
    if meeting.is_cancelled and meeting.pk is None:
        raise DomainError(_("A new meeting cannot be cancelled."), field="status")
    previous = None
    if meeting.pk:
        previous = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if previous.is_cancelled:
            raise DomainError(_("This meeting is cancelled and can no longer be changed."))
        meeting.status = previous.status
        meeting.sequence = previous.sequence
    moved = previous is not None and (previous.start, previous.end) != (meeting.start, meeting.end)
    deadline_moved = previous is not None and (
        previous.registration_deadline != meeting.registration_deadline
    )
    if moved:
        meeting.sequence += 1
    meeting.save()
    if moved or deadline_moved:
        replan(meeting)
    if moved:
        _notify(meeting, kind="meeting_updated", template="meetings/email/updated")
    return meeting


def replan(meeting: Meeting) -> tuple[int, int]:
    """Cancel the pending reminders planned for another time and plan those now due; (cancelled,
    planned). The deduplication keys carry the start instant, so this is safe to repeat."""

    current = stamp(meeting.start)
    stale = (
        messages_about(meeting)
        .filter(kind__in=TIMED_KINDS, status=OutboxMessage.Status.PENDING)
        .exclude(dedup_key__contains=f":{current}:")
    )
    cancelled = stale.update(status=OutboxMessage.Status.CANCELLED, changed_at=timezone.now())
    planned = 0
    if not meeting.is_cancelled:
        for spec in meeting_reminders(meeting, timezone.localdate()):
            if queue_spec(spec) is not None:
                planned += 1
    if planned:
        kick_sender()
    return cancelled, planned


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by) -> int:
    """Cancel the meeting: pending reminders and invitations do not leave; those invited or
    registered get a cancellation (METHOD:CANCEL). Returns the number of notices."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is already cancelled."))
    if meeting.is_past:
        raise DomainError(_("This meeting has taken place."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])
    messages_about(meeting).filter(status=OutboxMessage.Status.PENDING).update(
        status=OutboxMessage.Status.CANCELLED, changed_by=by, changed_at=timezone.now()
    )
    return _notify(
        meeting,
        kind="meeting_cancelled",
        template="meetings/email/cancelled",
        statuses=(Registration.Status.INVITED, *COMING),
        method="CANCEL",
    )


@transaction.atomic
def mark_held(meeting: Meeting, *, by) -> Meeting:
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled."))
    if not meeting.has_started:
        raise DomainError(_("A meeting is held once it has started."))
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    return meeting


def _notify(meeting, *, kind, template, statuses=COMING, method="REQUEST") -> int:
    count = 0
    for registration in meeting.registrations.filter(status__in=statuses).select_related("user"):
        if not registration.address:
            continue
        spec = participant_message(
            registration,
            kind=kind,
            template=template,
            dedup_key=f"{kind}:{meeting.pk}:{registration.pk}:{meeting.sequence}",
            method=method,
        )
        if queue_spec(spec) is not None:
            count += 1
    if count:
        kick_sender()
    return count


# --- Agenda --------------------------------------------------------------------------------


def add_agenda_item(item: AgendaItem, *, by) -> AgendaItem:
    if item.order in (None, 0):
        last = item.meeting.agenda.aggregate(last=Max("order"))["last"] or 0
        item.order = last + 1
    _check_item(item)
    item.save()
    return item


def save_agenda_item(item: AgendaItem, *, by) -> AgendaItem:
    _check_item(item)
    item.save()
    return item


def _check_item(item: AgendaItem) -> None:
    meeting = item.meeting
    if item.start and not (meeting.start <= item.start <= meeting.end):
        raise DomainError(_("An agenda item starts during the meeting."), field="start")


@transaction.atomic
def delete_agenda_item(item: AgendaItem, *, by) -> None:
    meeting = item.meeting
    item.delete()
    _renumber(meeting)


@transaction.atomic
def move_agenda_item(item: AgendaItem, *, up: bool, by) -> None:
    items = list(item.meeting.agenda.select_for_update())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for order, other in enumerate(items, start=1):
        if other.order != order:
            other.order = order
            other.save(update_fields=["order"])


@transaction.atomic
def reorder_agenda(meeting: Meeting, order: list[int], *, by) -> None:
    """Put the agenda in `order` (every item's id once: what dragging the items gives)."""
    items = {item.pk: item for item in meeting.agenda.select_for_update()}
    if sorted(order) != sorted(items):
        raise DomainError(
            _("The agenda changed meanwhile: reload the page and move the item again.")
        )
    for position, pk in enumerate(order, start=1):
        if items[pk].order != position:
            items[pk].order = position
            items[pk].save(update_fields=["order"])


def _renumber(meeting):
    for order, other in enumerate(meeting.agenda.all(), start=1):
        if other.order != order:
            other.order = order
            other.save(update_fields=["order"])


# --- Documents -----------------------------------------------------------------------------


@transaction.atomic
def add_document(
    meeting: Meeting, *, upload, language, kind, title, is_public, by
) -> MeetingDocument:
    """Store an uploaded document; the same kind, language and title makes a new version."""
    content_type = MEETING_DOCUMENT.check(upload)
    earlier = (
        MeetingDocument.objects.select_for_update()
        .filter(meeting=meeting, language=language, kind=kind, title=title)
        .order_by("-version")
    )
    last = earlier.first()
    earlier.filter(is_current=True).update(is_current=False)
    document = MeetingDocument(
        meeting=meeting,
        language=language,
        kind=kind,
        title=title,
        is_public=is_public,
        original_name=upload.name[-255:],
        content_type=content_type,
        size=upload.size,
        version=(last.version + 1) if last else 1,
        uploaded_by=by,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    enqueue_on_commit("meetings.extract_document_text", document.pk)
    return document


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _ooxml_text(archive: zipfile.ZipFile, prefix: str, tag: str) -> str:
    parts = []
    names = sorted(n for n in archive.namelist() if n.startswith(prefix) and n.endswith(".xml"))
    for name in names:
        root = ET.fromstring(archive.read(name))
        parts.append(" ".join(node.text for node in root.iter(tag) if node.text))
    return "\n".join(part for part in parts if part)


def document_text(document: MeetingDocument) -> str:
    """The words of a document (PDF, DOCX, PPTX, XLSX), for the search index."""
    with document.file.open("rb") as handle:
        data = handle.read()
    extension = document.extension
    try:
        if extension == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data), strict=False)
            return "\n".join((page.extract_text() or "") for page in reader.pages)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if extension == "docx":
                return _ooxml_text(archive, "word/document", f"{W}t")
            if extension == "pptx":
                return _ooxml_text(archive, "ppt/slides/slide", f"{A}t")
            if extension == "xlsx":
                return _ooxml_text(archive, "xl/sharedStrings", f"{S}t")
    except Exception:  # a damaged file has no text to index; it stays downloadable
        return ""
    return ""


def extract_text(document: MeetingDocument) -> None:
    text = document_text(document).replace("\x00", "")
    document.text = text[:1_000_000]
    # save(), not update(): the search index follows the document's saves.
    document.save(update_fields=["text"])


def documents_zip(documents) -> bytes:
    buffer = io.BytesIO()
    used = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            name = document.original_name
            if name in used:
                name = f"v{document.version}-{name}"
            used.add(name)
            try:
                with document.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except (FileNotFoundError, ValueError):
                continue
    return buffer.getvalue()


# --- Invitations ---------------------------------------------------------------------------


def _invitee(meeting, *, user=None, email="", **values) -> tuple[Registration, bool]:
    lookup = {"user": user} if user is not None else {"email": email.lower(), "user": None}
    existing = meeting.registrations.filter(**lookup).first()
    if existing is not None:
        return existing, False
    values.setdefault("email", "" if user is not None else email.lower())
    return Registration.objects.create(
        meeting=meeting, user=user, status=Registration.Status.INVITED, **values
    ), True


@transaction.atomic
def invite(meeting: Meeting, *, states=None, chair=True, others=(), by) -> Campaign:
    """Invite the active focal points (primary and alternate) of `states` (None: all), the
    chair and `others` ((name, e-mail) pairs: partner contacts) as one outbox campaign, each in
    their language and time zone, with the calendar file and a link to answer. Inviting again
    invites only those not invited yet."""
    from members.models import FocalPoint
    from pesnet.roles import CHAIR

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled."))
    if meeting.is_past:
        raise DomainError(_("This meeting has taken place."))
    people = FocalPoint.objects.filter(status=FocalPoint.Status.ACTIVE).select_related(
        "member_state", "user"
    )
    if states is not None:
        people = people.filter(member_state__in=states)
    invitees = []
    for person in people:
        # With an account, the invitee is the account; without one, the address.
        registration, _new = _invitee(
            meeting,
            user=person.user if person.user_id else None,
            email=person.email,
            member_state=person.member_state,
            language=person.preferred_language,
            time_zone=person.time_zone or person.member_state.default_time_zone,
            name=person.full_name,
            position=person.position,
            added_by=by,
        )
        invitees.append(registration)
    if chair:
        from django.contrib.auth import get_user_model

        for user in get_user_model().objects.filter(groups__name=CHAIR, is_active=True):
            registration, _new = _invitee(
                meeting,
                user=user,
                language=user.preferred_language,
                name=user.get_full_name(),
                added_by=by,
            )
            invitees.append(registration)
    for name, email in others:
        registration, _new = _invitee(meeting, email=email, name=name, added_by=by)
        invitees.append(registration)
    campaign, _created = Campaign.objects.get_or_create(
        key=f"meeting_invitation:{meeting.pk}",
        defaults={
            "kind": "meeting_invitation",
            "period": meeting.start.date(),
            "is_demo": meeting.is_demo,
        },
    )
    for registration in invitees:
        if not registration.address:
            continue
        registration.meeting = meeting
        spec = participant_message(
            registration,
            kind="meeting_invitation",
            template="meetings/email/invitation",
            dedup_key=f"meeting_invitation:{meeting.pk}:{registration.address}",
            with_link=False,
        )
        queue_spec(spec, campaign=campaign)
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.INVITED
        meeting.save(update_fields=["status"])
    request_campaign_sending(campaign, by=by)
    return campaign


# --- Answers and delegations ---------------------------------------------------------------


def _check_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled."))
    if meeting.is_past:
        raise DomainError(_("This meeting has taken place."))
    if not meeting.registration_open:
        raise DomainError(_("Registration for this meeting is closed."))


def answer(meeting: Meeting, user, *, coming: bool, by=None) -> Registration:
    """Register for the meeting, or decline; a later answer replaces an earlier one.

    Registering queues a confirmation e-mail with the calendar file, in the person's language.
    """
    from .selectors import person_time_zone

    _check_open(meeting)
    with transaction.atomic():
        registration, created = Registration.objects.select_for_update().get_or_create(
            meeting=meeting,
            user=user,
            defaults={
                "status": Registration.Status.INVITED,
                "member_state": member_state_of(user),
                "language": user.preferred_language,
                "time_zone": person_time_zone(user),
                "name": user.get_full_name(),
            },
        )
        if registration.member_state_id is None:
            registration.member_state = member_state_of(user)
        return _record_answer(registration, coming=coming)


def answer_registration(registration: Registration, *, coming: bool, by=None) -> Registration:
    """The answer given by the one-click link of an invitation (no sign-in needed)."""
    _check_open(registration.meeting)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("meeting", "user")
            .get(pk=registration.pk)
        )
        return _record_answer(registration, coming=coming)


def _record_answer(registration: Registration, *, coming: bool) -> Registration:
    status = Registration.Status.REGISTERED if coming else Registration.Status.DECLINED
    if registration.status == status:
        return registration
    registration.status = status
    registration.answered_at = timezone.now()
    registration.save()
    # Reminders planned for the earlier answer do not fit this one.
    mine = Q()
    for kind in TIMED_KINDS:
        mine |= Q(dedup_key__startswith=f"{kind}:{registration.meeting_id}:{registration.pk}:")
    messages_about(registration.meeting).filter(mine, status=OutboxMessage.Status.PENDING).update(
        status=OutboxMessage.Status.CANCELLED, changed_at=timezone.now()
    )
    if coming:
        _confirm(registration)
    return registration


def _confirm(registration: Registration) -> None:
    queue_spec(
        participant_message(
            registration,
            kind="meeting_registration",
            template="meetings/email/registration",
            dedup_key=(
                f"meeting-registration:{registration.meeting_id}:{registration.pk}:"
                f"{registration.answered_at:%Y%m%d%H%M%S%f}"
            ),
        )
    )
    kick_sender()


@transaction.atomic
def register_delegate(
    meeting: Meeting, *, member_state, name, email, position="", language="en", by
) -> Registration:
    """Register a member of a state's delegation, with or without an account."""
    from django.contrib.auth import get_user_model

    _check_open(meeting)
    email = email.strip().lower()
    user = get_user_model().objects.filter(email__iexact=email).first()
    existing = meeting.registrations.filter(
        **({"user": user} if user else {"email": email, "user": None})
    ).first()
    if existing is not None and existing.is_coming:
        raise DomainError(_("This person is already registered."), field="email")
    registration = existing or Registration(meeting=meeting, user=user)
    registration.email = "" if user else email
    registration.name = name
    registration.position = position
    registration.member_state = member_state
    registration.language = language
    registration.time_zone = registration.time_zone or member_state.default_time_zone
    registration.added_by = by
    registration.status = Registration.Status.INVITED
    registration.save()
    return _record_answer(registration, coming=True)


# --- After the meeting ---------------------------------------------------------------------


def record_attendance(meeting: Meeting, attended_ids, *, by, among=None) -> int:
    """After the meeting: who of those registered attended (the others did not). `among`, when
    given, are the registrations the form showed (one page of the list): the others keep what
    was recorded for them."""
    if not meeting.has_started:
        raise DomainError(_("Attendance is recorded once the meeting has started."))
    attended_ids = {int(pk) for pk in attended_ids}
    coming = meeting.registrations.filter(
        status__in=[
            Registration.Status.REGISTERED,
            Registration.Status.ATTENDED,
            Registration.Status.ABSENT,
        ]
    )
    if among is not None:
        coming = coming.filter(pk__in={int(pk) for pk in among})
    unknown = attended_ids - set(coming.values_list("pk", flat=True))
    if unknown:
        raise DomainError(_("Attendance can only be recorded for registered participants."))
    coming.filter(pk__in=attended_ids).update(status=Registration.Status.ATTENDED)
    coming.exclude(pk__in=attended_ids).update(status=Registration.Status.ABSENT)
    return len(attended_ids)


def sanitise(html: str) -> str:
    return nh3.clean(html or "", tags=MINUTES_TAGS, attributes={"a": {"href"}}, link_rel=None)


@transaction.atomic
def save_minutes(meeting: Meeting, texts: dict, *, publish: bool, by) -> Meeting:
    """The minutes (closing report) per language, sanitised before they are stored."""
    for language, html in texts.items():
        setattr(meeting, f"minutes_{language}", sanitise(html))
    meeting.minutes_published = publish
    meeting.save()
    return meeting


# --- Calendar ------------------------------------------------------------------------------


def new_feed_token(user) -> str:
    """A new secret address for the person's calendar; the earlier one stops working."""
    token = CalendarFeed.new_token()
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": hash_feed_token(token)}
    )
    return token


def revoke_feed(user) -> None:
    CalendarFeed.objects.filter(user=user).delete()
