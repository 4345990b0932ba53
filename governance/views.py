"""Accounts and roles, the chair's terms, the network's public pages (thin views: the rules are
in rules.py, the actions in services.py)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import ChairTerm
from pesnet import invitations
from pesnet.errors import DomainError, add_to_form, messages_of
from pesnet.roles import allowed

from . import selectors, services
from .forms import ChairTermForm, StaffInvitationForm

User = get_user_model()


def _form_page(request, form, *, heading, intro="", submit, cancel_url, form_id):
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "heading": heading,
            "intro": intro,
            "submit": submit,
            "cancel_url": cancel_url,
            "form_id": form_id,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Accounts -------------------------------------------------------------------------------


@allowed("governance.manage_accounts")
def accounts(request):
    return render(
        request,
        "governance/accounts.html",
        {
            "accounts": list(selectors.accounts()),
            "invitations": list(selectors.open_staff_invitations()),
        },
    )


@allowed("governance.manage_accounts")
def invite(request):
    form = StaffInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_staff(by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("governance:accounts")
    return _form_page(
        request,
        form,
        heading=_("Invite a colleague"),
        intro=_(
            "A colleague of the secretariat, or an officer of the chair institution, receives "
            "an e-mail with a link to open an account. The chair role is held while the "
            "institution's term runs."
        ),
        submit=_("Send the invitation"),
        cancel_url=reverse("governance:accounts"),
        form_id="staff-invitation",
    )


def _account_action(request, pk, action, done):
    account = get_object_or_404(User, pk=pk)
    try:
        action(account, by=request.user)
    except DomainError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, done % {"email": account.email})
    return redirect("governance:accounts")


@require_POST
@allowed("governance.manage_accounts")
def deactivate(request, pk):
    return _account_action(
        request,
        pk,
        services.deactivate_account,
        _("%(email)s is deactivated and signed out everywhere."),
    )


@require_POST
@allowed("governance.manage_accounts")
def reactivate(request, pk):
    return _account_action(
        request, pk, services.reactivate_account, _("%(email)s can sign in again.")
    )


@require_POST
@allowed("governance.manage_accounts")
def remove_secretariat(request, pk):
    return _account_action(
        request,
        pk,
        services.remove_secretariat_role,
        _("%(email)s is no longer in the secretariat."),
    )


@require_POST
@allowed("governance.manage_accounts")
def revoke_invitation(request, pk):
    from .models import StaffInvitation

    invitation = get_object_or_404(StaffInvitation, pk=pk)
    try:
        services.revoke_staff_invitation(invitation, by=request.user)
    except DomainError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(
            request, _("Invitation to %(email)s revoked.") % {"email": invitation.email}
        )
    return redirect("governance:accounts")


@allowed("governance.manage_accounts")
def account_changes(request):
    page = Paginator(selectors.account_changes(), 50).get_page(request.GET.get("page"))
    return render(request, "governance/account_changes.html", {"page": page})


def accept_invitation(request, token):
    """The link in a staff invitation: opens sign-up for the invited address only."""
    invitation = services.invitation_for_token(token)

    def accept():
        services.accept_staff_invitation(invitation, request.user)
        messages.success(request, services.welcome_message(invitation, request.user))
        return redirect("home")

    return invitations.follow_link(
        request,
        invitation,
        token,
        session_key=services.INVITATION_SESSION_KEY,
        accept=accept,
    )


# --- The chair's terms ----------------------------------------------------------------------


@allowed("governance.manage_terms")
def chair_terms(request):
    return render(
        request,
        "governance/chair_terms.html",
        {"terms": list(selectors.chair_terms()), "current": services.current_term()},
    )


@allowed("governance.manage_terms")
def chair_term_edit(request, pk=None):
    term = get_object_or_404(ChairTerm, pk=pk) if pk else ChairTerm()
    form = ChairTermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_chair_term(
                form.instance, by=request.user, institution=form.cleaned_data.get("institution")
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The chair's term is saved."))
            return redirect("governance:chair_terms")
    return _form_page(
        request,
        form,
        heading=_("Chair term") if pk else _("New chair term"),
        intro=_(
            "Accounts of the chair institution hold the chair role from the first to the last "
            "day of its term; at a handover the roles change on the new term's first day."
        ),
        submit=_("Save"),
        cancel_url=reverse("governance:chair_terms"),
        form_id="chair-term",
    )


# --- Public pages ---------------------------------------------------------------------------


def about(request):
    terms = list(selectors.chair_terms())
    current = services.current_term()
    return render(
        request,
        "governance/about.html",
        {
            "secretariat": selectors.secretariat_organisation(),
            "current": current,
            "past_terms": [t for t in terms if current is None or t.pk != current.pk],
            "partners": list(selectors.partners()),
        },
    )


def _partner(slug):
    from members.models import Organisation

    return get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.PARTNER)


def partner(request, slug):
    organisation = _partner(slug)
    profile = getattr(organisation, "partner_profile", None)
    return render(
        request,
        "governance/partner.html",
        {"organisation": organisation, "profile": profile, **selectors.partner_page(organisation)},
    )


@allowed("governance.edit_partners")
def partner_edit(request, slug):
    from .forms import PartnerProfileForm
    from .models import PartnerProfile

    organisation = _partner(slug)
    profile = PartnerProfile.objects.filter(organisation=organisation).first()
    form = PartnerProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.save_partner_profile(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("The partner's description is saved."))
        return redirect("governance:partner", slug=slug)
    return _form_page(
        request,
        form,
        heading=_("Description of %(partner)s") % {"partner": organisation},
        submit=_("Save"),
        cancel_url=reverse("governance:partner", kwargs={"slug": slug}),
        form_id="partner",
    )


@allowed("governance.edit_partners")
def cooperation_add(request, slug):
    from .forms import CooperationForm

    organisation = _partner(slug)
    form = CooperationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_cooperation(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("The cooperation record is added."))
        return redirect("governance:partner", slug=slug)
    return _form_page(
        request,
        form,
        heading=_("Cooperation with %(partner)s") % {"partner": organisation},
        submit=_("Add"),
        cancel_url=reverse("governance:partner", kwargs={"slug": slug}),
        form_id="cooperation",
    )


def cooperation_document(request, pk):
    """A cooperation record's document is public, like the record; served by name."""
    from pesnet.files import stored_file_response

    from .models import Cooperation

    cooperation = get_object_or_404(Cooperation.objects.exclude(document=""), pk=pk)
    return stored_file_response(
        cooperation.document, as_attachment=True, filename=cooperation.document_name or None
    )


