from django.db.models import Count, Q
from django.utils import timezone

from .models import Meeting, Registration


def upcoming_and_past():
    now = timezone.now()
    meetings = Meeting.objects.annotate(
        registered=Count(
            "registrations",
            filter=Q(
                registrations__status__in=[
                    Registration.Status.REGISTERED,
                    Registration.Status.ATTENDED,
                ]
            ),
        )
    )
    upcoming = list(meetings.filter(end__gte=now).order_by("start"))
    past = list(meetings.filter(end__lt=now).order_by("-start"))
    return upcoming, past


def answers_of(user) -> dict[int, Registration]:
    if not user.is_authenticated:
        return {}
    return {r.meeting_id: r for r in Registration.objects.filter(user=user)}


def answer_of(user, meeting: Meeting) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(user=user, meeting=meeting).first()


def participants(meeting: Meeting):
    return meeting.registrations.select_related("user", "member_state").order_by(
        "member_state__name_en", "user__last_name", "user__email"
    )


def summary(registrations) -> dict:
    coming = [r for r in registrations if r.is_coming]
    return {
        "coming": len(coming),
        "declined": sum(1 for r in registrations if r.status == Registration.Status.DECLINED),
        "attended": sum(1 for r in registrations if r.status == Registration.Status.ATTENDED),
        "states": len({r.member_state_id for r in coming if r.member_state_id}),
    }
