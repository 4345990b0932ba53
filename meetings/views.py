"""Meetings: the public list and page (agenda, documents, calendar files), answering an
invitation, and the secretariat's pages to convene, move, cancel and report a meeting.

Every view asks `authorize`/`allowed`; the rules are in rules.py, the actions in services.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.cache import DIRECTORY
from pesnet.errors import add_to_form, messages_of
from pesnet.files import stored_file_response
from pesnet.pagecache import cached_page
from pesnet.roles import allowed, authorize, can, member_state_of

from . import exports, mail, selectors, services
from .cache import BUCKET_SECONDS, MEETINGS
from .forms import (
    AgendaItemForm,
    DelegateForm,
    DocumentForm,
    ExportForm,
    InvitationForm,
    MeetingForm,
    MinutesForm,
)
from .links import activity_of
from .models import AgendaItem, Meeting

LANGUAGE_CODES = ("ar", "en", "fr")
REGISTRATIONS_PER_PAGE = 150


# Cached whole per viewer (their answers, their roles): see pesnet/pagecache.py.
@cached_page(MEETINGS, bucket_seconds=BUCKET_SECONDS)
def meeting_list(request):
    upcoming, past = selectors.upcoming_and_past()
    answers = selectors.answers_of(request.user)
    for meeting in [*upcoming, *past]:
        meeting.my_answer = answers.get(meeting.pk)
    return render(
        request,
        "meetings/list.html",
        {"upcoming": upcoming, "past": past, "manage": can(request.user, "meetings.manage")},
    )


def _viewer_time_zone(user, meeting):
    """The viewer's own time zone when it differs from the meeting's, else None."""
    zone = selectors.person_time_zone(user)
    return zone if zone and zone != meeting.time_zone else None


# Per viewer too: their answer, the online link only for those registered, their time zone
# (the key carries the viewer; the DIRECTORY generation: presenting states' names).
@cached_page(MEETINGS, DIRECTORY, params=("page",), bucket_seconds=BUCKET_SECONDS)
def detail(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    user = request.user
    members = can(user, "meetings.see_members_documents", meeting)
    manage = can(user, "meetings.manage", meeting)
    documents = list(selectors.documents(meeting, members=members))
    context = {
        "meeting": meeting,
        "agenda": meeting.agenda.select_related(
            "presenter_state", "presenter_organisation"
        ).prefetch_related("documents"),
        "viewer_time_zone": _viewer_time_zone(user, meeting),
        "can_answer": can(user, "meetings.register", meeting),
        "my_answer": selectors.answer_of(user, meeting),
        "show_link": bool(meeting.online_link) and can(user, "meetings.see_link", meeting),
        "manage": manage,
        "communique": _published_communique(meeting),
        # The secretariat sees the communiqué in any state, or links and imports one.
        "linked_communique": getattr(meeting, "communique", None) if manage else None,
        "documents": documents,
        "document_languages": sorted({d.language for d in documents if d.is_current}),
        "activity": activity_of(meeting),
        "participation": selectors.participation(meeting) if meeting.has_started else None,
        "can_add_colleague": not manage and can(user, "meetings.add_colleague"),
    }
    # The list of participants a page at a time (a network meeting has about a hundred: one
    # page); the secretariat's summary counts them all.
    number = request.GET.get("page")
    if manage:
        registrations = list(selectors.participants(meeting))
        context["registrations"] = Paginator(registrations, REGISTRATIONS_PER_PAGE).get_page(number)
        context["summary"] = selectors.summary(registrations)
    elif can(user, "meetings.see_participants", meeting):
        published = selectors.published_participants(meeting)
        context["published"] = Paginator(published, REGISTRATIONS_PER_PAGE).get_page(number)
    return render(request, "meetings/detail.html", context)


def _published_communique(meeting):
    """The meeting's communiqué once published, through the relation the communiqués app
    declares (meetings sits below it and does not import it)."""
    communique = getattr(meeting, "communique", None)
    return communique if communique is not None and communique.status == "published" else None


def _ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar_file(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    with_link = bool(meeting.online_link) and can(request.user, "meetings.see_link", meeting)
    return _ics_response(
        mail.calendar(meeting, with_link=with_link), f"pesnet-meeting-{meeting.pk}.ics"
    )


def public_feed(request):
    return _ics_response(mail.feed(selectors.upcoming_meetings()), "pesnet-meetings.ics")


def personal_feed(request, token):
    user = selectors.feed_owner(token)
    if user is None:
        raise Http404
    with translation.override(user.preferred_language):
        meetings, registered = selectors.personal_feed_meetings(user)
        body = mail.feed(meetings, linked=registered, name=_("My OIC-PESNET meetings"))
    return _ics_response(body, "pesnet-my-meetings.ics")


@allowed("meetings.my_meetings")
def my_meetings(request):
    feed_url = request.session.pop("meetings_feed_url", None)
    from .models import CalendarFeed

    return render(
        request,
        "meetings/my_meetings.html",
        {
            "registrations": selectors.my_meetings(request.user),
            "feed_url": feed_url,
            "has_feed": CalendarFeed.objects.filter(user=request.user).exists(),
        },
    )


@allowed("meetings.my_meetings")
@require_POST
def feed_token(request):
    if request.POST.get("action") == "revoke":
        services.revoke_feed(request.user)
        messages.success(request, _("Your personal calendar address no longer works."))
    else:
        token = services.new_feed_token(request.user)
        request.session["meetings_feed_url"] = request.build_absolute_uri(
            reverse("meetings:personal_feed", args=[token])
        )
        messages.success(request, _("Your new personal calendar address is below."))
    return redirect("meetings:mine")


@login_required
@require_POST
def answer(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    authorize(request.user, "meetings.register", meeting, visible=True)
    choice = request.POST.get("answer")
    if choice not in ("yes", "no"):
        messages.error(request, _("Choose whether you will attend."))
        return redirect(meeting)
    try:
        services.answer(meeting, request.user, coming=choice == "yes", by=request.user)
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        _answered(request, choice)
    return redirect(meeting)


def _answered(request, choice):
    if choice == "yes":
        messages.success(
            request, _("You are registered. A confirmation with the calendar file is on its way.")
        )
    else:
        messages.success(request, _("Your answer is recorded: you will not attend."))


def answer_by_link(request, token):
    """The link of an invitation: the person answers without signing in (the token is theirs)."""
    registration = mail.registration_from_token(token)
    if registration is None:
        raise Http404
    meeting = registration.meeting
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice in ("yes", "no"):
            try:
                services.answer_registration(registration, coming=choice == "yes")
            except ValidationError as error:
                messages.error(request, messages_of(error))
            else:
                _answered(request, choice)
                registration.refresh_from_db()
        else:
            messages.error(request, _("Choose whether you will attend."))
    return render(
        request,
        "meetings/answer.html",
        {"meeting": meeting, "registration": registration, "token": token},
    )


# --- The secretariat ---------------------------------------------------------------------


def _picked(data, *names) -> dict:
    """The form's cleaned values a service takes under the same names."""
    return {name: data[name] for name in names}


