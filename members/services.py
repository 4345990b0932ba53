"""Actions that change the members directory. Views, the admin, imports and tasks call these.

Every function runs inside the caller's transaction (ATOMIC_REQUESTS) or opens its own.
Domain rules that do not depend on who is asking for a page (a nominee cannot verify their own
nomination, an invitation is used once) are enforced here and refused with a DomainError; who
may ask is the views' check (members.rules). The actor comes as `by=`, for the record.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from outbox.api import kick_sender, queue_message
from pesnet.errors import DomainError
from pesnet.uploads import original_name

from .models import (
    CURRENT_STATUSES,
    INVITATION_VALIDITY,
    PENDING_STATUSES,
    FocalPoint,
    Institution,
    Invitation,
    MemberState,
    hash_token,
)


def _as(instance, user):
    """Name the editor in the history row even outside a request (import, shell, tasks)."""
    instance._history_user = user
    return instance


# --- Invitations ----------------------------------------------------------------------------


def invitation_link(invitation: Invitation, token: str) -> str:
    with translation.override(invitation.language):
        path = reverse("members:accept_invitation", kwargs={"token": token})
    return f"{settings.SITE_URL}{path}"


def _send_invitation(invitation: Invitation, token: str) -> None:
    """Queue the invitation in the outbox; it leaves when this transaction commits."""
    language = invitation.language
    with translation.override(language):
        expires = formats.date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
        role_label = str(invitation.get_role_display())
    queue_message(
        to=invitation.email,
        language=language,
        kind="invitation",
        template="members/email/invitation",
        context={"invitation": invitation, "role_label": role_label, "expires": expires},
        dedup_key=f"invitation:{invitation.pk}:{invitation.send_count}",
        related=invitation,
        recipient_name=f"{invitation.given_name} {invitation.family_name}".strip(),
        action_url=invitation_link(invitation, token),
    )
    kick_sender()


def invite(
    *,
    by,
    member_state: MemberState,
    role: str,
    email: str,
    given_name: str,
    family_name: str,
    language: str,
    focal_point: FocalPoint | None = None,
) -> Invitation:
    email = email.strip().lower()
    if Invitation.objects.open().filter(member_state=member_state, email__iexact=email).exists():
        raise DomainError(
            _("An open invitation for this address and member state exists already."),
            field="email",
        )
    invitation = Invitation(
        member_state=member_state,
        role=role,
        email=email,
        given_name=given_name,
        family_name=family_name,
        language=language,
        focal_point=focal_point,
        invited_by=by,
        sent_at=timezone.now(),
        send_count=1,
    )
    token = invitation.new_token()
    invitation.save()
    _send_invitation(invitation, token)
    return invitation


def resend_invitation(invitation: Invitation, *, by) -> Invitation:
    """A new link (the old one stops working) and a new expiry date."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise DomainError(_("Only an open or expired invitation can be sent again."))
    token = invitation.new_token()
    now = timezone.now()
    invitation.expires_at = now + INVITATION_VALIDITY
    invitation.sent_at = now
    invitation.send_count += 1
    invitation.save(update_fields=["token_hash", "expires_at", "sent_at", "send_count"])
    _send_invitation(invitation, token)
    return invitation


def revoke_invitation(invitation: Invitation, *, by) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise DomainError(_("This invitation has been accepted already."))
    if not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("member_state")
        .filter(token_hash=hash_token(token))
        .first()
    )