def state(request, iso3):
    from members.models import MemberState

    member_state = get_object_or_404(MemberState, iso3=iso3.upper())
    return render(
        request,
        "governance/state.html",
        {"state": member_state, **selectors.state_page(member_state)},
    )


# --- Announcements --------------------------------------------------------------------------


def announcement(request, pk):
    from .models import Announcement

    item = get_object_or_404(Announcement, pk=pk, published_at__isnull=False)
    return render(request, "governance/announcement.html", {"announcement": item})


@allowed("governance.announce")
def announcements(request):
    from .models import Announcement

    return render(
        request,
        "governance/announcements.html",
        {"announcements": list(Announcement.objects.select_related("campaign"))},
    )


@allowed("governance.announce")
def announcement_edit(request, pk=None):
    from .forms import AnnouncementForm
    from .models import Announcement

    item = get_object_or_404(Announcement, pk=pk) if pk else Announcement()
    form = AnnouncementForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.save_announcement(form.instance, by=request.user)
        messages.success(request, _("The announcement is saved."))
        return redirect("governance:announcements")
    return _form_page(
        request,
        form,
        heading=_("Announcement"),
        intro=_("A short news item in Arabic, English and French; English is required."),
        submit=_("Save"),
        cancel_url=reverse("governance:announcements"),
        form_id="announcement",
    )


@require_POST
@allowed("governance.announce")
def announcement_publish(request, pk):
    from .models import Announcement

    item = get_object_or_404(Announcement, pk=pk)
    services.publish_announcement(item, by=request.user)
    messages.success(request, _("The announcement is on the home page."))
    return redirect("governance:announcements")


@require_POST
@allowed("governance.announce")
def announcement_email(request, pk):
    from .models import Announcement

    item = get_object_or_404(Announcement, pk=pk)
    try:
        campaign = services.email_announcement(item, by=request.user)
    except DomainError as error:
        messages.error(request, messages_of(error))
        return redirect("governance:announcements")
    messages.success(
        request,
        _("The announcement is queued for every focal point; the outbox sends it within minutes."),
    )
    return redirect("outbox:campaign", pk=campaign.pk)


# --- Retention of former focal points' personal data ---------------------------------------


@allowed("governance.manage_retention")
def retention(request):
    from .forms import RetentionPolicyForm
    from .models import RetentionPolicy

    policy = RetentionPolicy.current()
    form = RetentionPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        services.save_retention_policy(form.cleaned_data["years"], by=request.user)
        messages.success(request, _("The retention period is saved."))
        return redirect("governance:retention")
    return render(
        request,
        "governance/retention.html",
        {
            "form": form,
            "policy": policy,
            "cutoff": services.retention_cutoff(),
            "due": services.focal_points_past_retention().count(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- My account -----------------------------------------------------------------------------


@allowed("governance.my_account")
def my_account(request):
    from .forms import MyAccountForm

    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "time_zone": user.time_zone,
    }
    form = MyAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_my_account(user, by=user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your details are saved."))
            return redirect("governance:my_account")
    return render(
        request,
        "governance/my_account.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@allowed("governance.my_account")
def my_data(request):
    import json

    from django.http import HttpResponse

    body = json.dumps(services.my_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-pesnet-data.json"'
    return response


@allowed("governance.my_account")
def my_data_xlsx(request):
    from django.http import HttpResponse

    response = HttpResponse(
        services.my_data_xlsx(request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="my-pesnet-data.xlsx"'
    return response