def _submitted(request, form, action, success, then):
    """A valid POST of `form`: run `action(form.cleaned_data)`; a refusal of the domain goes
    beside the fields (and nothing is stored), else `success` is said and the browser goes to
    `then` (a URL, an object, or a function of what the action returned). None otherwise: the
    view renders the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        add_to_form(form, error)
        return None
    messages.success(request, success)
    return redirect(then(result) if callable(then) else then)


@allowed("meetings.manage")
def create(request):
    form = MeetingForm(request.POST or None)
    done = _submitted(
        request,
        form,
        lambda data: services.save_meeting(form.save(commit=False), by=request.user),
        _("The meeting is created."),
        lambda meeting: meeting,
    )
    if done:
        return done
    return render(
        request, "meetings/meeting_form.html", {"form": form, "heading": _("New meeting")}
    )


def _managed(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    return authorize(request.user, "meetings.manage", meeting, visible=True)


@login_required
def edit(request, pk):
    meeting = _managed(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    done = _submitted(
        request,
        form,
        lambda data: services.save_meeting(form.save(commit=False), by=request.user),
        _("The meeting is saved."),
        meeting,
    )
    if done:
        return done
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "heading": _("Edit the meeting")},
    )


@login_required
@require_POST
def cancel(request, pk):
    meeting = _managed(request, pk)
    try:
        count = services.cancel_meeting(meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(
            request,
            _("The meeting is cancelled; %(count)d people are told so.") % {"count": count},
        )
    return redirect(meeting)


@login_required
@require_POST
def mark_held(request, pk):
    meeting = _managed(request, pk)
    try:
        services.mark_held(meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, _("The meeting is recorded as held."))
    return redirect(meeting)


def _agenda_item_saved(request, form, meeting, success):
    """The agenda item form of a new item or of an existing one, submitted."""

    def save(data):
        item = form.save(commit=False)
        if item.pk is None:
            item.meeting = meeting
            services.add_agenda_item(item, by=request.user)
        else:
            services.save_agenda_item(item, by=request.user)
        form.save_m2m()

    return _submitted(request, form, save, success, reverse("meetings:agenda", args=[meeting.pk]))


@login_required
def agenda(request, pk):
    meeting = _managed(request, pk)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    done = _agenda_item_saved(request, form, meeting, _("The agenda item is added."))
    if done:
        return done
    return render(
        request,
        "meetings/agenda.html",
        {"meeting": meeting, "form": form, "agenda": meeting.agenda.all()},
    )


def _item(request, pk, item_pk):
    meeting = _managed(request, pk)
    return meeting, get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)


@login_required
def agenda_item(request, pk, item_pk):
    meeting, item = _item(request, pk, item_pk)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    done = _agenda_item_saved(request, form, meeting, _("The agenda item is saved."))
    if done:
        return done
    return render(
        request, "meetings/agenda_item.html", {"meeting": meeting, "form": form, "item": item}
    )


@login_required
@require_POST
def agenda_item_action(request, pk, item_pk):
    meeting, item = _item(request, pk, item_pk)
    action = request.POST.get("action")
    if action == "delete":
        services.delete_agenda_item(item, by=request.user)
        messages.success(request, _("The agenda item is deleted."))
    elif action in ("up", "down"):
        services.move_agenda_item(item, up=action == "up", by=request.user)
    else:
        messages.error(request, _("Unknown action."))
    return redirect("meetings:agenda", pk=meeting.pk)


@login_required
@require_POST
def agenda_order(request, pk):
    """The order the items were dragged into (static/js/agenda-sort.js posts it); the buttons
    do the same one step at a time without JavaScript."""
    meeting = _managed(request, pk)
    values = request.POST.getlist("item")
    if not values or len(values) > 500 or not all(v.isdigit() and len(v) < 10 for v in values):
        messages.error(request, _("The new order of the agenda could not be read."))
        return redirect("meetings:agenda", pk=meeting.pk)
    try:
        services.reorder_agenda(meeting, [int(v) for v in values], by=request.user)
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, _("The agenda is in its new order."))
    return redirect("meetings:agenda", pk=meeting.pk)


@login_required
def documents(request, pk):
    meeting = _managed(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    done = _submitted(
        request,
        form,
        lambda data: services.add_document(
            meeting,
            upload=data["file"],
            **_picked(data, "language", "kind", "title", "is_public"),
            by=request.user,
        ),
        _("The document is uploaded."),
        reverse("meetings:documents", args=[pk]),
    )
    if done:
        return done
    return render(
        request,
        "meetings/documents.html",
        {
            "meeting": meeting,
            "form": form,
            "documents": selectors.documents(meeting, members=True),
        },
    )


def document_file(request, pk, document_pk):
    document = get_object_or_404(selectors.document_of(pk, document_pk))
    if not document.is_public:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        authorize(request.user, "meetings.see_document", document, visible=True)
    return stored_file_response(
        document.file,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


def documents_zip(request, pk, language):
    meeting = get_object_or_404(Meeting, pk=pk)
    if language not in LANGUAGE_CODES:
        raise Http404
    members = can(request.user, "meetings.see_members_documents", meeting)
    chosen = list(selectors.current_documents(meeting, language, members=members))
    if not chosen:
        raise Http404
    response = HttpResponse(services.documents_zip(chosen), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="pesnet-meeting-{meeting.pk}-{language}.zip"'
    )
    return response


@login_required
def invite(request, pk):
    meeting = _managed(request, pk)
    form = InvitationForm(request.POST or None)
    done = _submitted(
        request,
        form,
        lambda data: services.invite(
            meeting,
            states=None if data["everyone"] else list(data["states"]),
            chair=data["chair"],
            others=data["others"],
            by=request.user,
        ),
        _("The invitations are being sent."),
        lambda campaign: reverse("outbox:campaign", kwargs={"pk": campaign.pk}),
    )
    if done:
        return done
    return render(request, "meetings/invite.html", {"meeting": meeting, "form": form})


@login_required
def delegation(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    manage = can(request.user, "meetings.manage", meeting)
    own = None if manage else member_state_of(request.user)
    authorize(request.user, "meetings.add_colleague", own, visible=True)
    form = DelegateForm(request.POST or None, state=own)

    def register(data):
        authorize(request.user, "meetings.add_colleague", data["member_state"], visible=True)
        services.register_delegate(
            meeting,
            **_picked(data, "member_state", "name", "email", "position", "language"),
            by=request.user,
        )

    done = _submitted(request, form, register, _("The participant is registered."), meeting)
    if done:
        return done
    return render(request, "meetings/delegation.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def attendance(request, pk):
    meeting = _managed(request, pk)
    attended = request.POST.getlist("attended")
    # The page of the list the form showed: its registrations, and where to come back to.
    shown = request.POST.getlist("shown") if "shown" in request.POST else None
    page = request.POST.get("page", "")
    back = meeting.get_absolute_url() + (f"?page={page}" if page.isdigit() else "")
    if not all(value.isdigit() and len(value) < 10 for value in [*attended, *(shown or [])]):
        messages.error(request, _("Attendance can only be recorded for registered participants."))
        return redirect(back)
    try:
        count = services.record_attendance(meeting, attended, by=request.user, among=shown)
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, _("Attendance recorded: %(count)d present.") % {"count": count})
    return redirect(back)


@login_required
def minutes(request, pk):
    meeting = _managed(request, pk)
    initial = {f"minutes_{code}": getattr(meeting, f"minutes_{code}") for code in LANGUAGE_CODES}
    initial["publish"] = meeting.minutes_published
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_minutes(
            meeting,
            {code: data[f"minutes_{code}"] for code in LANGUAGE_CODES},
            publish=data["publish"],
            by=request.user,
        )
        messages.success(request, _("The minutes are saved."))
        return redirect(meeting)
    return render(
        request,
        "meetings/minutes.html",
        {"meeting": meeting, "form": form, "heading": _("Minutes")},
    )


@login_required
def export(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    authorize(request.user, "meetings.export_participants", meeting, visible=True)
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        columns = form.cleaned_data["columns"]
        registrations = list(selectors.participants(meeting))
        if form.cleaned_data["format"] == "pdf":
            body = exports.participants_pdf(meeting, registrations, columns)
            content_type, extension = "application/pdf", "pdf"
        else:
            body = exports.participants_xlsx(meeting, registrations, columns)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            extension = "xlsx"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="pesnet-meeting-{meeting.pk}-participants.{extension}"'
        )
        return response
    return render(request, "meetings/export.html", {"meeting": meeting, "form": form})


@allowed("meetings.manage")
def participation(request):
    return render(
        request,
        "meetings/participation.html",
        selectors.network_participation(page=request.GET.get("page")),
    )