def accept_invitation(invitation: Invitation, *, by) -> FocalPoint:
    """Single use: the row is locked, checked open, and marked accepted with the account."""
    invitation = (
        Invitation.objects.select_for_update().select_related("member_state").get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise DomainError(_("This invitation link is no longer valid."))
    if by.email.lower() != invitation.email.lower():
        raise DomainError(_("This invitation was sent to another e-mail address."))
    focal_point = invitation.focal_point or (
        FocalPoint.objects.filter(
            member_state=invitation.member_state,
            role=invitation.role,
            email__iexact=invitation.email,
            status__in=CURRENT_STATUSES,
            user__isnull=True,
        ).first()
    )
    if focal_point is None:
        focal_point = FocalPoint(
            member_state=invitation.member_state,
            role=invitation.role,
            status=FocalPoint.Status.SUBMITTED,
            given_name=invitation.given_name,
            family_name=invitation.family_name,
            email=invitation.email,
            preferred_language=invitation.language,
            time_zone=invitation.member_state.default_time_zone,
            institution=invitation.member_state.institutions.order_by("pk").first(),
        )
    focal_point.user = by
    _as(focal_point, by).save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    invitation.focal_point = focal_point
    invitation.save(update_fields=["accepted_at", "accepted_by", "focal_point"])
    if not by.first_name and not by.last_name:
        by.first_name, by.last_name = invitation.given_name, invitation.family_name
        by.preferred_language = invitation.language
        by.save(update_fields=["first_name", "last_name", "preferred_language"])
    return focal_point


# --- Nominations ----------------------------------------------------------------------------


def record_nomination(
    focal_point: FocalPoint,
    *,
    by,
    letter,
    sending_authority: str,
    sending_authority_name: str = "",
    effective_from=None,
) -> FocalPoint:
    """Attach the state's official letter to a (new or pending) nomination."""
    if focal_point.status not in PENDING_STATUSES:
        raise DomainError(_("Only a pending nomination can be recorded."))
    if letter:
        # Stored under a random name (random_name); the name it was sent under is metadata.
        focal_point.nomination_letter = letter
        focal_point.nomination_letter_name = original_name(letter)
    focal_point.sending_authority = sending_authority
    focal_point.sending_authority_name = sending_authority_name
    focal_point.effective_from = effective_from or focal_point.effective_from
    focal_point.nomination_recorded_at = timezone.now()
    focal_point.nomination_recorded_by = by
    _as(focal_point, by).save()
    return focal_point


def verify_nomination(focal_point: FocalPoint, *, by) -> FocalPoint:
    """The nominee becomes the active focal point; the previous one of the role is superseded.

    Two secretariat users may verify two nominations of the same role at once: every record
    of the state's role is locked first, in one order (no deadlock), so the second waits for
    the first, then supersedes the person the first made active, as if one had come after the
    other. Should a writer that does not take these locks get in between, the database's
    one-active-per-role constraint answers, and the user gets a message, not an error page.
    """
    state_id, role = FocalPoint.objects.values_list("member_state_id", "role").get(
        pk=focal_point.pk
    )
    locked = {
        record.pk: record
        for record in FocalPoint.objects.select_for_update()
        .filter(member_state_id=state_id, role=role)
        .order_by("pk")
    }
    focal_point = locked.get(focal_point.pk) or FocalPoint.objects.select_for_update().get(
        pk=focal_point.pk
    )
    if focal_point.role != role:
        raise DomainError(_("This nomination was changed meanwhile: reload the page."))
    if focal_point.status not in PENDING_STATUSES:
        raise DomainError(_("This nomination is not pending verification."))
    if (focal_point.user_id and focal_point.user_id == by.pk) or (
        focal_point.email.lower() == (by.email or "").lower()
    ):
        raise DomainError(_("You cannot verify your own nomination."))
    if not focal_point.nomination_recorded:
        raise DomainError(_("Record the nomination letter before verifying it."))
    today = timezone.localdate()
    previous = [
        record
        for record in locked.values()
        if record.status == FocalPoint.Status.ACTIVE and record.pk != focal_point.pk
    ]
    try:
        with transaction.atomic():
            for old in previous:
                old.status = FocalPoint.Status.SUPERSEDED
                old.effective_to = today
                _as(old, by).save()
            now = timezone.now()
            focal_point.status = FocalPoint.Status.ACTIVE
            focal_point.verified_at = now
            focal_point.verified_by = by
            focal_point.effective_from = focal_point.effective_from or today
            focal_point.details_confirmed_at = focal_point.details_confirmed_at or now
            _as(focal_point, by).save()
    except IntegrityError:
        raise DomainError(
            _(
                "Another focal point of this role was made active at the same time: reload "
                "the page and verify again if this nomination should replace them."
            )
        ) from None
    return focal_point


def withdraw(focal_point: FocalPoint, *, by, effective_to, reason: str) -> FocalPoint:
    """End a current focal point's term (or a pending nomination) without a successor.

    The record stays, as `withdrawn`, with its history; open invitations to the person are
    revoked and their account no longer acts for the state.
    """
    focal_point = FocalPoint.objects.select_for_update().get(pk=focal_point.pk)
    if focal_point.status not in CURRENT_STATUSES:
        raise DomainError(_("This focal point is no longer current."))
    focal_point.status = FocalPoint.Status.WITHDRAWN
    focal_point.effective_to = effective_to
    focal_point.withdrawal_reason = reason
    _as(focal_point, by).save()
    for invitation in focal_point.invitations.filter(accepted_at=None, revoked_at=None):
        revoke_invitation(invitation, by=by)
    return focal_point


def propose_alternate(member_state: MemberState, *, by, **person) -> FocalPoint:
    """A focal point names a colleague as alternate; the secretariat records and verifies."""
    email = person["email"].strip().lower()
    if FocalPoint.objects.filter(
        member_state=member_state, email__iexact=email, status__in=PENDING_STATUSES
    ).exists():
        raise DomainError(_("This person has already been proposed."), field="email")
    focal_point = FocalPoint(
        member_state=member_state,
        role=FocalPoint.Role.ALTERNATE,
        status=FocalPoint.Status.SUBMITTED,
        proposed_by=by,
        time_zone=member_state.default_time_zone,
        **{**person, "email": email},
    )
    _as(focal_point, by).save()
    return focal_point


def nominate(member_state: MemberState, *, by, person: dict, nomination: dict) -> FocalPoint:
    """The secretariat records a state's letter naming a person who is not in the portal yet."""
    focal_point = FocalPoint(
        member_state=member_state,
        status=FocalPoint.Status.SUBMITTED,
        time_zone=member_state.default_time_zone,
        **person,
    )
    _as(focal_point, by).save()
    return record_nomination(focal_point, by=by, **nomination)


def save_institution(institution: Institution, member_state: MemberState, *, by) -> Institution:
    institution.member_state = member_state
    _as(institution, by).save()
    return institution


# --- Self-service ---------------------------------------------------------------------------


def update_details(focal_point: FocalPoint, *, by) -> FocalPoint:
    """Save a focal point whose fields a form has set; counts as confirming the details."""
    focal_point.details_confirmed_at = timezone.now()
    _as(focal_point, by).save()
    return focal_point


def confirm_details(focal_point: FocalPoint, *, by) -> FocalPoint:
    focal_point.details_confirmed_at = timezone.now()
    _as(focal_point, by).save(update_fields=["details_confirmed_at"])
    return focal_point


def request_corrections(focal_point: FocalPoint, *, by, note: str) -> FocalPoint:
    """Ask a nominee to correct their details: an e-mail in their language, through the
    outbox, with a link to the form; the request shows on their nomination page until they
    save their details again."""
    focal_point = (
        FocalPoint.objects.select_for_update(of=("self",))
        .select_related("user", "member_state")
        .get(pk=focal_point.pk)
    )
    if focal_point.status not in PENDING_STATUSES:
        raise DomainError(_("Only a pending nomination can be corrected this way."))
    if not focal_point.email:
        raise DomainError(_("This nominee has no e-mail address to write to."))
    now = timezone.now()
    focal_point.corrections_requested_at = now
    focal_point.corrections_note = note
    _as(focal_point, by).save(update_fields=["corrections_requested_at", "corrections_note"])
    person = focal_point.user
    language = (person.preferred_language if person else "") or focal_point.preferred_language
    with translation.override(language):
        path = reverse("members:focal_point_edit", kwargs={"pk": focal_point.pk})
    queue_message(
        to=focal_point.email,
        language=language,
        kind="corrections",
        template="members/email/corrections",
        context={
            "focal_point": focal_point,
            "note": note,
            "state_name": focal_point.member_state.name,
        },
        dedup_key=f"corrections:{focal_point.pk}:{now.isoformat()}",
        related=focal_point.member_state,
        user=person,
        recipient_name=focal_point.full_name,
        action_url=f"{settings.SITE_URL}{path}",
    )
    kick_sender()
    return focal_point
