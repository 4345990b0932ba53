"""Meetings: the public list and page (with agenda and calendar file), answering an invitation
for network members, participants and attendance for the secretariat."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pesnet.roles import can, member_state_of

from . import selectors, services
from .models import Meeting


def meeting_list(request):
    upcoming, past = selectors.upcoming_and_past()
    answers = selectors.answers_of(request.user)
    for meeting in [*upcoming, *past]:
        meeting.my_answer = answers.get(meeting.pk)
    return render(request, "meetings/list.html", {"upcoming": upcoming, "past": past})


def _viewer_time_zone(user, meeting):
    """A focal point's state's time zone when it differs from the meeting's, else None."""
    state = member_state_of(user)
    zone = getattr(state, "default_time_zone", "") if state else ""
    return zone if zone and zone != meeting.time_zone else None


def detail(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    user = request.user
    context = {
        "meeting": meeting,
        "agenda": meeting.agenda.all(),
        "viewer_time_zone": _viewer_time_zone(user, meeting),
        "can_answer": can(user, "meetings.register", meeting),
        "my_answer": selectors.answer_of(user, meeting),
        "show_link": bool(meeting.online_link) and can(user, "meetings.see_link", meeting),
        "manage": can(user, "meetings.manage", meeting),
        "communique": _published_communique(meeting),
    }
    if context["manage"]:
        registrations = list(selectors.participants(meeting))
        context["registrations"] = registrations
        context["summary"] = selectors.summary(registrations)
    return render(request, "meetings/detail.html", context)


def _published_communique(meeting):
    from communiques.models import Communique

    return Communique.objects.filter(meeting=meeting, status=Communique.Status.PUBLISHED).first()


def calendar_file(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    with_link = bool(meeting.online_link) and can(request.user, "meetings.see_link", meeting)
    response = HttpResponse(
        services.calendar(meeting, with_link=with_link),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="pesnet-meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_POST
def answer(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    if not can(request.user, "meetings.register", meeting):
        raise PermissionDenied
    choice = request.POST.get("answer")
    if choice not in ("yes", "no"):
        messages.error(request, _("Choose whether you will attend."))
        return redirect(meeting)
    try:
        services.answer(meeting, request.user, coming=choice == "yes")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if choice == "yes":
            messages.success(
                request,
                _("You are registered. A confirmation with the calendar file is on its way."),
            )
        else:
            messages.success(request, _("Your answer is recorded: you will not attend."))
    return redirect(meeting)


@login_required
@require_POST
def attendance(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    if not can(request.user, "meetings.manage", meeting):
        raise PermissionDenied
    attended = request.POST.getlist("attended")
    if not all(value.isdigit() and len(value) < 10 for value in attended):
        messages.error(request, _("Attendance can only be recorded for registered participants."))
        return redirect(meeting)
    try:
        count = services.record_attendance(meeting, attended, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attendance recorded: %(count)d present.") % {"count": count})
    return redirect(meeting)
