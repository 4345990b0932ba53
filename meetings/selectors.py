from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .models import CalendarFeed, Meeting, MeetingDocument, Registration, hash_feed_token

COMING = [Registration.Status.REGISTERED, Registration.Status.ATTENDED]


def upcoming_and_past():
    now = timezone.now()
    meetings = Meeting.objects.annotate(
        registered=Count("registrations", filter=Q(registrations__status__in=COMING))
    )
    upcoming = list(meetings.filter(end__gte=now).order_by("start"))
    past = list(meetings.filter(end__lt=now).order_by("-start"))
    return upcoming, past


def upcoming_meetings():
    return (
        Meeting.objects.filter(end__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related("agenda")
        .order_by("start")
    )


def answers_of(user) -> dict[int, Registration]:
    if not user.is_authenticated:
        return {}
    return {r.meeting_id: r for r in Registration.objects.filter(user=user)}


def answer_of(user, meeting: Meeting) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(user=user, meeting=meeting).first()


def person_time_zone(user) -> str:
    """The person's own time zone: their focal-point profile's, else their state's; ''."""
    if not user.is_authenticated:
        return ""
    from members.models import FocalPoint

    person = (
        FocalPoint.objects.filter(user=user, status=FocalPoint.Status.ACTIVE)
        .select_related("member_state")
        .first()
    )
    if person is None:
        return ""
    return person.time_zone or person.member_state.default_time_zone or ""


def participants(meeting: Meeting):
    return meeting.registrations.select_related("user", "member_state", "organisation").order_by(
        "member_state__name_en", "name", "user__last_name", "email", "user__email"
    )


def published_participants(meeting: Meeting):
    """What every network member may see: the names and states of those coming."""
    return participants(meeting).filter(status__in=COMING)


def summary(registrations) -> dict:
    coming = [r for r in registrations if r.is_coming]
    return {
        "invited": sum(1 for r in registrations if r.status == Registration.Status.INVITED),
        "coming": len(coming),
        "declined": sum(1 for r in registrations if r.status == Registration.Status.DECLINED),
        "attended": sum(1 for r in registrations if r.status == Registration.Status.ATTENDED),
        "states": len({r.member_state_id for r in coming if r.member_state_id}),
    }


def participation(meeting: Meeting) -> dict:
    """Computed from attendance: people, states represented, and states by OIC group."""
    rows = (
        meeting.registrations.filter(status=Registration.Status.ATTENDED)
        .values("member_state_id", "member_state__oic_group")
        .annotate(people=Count("id"))
    )
    people = sum(row["people"] for row in rows)
    states = {row["member_state_id"] for row in rows if row["member_state_id"]}
    groups: dict[str, set] = {}
    for row in rows:
        if row["member_state_id"]:
            groups.setdefault(row["member_state__oic_group"], set()).add(row["member_state_id"])
    from members.models import OICGroup

    by_group = [
        (label, len(groups.get(value, ()))) for value, label in OICGroup.choices if value in groups
    ]
    return {"people": people, "states": len(states), "by_group": by_group}


def documents(meeting: Meeting, *, members: bool):
    """All versions of the meeting's documents the viewer may see, current first."""
    queryset = meeting.documents.all()
    if not members:
        queryset = queryset.filter(is_public=True)
    return queryset.order_by("language", "kind", "title", "-version")


def current_documents(meeting: Meeting, language: str, *, members: bool):
    return documents(meeting, members=members).filter(language=language, is_current=True)


def my_meetings(user):
    return (
        Registration.objects.filter(user=user).select_related("meeting").order_by("-meeting__start")
    )


def feed_owner(token: str):
    feed = CalendarFeed.objects.filter(token_hash=hash_feed_token(token)).select_related("user")
    found = feed.first()
    return found.user if found else None


def personal_feed_meetings(user):
    """Upcoming meetings and every meeting the person is registered for, with their answers."""
    registered = Registration.objects.filter(user=user, status__in=COMING)
    return (
        Meeting.objects.filter(Q(end__gte=timezone.now()) | Q(registrations__in=registered))
        .distinct()
        .prefetch_related("agenda")
        .order_by("start")
    ), set(registered.values_list("meeting_id", flat=True))


def state_participation(state):
    """The meetings and trainings a state's people were invited to, and whether they came."""
    return (
        Meeting.objects.filter(registrations__member_state=state)
        .annotate(
            invited=Count("registrations", filter=Q(registrations__member_state=state)),
            attended=Count(
                "registrations",
                filter=Q(
                    registrations__member_state=state,
                    registrations__status=Registration.Status.ATTENDED,
                ),
            ),
        )
        .order_by("-start")
    )


LAST_MEETINGS = 5
# A state that came to one of the earlier meetings shown but to none of this many last ones is
# one the network is losing.
LOSING_AFTER = 2


def network_participation(last=LAST_MEETINGS, page=None) -> dict:
    """Per member state, whether its people attended each of the last `last` meetings held
    and the last `last` PES-CaB trainings (oldest first), states the network is losing first:
    the states of page `page` (a `?page=` value, as Paginator.get_page reads it) and that
    page, for the page links; `losing` counts over every state.

    Four queries whatever the number of states, meetings and registrations.
    """
    from django.core.paginator import Paginator

    from members.models import MemberState
    from members.selectors import STATES_PER_PAGE

    held = Meeting.objects.filter(end__lt=timezone.now()).exclude(status=Meeting.Status.CANCELLED)
    meetings = list(held.exclude(kind=Meeting.Kind.TRAINING).order_by("-start")[:last])[::-1]
    trainings = list(held.filter(kind=Meeting.Kind.TRAINING).order_by("-start")[:last])[::-1]
    seen = {}
    answers = (
        Registration.objects.filter(
            meeting__in=[m.pk for m in (*meetings, *trainings)], member_state__isnull=False
        )
        .values("member_state_id", "meeting_id")
        .annotate(attended=Count("id", filter=Q(status=Registration.Status.ATTENDED)))
    )
    for answer in answers:
        seen[answer["member_state_id"], answer["meeting_id"]] = (
            "attended" if answer["attended"] else "missed"
        )
    rows = []
    for state in MemberState.objects.order_by("name_en"):
        at_meetings = [seen.get((state.pk, m.pk), "") for m in meetings]
        at_trainings = [seen.get((state.pk, t.pk), "") for t in trainings]
        earlier, latest = at_meetings[:-LOSING_AFTER], at_meetings[-LOSING_AFTER:]
        rows.append(
            {
                "state": state,
                "meetings": at_meetings,
                "trainings": at_trainings,
                "meetings_attended": at_meetings.count("attended"),
                "trainings_attended": at_trainings.count("attended"),
                "losing": "attended" in earlier and "attended" not in latest,
            }
        )
    rows.sort(key=lambda row: (not row["losing"], row["meetings_attended"]))
    shown = Paginator(rows, STATES_PER_PAGE).get_page(page)
    return {
        "rows": shown.object_list,
        "page": shown,
        "meetings": meetings,
        "trainings": trainings,
        "losing": sum(1 for row in rows if row["losing"]),
    }


def registrations_prefetch():
    return Prefetch("registrations", queryset=Registration.objects.select_related("member_state"))


def document_of(meeting_pk, pk):
    return MeetingDocument.objects.select_related("meeting").filter(meeting_id=meeting_pk, pk=pk)
