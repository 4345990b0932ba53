"""Pages of the members directory. Thin: rules in members.rules, actions in members.services,
queries in members.selectors."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ops.models import BACKUPS
from outbox.api import MESSAGES
from pesnet import invitations
from pesnet.adapters import AccountAdapter
from pesnet.errors import DomainError, add_to_form, messages_of
from pesnet.files import stored_file_response
from pesnet.pagecache import cached_page
from pesnet.pagination import is_the_page_asked_for, page_links, requested_page
from pesnet.roles import allowed, authorize, can, is_secretariat, member_state_of

from . import cache, exchange, selectors, services
from .cache import DIRECTORY
from .forms import (
    CorrectionsForm,
    DirectoryFilterForm,
    FocalPointDetailsForm,
    ImportForm,
    InstitutionForm,
    InvitationForm,
    NewNominationForm,
    NominationForm,
    ProposeAlternateForm,
    WithdrawForm,
)
from .history import state_history
from .models import CURRENT_STATUSES, FocalPoint, Institution, Invitation, MemberState

# The directory's pages: cached per viewer until the directory changes (or the time bucket
# turns: expiry dates and the 12-month flag depend on the clock). The page number enters the
# key; a request with any other query parameter is not cached.
directory_page = cached_page(DIRECTORY, params=("page",), bucket_seconds=cache.BUCKET_SECONDS)

STATES_PER_PAGE = selectors.STATES_PER_PAGE
FOCAL_POINTS_PER_PAGE = 2 * STATES_PER_PAGE


def _state(iso3) -> MemberState:
    return get_object_or_404(MemberState, iso3=iso3.upper())


def _form_page(
    request, form, state, form_id, heading, *, subject="", intro="", submit=None, danger=False
):
    """The members app's form pages: one layout under the state's breadcrumb."""
    return render(
        request,
        "members/form_page.html",
        {
            "form": form,
            "state": state,
            "form_id": form_id,
            "heading": heading,
            "subject": subject,
            "intro": intro,
            "submit": submit or _("Save"),
            "submit_class": "btn-danger" if danger else "btn-primary",
        },
    )


# --- Public and network pages ---------------------------------------------------------------


def _fragment(name, template, context_factory, *key_parts):
    # Our own template's output, cached as rendered: safe to mark as such.
    return mark_safe(
        cache.cached_value(name, lambda: render_to_string(template, context_factory()), *key_parts)
    )


def _paged_fragment(request, name, template, items, per_page, *key_parts, decorate=None):
    """One page of a long table, rendered and cached per page (`items()` is the whole list or a
    queryset: a queryset is counted and sliced by the database), and that page, as a Paginator
    page for the page links: those are rendered by the page itself, since they keep the
    request's own query parameters. The template gets `rows` (the page's), `page` and
    `total` (the whole list's count)."""
    number = requested_page(request)

    def build():
        page = Paginator(items(), per_page).get_page(number)
        rows = list(page.object_list)
        context = {"rows": rows, "page": page, "total": page.paginator.count}
        if decorate is not None:
            context.update(decorate(rows))
        return render_to_string(template, context), page.paginator.count, page.number

    html, total, _number = cache.cached_value(
        name, build, *key_parts, number, keep=is_the_page_asked_for(number)
    )
    # Our own template's output, cached as rendered: safe to mark as such.
    return mark_safe(html), page_links(total, per_page, number)


@directory_page
def public_list(request):
    table, page = _paged_fragment(
        request,
        "public",
        "members/includes/public_table.html",
        selectors.directory_rows,
        STATES_PER_PAGE,
    )
    return render(request, "members/public_list.html", {"table": table, "page": page})


@allowed("members.view_directory")
@directory_page
def directory(request):
    """The network directory for focal points, the chair and the secretariat."""
    user = request.user
    mine = member_state_of(user)
    secretariat = is_secretariat(user)

    def decorate(focal_points):
        for person in focal_points:
            person.show_phones = can(user, "members.see_phones", person)
        return {
            "focal_points": focal_points,
            "is_secretariat": secretariat,
            "user_member_state": mine,
        }

    # What a viewer sees depends only on their role and state (phones, links).
    audience = "secretariat" if secretariat else f"state:{mine.pk}" if mine else "network"
    table, page = _paged_fragment(
        request,
        "network",
        "members/includes/network_table.html",
        selectors.active_focal_points,
        FOCAL_POINTS_PER_PAGE,
        audience,
        decorate=decorate,
    )
    return render(request, "members/directory.html", {"table": table, "page": page})


# --- Secretariat ----------------------------------------------------------------------------


@allowed("members.manage")
@cached_page(
    DIRECTORY, params=("q", "group", "status", "page"), bucket_seconds=cache.BUCKET_SECONDS
)
def secretariat_directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    q, group, status = filters.get("q", ""), filters.get("group", ""), filters.get("status", "")
    table, page = _paged_fragment(
        request,
        "secretariat",
        "members/includes/secretariat_table.html",
        lambda: selectors.directory_rows(q=q, group=group, status=status, invitations=True),
        STATES_PER_PAGE,
        q,
        group,
        status,
    )
    return render(
        request,
        "members/secretariat_directory.html",
        {"table": table, "form": form, "page": page},
    )


@allowed("members.manage")
# Also shows the last backup (ops' tag): a new backup shows at once too.
# `page` is the participation table's.
@cached_page(DIRECTORY, BACKUPS, params=("page",), bucket_seconds=cache.BUCKET_SECONDS)
def dashboard(request):
    from .map import tile_map
    from .worldmap import world_map

    def context():
        rows = selectors.directory_rows()
        counts = selectors.status_counts(rows)
        tiles = tile_map(rows)
        return {
            "counts": [(s, s.label, counts[s.value]) for s in selectors.DirectoryStatus],
            "tiles": tiles,
            "world": world_map(rows),
            "total": len(rows),
            "unplaced": len(rows) - len(tiles),
        }

    body = _fragment("dashboard", "members/includes/dashboard_body.html", context)
    return render(request, "members/dashboard.html", {"body": body})


REMINDERS_SHOWN = 20


@login_required
# Also lists the messages sent about the state: the outbox's changes show at once too.
@cached_page(DIRECTORY, MESSAGES, bucket_seconds=cache.BUCKET_SECONDS)
def state_detail(request, iso3):
    state = _state(iso3)
    if not can(request.user, "members.view_state", state):
        # A nominee not yet verified is no focal point of the state: their own page instead.
        own = selectors.pending_nomination_for(request.user, state)
        if own is not None:
            return redirect("members:nomination", pk=own.pk)
    authorize(request.user, "members.view_state", state)
    return render(request, "members/state_detail.html", _state_context(request.user, state))


def _state_context(user, state) -> dict:
    from outbox.api import kind_label, messages_about

    row = selectors.directory_rows_for_state(state)
    for person in row.focal_points:
        person.can_edit = can(user, "members.edit_focal_point", person)
    messages_sent = messages_about(state).order_by("-created_at", "-pk")
    reminders = list(messages_sent[:REMINDERS_SHOWN])
    for message in reminders:
        message.kind_label = kind_label(message.kind)
    total = len(reminders) if len(reminders) < REMINDERS_SHOWN else messages_sent.count()
    return {
        "state": state,
        "row": row,
        "past": selectors.past_focal_points(state),
        "history": state_history(state),
        "invitations": selectors.state_invitations(state),
        "reminders": reminders,
        "reminders_total": total,
        "reminders_more": total > len(reminders),
        "shown": len(reminders),
        "secretariat": is_secretariat(user),
        "can_propose": can(user, "members.propose_alternate", state),
    }


@login_required
def invite(request, iso3):
    state = _state(iso3)
    authorize(request.user, "members.manage", state, visible=True)
    focal_point = None
    initial = {"language": request.LANGUAGE_CODE}
    if request.GET.get("focal_point", "").isdigit():
        focal_point = get_object_or_404(
            FocalPoint, pk=request.GET["focal_point"], member_state=state
        )
        initial.update(
            role=focal_point.role,
            given_name=focal_point.given_name,
            family_name=focal_point.family_name,
            email=focal_point.email,
            language=focal_point.preferred_language,
        )
    form = InvitationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(
                by=request.user,
                member_state=state,
                focal_point=focal_point,
                **form.cleaned_data,
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("members:state_detail", iso3=state.iso3)
    return _form_page(
        request,
        form,
        state,
        "invite",
        _("Invite a focal point"),
        subject=focal_point.full_name if focal_point else "",
        intro=_(
            "The invitation e-mail is written in the language chosen below and contains a link "
            "that can be used once and expires after 14 days."
        ),
        submit=_("Send the invitation"),
    )


def _invitation_action(request, pk, action, done_message):
    invitation = get_object_or_404(Invitation.objects.select_related("member_state"), pk=pk)
    authorize(request.user, "members.manage", invitation, visible=True)
    try:
        action(invitation, by=request.user)
    except DomainError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, done_message % {"email": invitation.email})
    return redirect("members:state_detail", iso3=invitation.member_state.iso3)


@login_required
@require_POST
def invitation_resend(request, pk):
    return _invitation_action(
        request, pk, services.resend_invitation, _("Invitation sent again to %(email)s.")
    )


@login_required
@require_POST
def invitation_revoke(request, pk):
    return _invitation_action(
        request, pk, services.revoke_invitation, _("Invitation to %(email)s revoked.")
    )


def accept_invitation(request, token):
    """The link in the invitation e-mail: opens sign-up for the invited address only."""
    invitation = services.invitation_for_token(token)

    def accept():
        focal_point = services.accept_invitation(invitation, by=request.user)
        messages.success(request, _("The invitation is accepted."))
        return redirect("members:nomination", pk=focal_point.pk)

    return invitations.follow_link(
        request,
        invitation,
        token,
        session_key=AccountAdapter.INVITATION_SESSION_KEY,
        accept=accept,
    )


@login_required
def nominate(request, iso3):
    state = _state(iso3)
    authorize(request.user, "members.manage", state, visible=True)
    form = NewNominationForm(
        request.POST or None, request.FILES or None, member_state=state, initial={"role": ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.nominate(
                state, by=request.user, person=form.person(), nomination=form.nomination()
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The nomination is recorded."))
            return redirect("members:state_detail", iso3=state.iso3)
    return _form_page(request, form, state, "nominate", _("Record a nomination letter"))


def _focal_point(pk) -> FocalPoint:
    return get_object_or_404(
        FocalPoint.objects.select_related("member_state", "institution"), pk=pk
    )


@login_required
def record_nomination(request, pk):
    focal_point = _focal_point(pk)
    authorize(request.user, "members.manage", focal_point, visible=True)
    form = NominationForm(
        request.POST or None,
        request.FILES or None,
        letter_on_file=bool(focal_point.nomination_letter),
        initial={
            "sending_authority": focal_point.sending_authority,
            "sending_authority_name": focal_point.sending_authority_name,
            "effective_from": focal_point.effective_from,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_nomination(focal_point, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The nomination is recorded."))
            return redirect("members:state_detail", iso3=focal_point.member_state.iso3)
    return _form_page(
        request,
        form,
        focal_point.member_state,
        "record_nomination",
        _("Record the nomination"),
        subject=focal_point.full_name,
    )


@login_required
@require_POST
def verify(request, pk):
    focal_point = _focal_point(pk)
    authorize(request.user, "members.manage", focal_point, visible=True)
    try:
        services.verify_nomination(focal_point, by=request.user)
    except DomainError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(
            request,
            _("%(name)s is now the active focal point.") % {"name": focal_point.full_name},
        )
    return redirect("members:state_detail", iso3=focal_point.member_state.iso3)


@login_required
def nomination_letter(request, pk):
    focal_point = _focal_point(pk)
    authorize(request.user, "members.manage", focal_point, visible=True)
    if not focal_point.nomination_letter:
        raise Http404
    return stored_file_response(
        focal_point.nomination_letter,
        as_attachment=True,
        filename=focal_point.nomination_letter_name
        or f"nomination-{focal_point.member_state.iso3}-{focal_point.pk}.pdf",
        content_type="application/pdf",
    )


@login_required
def institution_edit(request, iso3, pk=None):
    """Add or correct a state's PES institution: its name and the institutional contact."""
    state = _state(iso3)
    authorize(request.user, "members.manage", state, visible=True)
    institution = get_object_or_404(Institution, pk=pk, member_state=state) if pk else None
    form = InstitutionForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        services.save_institution(form.save(commit=False), state, by=request.user)
        messages.success(request, _("The institution is saved."))
        return redirect("members:state_detail", iso3=state.iso3)
    return _form_page(
        request,
        form,
        state,
        "institution",
        _("Edit the institution") if institution else _("Add an institution"),
        subject=str(institution) if institution else "",
    )


# --- Focal points' self-service -------------------------------------------------------------


@login_required
def focal_point_edit(request, pk):
    focal_point = _focal_point(pk)
    authorize(request.user, "members.edit_focal_point", focal_point)
    secretariat = is_secretariat(request.user)
    form = FocalPointDetailsForm(
        request.POST or None, instance=focal_point, secretariat=secretariat
    )
    if request.method == "POST" and form.is_valid():
        services.update_details(form.save(commit=False), by=request.user)
        messages.success(request, _("The contact details are saved."))
        if focal_point.status != FocalPoint.Status.ACTIVE:
            return redirect("members:nomination", pk=focal_point.pk)
        return redirect("members:state_detail", iso3=focal_point.member_state.iso3)
    return _form_page(
        request,
        form,
        focal_point.member_state,
        "focal_point_edit",
        _("Edit contact details"),
        subject=focal_point.full_name,
    )


@login_required
def nomination(request, pk):
    """A nomination's own page: the person's details, where the nomination stands (timeline
    with dates), what the secretariat still needs; the secretariat's verification step."""
    focal_point = get_object_or_404(
        FocalPoint.objects.select_related(
            "member_state", "institution", "verified_by", "nomination_recorded_by"
        ),
        pk=pk,
    )
    authorize(request.user, "members.view_nomination", focal_point)
    timeline = selectors.nomination_timeline(focal_point)
    secretariat = is_secretariat(request.user)
    return render(
        request,
        "members/nomination.html",
        {
            "person": focal_point,
            "state": focal_point.member_state,
            "timeline": timeline,
            "needs": selectors.nomination_needs(focal_point, timeline),
            "is_own": focal_point.user_id == request.user.pk,
            "can_edit": can(request.user, "members.edit_focal_point", focal_point),
            "secretariat": secretariat,
            "is_secretariat": secretariat,
            "pending": focal_point.status in (FocalPoint.Status.SUBMITTED, "verified"),
        },
    )


@login_required
def request_corrections(request, pk):
    focal_point = _focal_point(pk)
    authorize(request.user, "members.manage", focal_point, visible=True)
    form = CorrectionsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_corrections(
                focal_point, by=request.user, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("The request for corrections is sent to %(email)s.")
                % {"email": focal_point.email},
            )
            return redirect("members:nomination", pk=focal_point.pk)
    return _form_page(
        request,
        form,
        focal_point.member_state,
        "corrections",
        _("Ask for corrections"),
        subject=focal_point.full_name,
        submit=_("Send the request"),
    )


@login_required
@require_POST
def confirm_details(request, pk):
    focal_point = _focal_point(pk)
    authorize(request.user, "members.confirm_details", focal_point)
    services.confirm_details(focal_point, by=request.user)
    messages.success(request, _("Thank you: your details are confirmed as correct."))
    return redirect("members:state_detail", iso3=focal_point.member_state.iso3)


@login_required
def propose_alternate(request, iso3):
    state = _state(iso3)
    authorize(request.user, "members.propose_alternate", state)
    form = ProposeAlternateForm(request.POST or None, member_state=state)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_alternate(state, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("Thank you: the secretariat will verify the nomination of the alternate."),
            )
            return redirect("members:state_detail", iso3=state.iso3)
    return _form_page(
        request,
        form,
        state,
        "propose_alternate",
        _("Propose a colleague as alternate focal point"),
        intro=_(
            "The secretariat verifies the nomination of the alternate focal point with your "
            "authorities before it becomes active."
        ),
    )


@login_required
def withdraw(request, pk):
    """End a focal point's term, or a pending nomination, without a successor."""
    focal_point = _focal_point(pk)
    authorize(request.user, "members.manage", focal_point, visible=True)
    if focal_point.status not in CURRENT_STATUSES:
        raise Http404
    form = WithdrawForm(
        request.POST or None,
        focal_point=focal_point,
        initial={"effective_to": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(
                focal_point,
                by=request.user,
                effective_to=form.cleaned_data["effective_to"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("%(name)s is no longer a focal point.") % {"name": focal_point.full_name}
            )
            return redirect("members:state_detail", iso3=focal_point.member_state.iso3)
    return _form_page(
        request,
        form,
        focal_point.member_state,
        "withdraw",
        _("Withdraw the focal point"),
        subject=focal_point.full_name,
        intro=_(
            "The person stays in the history of the member state as a past focal point; their "
            "account no longer acts for the member state and open invitations are revoked. To "
            "replace a focal point, record and verify the new nomination instead: the previous "
            "focal point is then superseded."
        ),
        submit=_("Withdraw"),
        danger=True,
    )


# --- Exports and import ---------------------------------------------------------------------


@allowed("members.manage")
def export(request, fmt):
    if fmt not in exchange.CONTENT_TYPES:
        raise Http404
    content, content_type = exchange.export_directory(fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="pesnet-directory.{fmt}"'
    return response


@login_required
def vcard(request, pk):
    from .vcards import vcards

    focal_point = _focal_point(pk)
    authorize(request.user, "members.manage", focal_point, visible=True)
    response = HttpResponse(vcards([focal_point]), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="focal-point-{focal_point.member_state.iso3}-{pk}.vcf"'
    )
    return response


@allowed("members.manage")
def vcards_all(request):
    from .vcards import vcards

    response = HttpResponse(
        vcards(selectors.active_focal_points()), content_type="text/vcard; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="pesnet-focal-points.vcf"'
    return response


@allowed("members.manage")
def directory_pdf(request):
    from .pdf import directory_pdf as render_pdf

    languages = dict(settings.LANGUAGES)
    language = request.GET.get("language")
    language = language if language in languages else request.LANGUAGE_CODE
    response = HttpResponse(render_pdf(language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pesnet-directory-{language}.pdf"'
    return response


@allowed("members.manage")
def import_directory(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and "apply" in request.POST:
        stored = request.session.get(exchange.SESSION_KEY)
        preview = exchange.preview_stored(stored)
        if preview is not None and preview.is_valid:
            summary = exchange.apply(preview, by=request.user)
            exchange.forget(request.session)
            messages.success(
                request,
                _("Import done: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % summary,
            )
            return redirect("members:secretariat_directory")
        messages.error(request, _("The import could not be applied: upload the file again."))
        preview = None
    elif request.method == "POST" and form.is_valid():
        preview = exchange.preview_upload(form.cleaned_data["file"])
        if preview.is_valid:
            exchange.remember(request.session, preview)
    return render(request, "members/import.html", {"form": form, "preview": preview})
