"""The meetings app on the home page: the next meeting for everyone, and in "what needs you"
the meeting invitations the user has still to answer (pesnet.navigation's registries)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pesnet.navigation import HOME_SECTIONS, NEEDS, HomeSection, Need

from .models import Meeting, Registration


def needs(user):
    now = timezone.now()
    unanswered = (
        Registration.objects.filter(user=user, status=Registration.Status.INVITED)
        .filter(meeting__start__gt=now)
        .filter(
            Q(meeting__registration_deadline__isnull=True)
            | Q(meeting__registration_deadline__gt=now)
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting")
        .order_by("meeting__start")
    )
    for registration in unanswered:
        meeting = registration.meeting
        yield Need(
            _("Answer the invitation to %(meeting)s") % {"meeting": meeting.title},
            meeting.get_absolute_url(),
            "meeting_to_answer",
        )


def next_meeting(request):
    meeting = (
        Meeting.objects.filter(end__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start")
        .first()
    )
    return {"meeting": meeting}


def register():
    NEEDS.append(needs)
    HOME_SECTIONS.append(
        HomeSection("meetings/_home_next_meeting.html", next_meeting, area="network", order=20)
    )
