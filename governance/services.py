"""Actions on accounts, roles, the chair's terms, partners and announcements.

Every function takes its actor as `by=` (None: the portal itself, e.g. the beat task) and
records what it changed in AccountChange. Role checks live in governance.rules; the rules of
the domain (nobody grants themselves a role, terms do not overlap) are enforced here.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from members.models import ChairTerm, FocalPoint, Organisation, hash_token
from outbox.api import Campaign, kick_sender, queue_message
from pesnet.errors import DomainError
from pesnet.roles import CHAIR, SECRETARIAT

from .models import AccountChange, Affiliation, StaffInvitation, StaffRole

User = get_user_model()
Action = AccountChange.Action
INVITATION_SESSION_KEY = "pesnet_staff_invitation"


def record(action, *, by, account=None, email="", role="", detail="") -> AccountChange:
    return AccountChange.objects.create(
        action=action,
        by=by if getattr(by, "pk", None) else None,
        account=account,
        email=email or (account.email if account is not None else ""),
        role=role,
        detail=detail[:300],
    )


# --- Staff invitations ----------------------------------------------------------------------


def secretariat_organisation() -> Organisation:
    organisation = Organisation.objects.filter(kind=Organisation.Kind.SECRETARIAT).first()
    if organisation is None:
        raise DomainError(_("The secretariat's organisation is missing from the reference data."))
    return organisation


def invitation_link(invitation: StaffInvitation, token: str) -> str:
    with translation.override(invitation.language):
        path = reverse("governance:accept_invitation", kwargs={"token": token})
    return f"{settings.SITE_URL}{path}"


def _send_invitation(invitation: StaffInvitation, token: str, attempt: int) -> None:
    with translation.override(invitation.language):
        expires = formats.date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
        role_label = str(invitation.get_role_display())
        organisation = str(invitation.organisation)
    queue_message(
        to=invitation.email,
        language=invitation.language,
        kind="staff_invitation",
        template="governance/email/staff_invitation",
        context={
            "invitation": invitation,
            "role_label": role_label,
            "organisation": organisation,
            "expires": expires,
        },
        dedup_key=f"staff-invitation:{invitation.pk}:{attempt}",
        related=invitation,
        recipient_name=f"{invitation.given_name} {invitation.family_name}".strip(),
        action_url=invitation_link(invitation, token),
    )
    kick_sender()


def _holds(user, role: str) -> bool:
    return user.groups.filter(name=role).exists()


@transaction.atomic
def invite_staff(
    *,
    by,
    role: str,
    email: str,
    given_name: str,
    family_name: str,
    language: str,
    organisation: Organisation | None = None,
) -> StaffInvitation:
    email = email.strip().lower()
    if by is not None and email == by.email.lower():
        raise DomainError(
            _("You cannot invite yourself: nobody grants themselves a role."), field="email"
        )
    if role == StaffRole.SECRETARIAT:
        organisation = secretariat_organisation()
    elif organisation is None or organisation.kind != Organisation.Kind.MEMBER_PES:
        raise DomainError(
            _("Choose the public employment service of the chair institution."),
            field="organisation",
        )
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and role == StaffRole.SECRETARIAT and _holds(existing, SECRETARIAT):
        raise DomainError(_("This account is in the secretariat already."), field="email")
    if StaffInvitation.objects.open().filter(email__iexact=email, role=role).exists():
        raise DomainError(
            _("An open invitation for this address and role exists already."), field="email"
        )
    invitation = StaffInvitation(
        role=role,
        organisation=organisation,
        email=email,
        given_name=given_name,
        family_name=family_name,
        language=language,
        invited_by=by,
    )
    token = invitation.new_token()
    invitation.save()
    _send_invitation(invitation, token, 1)
    record(
        Action.INVITED, by=by, account=existing, email=email, role=role, detail=str(organisation)
    )
    return invitation


@transaction.atomic
def revoke_staff_invitation(invitation: StaffInvitation, *, by) -> StaffInvitation:
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise DomainError(_("This invitation has been accepted already."))
    if not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(Action.INVITATION_REVOKED, by=by, email=invitation.email, role=invitation.role)
    return invitation


def welcome_message(invitation: StaffInvitation, user) -> str:
    if invitation.role == StaffRole.CHAIR and not _holds(user, CHAIR):
        return _(
            "Your account is linked to %(organisation)s; the chair role starts with its term."
        ) % {"organisation": invitation.organisation}
    return _("The invitation is accepted.")


def invitation_for_token(token: str) -> StaffInvitation | None:
    if not token or len(token) > 100:
        return None
    return (
        StaffInvitation.objects.select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def accept_staff_invitation(invitation: StaffInvitation, user) -> StaffInvitation:
    """Single use, for the invited address only: the account joins the organisation and takes
    the role (the chair role only while the institution's term runs)."""
    invitation = (
        StaffInvitation.objects.select_for_update()
        .select_related("organisation")
        .get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise DomainError(_("This invitation link is no longer valid."))
    if user.email.lower() != invitation.email.lower():
        raise DomainError(_("This invitation was sent to another e-mail address."))
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    Affiliation.objects.update_or_create(
        user=user, defaults={"organisation": invitation.organisation}
    )
    if not user.first_name and not user.last_name:
        user.first_name, user.last_name = invitation.given_name, invitation.family_name
        user.preferred_language = invitation.language
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
    record(
        Action.JOINED,
        by=user,
        account=user,
        role=invitation.role,
        detail=str(invitation.organisation),
    )
    if invitation.role == StaffRole.SECRETARIAT:
        if not _holds(user, SECRETARIAT):
            user.groups.add(Group.objects.get(name=SECRETARIAT))
            record(
                Action.ROLE_GRANTED,
                by=invitation.invited_by,
                account=user,
                role=StaffRole.SECRETARIAT,
                detail=_("Invitation accepted"),
            )
    else:
        apply_chair_terms(by=None)
    return invitation


# --- Accounts -------------------------------------------------------------------------------


def revoke_sessions(user) -> int:
    """End every session of the account now (database and cache of the session engine)."""
    engine = import_module(settings.SESSION_ENGINE)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            engine.SessionStore(session_key=session.session_key).delete()
            ended += 1
    return ended


def _not_self(account, by, message):
    if by is not None and account.pk == by.pk:
        raise DomainError(message)


@transaction.atomic
def deactivate_account(account, *, by, revoke: bool = True) -> int:
    """The account can no longer sign in and its open sessions end at once: saving the user
    bumps the cached users' generation (pesnet.auth), and the sessions are deleted."""
    _not_self(account, by, _("You cannot deactivate your own account."))
    account = User.objects.select_for_update().get(pk=account.pk)
    ended = 0
    if account.is_active:
        account.is_active = False
        account.save(update_fields=["is_active"])
        record(Action.DEACTIVATED, by=by, account=account)
    if revoke:
        ended = revoke_sessions(account)
        record(
            Action.SESSIONS_REVOKED,
            by=by,
            account=account,
            detail=_("%(count)d session(s) ended") % {"count": ended},
        )
    return ended


@transaction.atomic
def reactivate_account(account, *, by):
    _not_self(account, by, _("You cannot reactivate your own account."))
    account = User.objects.select_for_update().get(pk=account.pk)
    if not account.is_active:
        account.is_active = True
        account.save(update_fields=["is_active"])
        record(Action.REACTIVATED, by=by, account=account)
    return account


@transaction.atomic
def remove_secretariat_role(account, *, by):
    """A colleague leaves the secretariat. Nobody removes (or grants) their own role."""
    _not_self(account, by, _("You cannot change your own role."))
    if _holds(account, SECRETARIAT):
        account.groups.remove(Group.objects.get(name=SECRETARIAT))
        record(Action.ROLE_REMOVED, by=by, account=account, role=StaffRole.SECRETARIAT)
    return account


# --- The chair's terms ----------------------------------------------------------------------


def current_term(today=None) -> ChairTerm | None:
    today = today or timezone.localdate()
    return (
        ChairTerm.objects.filter(start__lte=today, end__gte=today)
        .select_related("organisation", "member_state")
        .first()
    )


@transaction.atomic
def apply_chair_terms(today=None, *, by=None) -> dict:
    """The chair role follows the term: accounts affiliated with the institution whose term runs
    today hold it; other affiliated accounts lose it. Idempotent: a second run changes nothing
    and records nothing. Accounts without an affiliation (granted before the portal managed
    roles) are left as they are."""
    today = today or timezone.localdate()
    group = Group.objects.select_for_update().get(name=CHAIR)
    term = current_term(today)
    should = (
        set(
            Affiliation.objects.filter(organisation=term.organisation).values_list(
                "user_id", flat=True
            )
        )
        if term
        else set()
    )
    holders = set(group.user_set.values_list("pk", flat=True))
    managed = set(Affiliation.objects.filter(user_id__in=holders).values_list("user_id", flat=True))
    grant = should - holders
    remove = managed - should
    detail = str(term) if term else _("No chair term runs")
    for user in User.objects.filter(pk__in=grant):
        user.groups.add(group)
        record(Action.ROLE_GRANTED, by=by, account=user, role=StaffRole.CHAIR, detail=detail)
    for user in User.objects.filter(pk__in=remove):
        user.groups.remove(group)
        record(Action.ROLE_REMOVED, by=by, account=user, role=StaffRole.CHAIR, detail=detail)
    return {"term": term, "granted": sorted(grant), "removed": sorted(remove)}


def _check_term(term: ChairTerm) -> None:
    organisation = term.organisation
    if organisation.kind != Organisation.Kind.MEMBER_PES or organisation.member_state_id is None:
        raise DomainError(
            _("The chair is a member state's public employment service."), field="organisation"
        )
    if term.end <= term.start:
        raise DomainError(_("The term ends after it starts."), field="end")
    overlapping = ChairTerm.objects.filter(start__lte=term.end, end__gte=term.start)
    if term.pk:
        overlapping = overlapping.exclude(pk=term.pk)
    other = overlapping.select_related("organisation").first()
    if other is not None:
        raise DomainError(
            _("The term overlaps the term of %(term)s.") % {"term": other}, field="start"
        )


def organisation_for_institution(institution, *, by) -> Organisation:
    """The network's organisation for a member state's PES institution (a new chair)."""
    from django.utils.text import slugify

    found = Organisation.objects.filter(
        kind=Organisation.Kind.MEMBER_PES,
        member_state=institution.member_state,
        name_en=institution.name_en,
    ).first()
    if found is not None:
        return found
    base = slugify(f"{institution.member_state.iso3}-{institution.acronym or institution.name_en}")
    slug, n = base[:36], 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base[:33]}-{n}"
    return Organisation.objects.create(
        slug=slug,
        kind=Organisation.Kind.MEMBER_PES,
        member_state=institution.member_state,
        acronym=institution.acronym,
        website=institution.website,
        name_en=institution.name_en,
        name_ar=institution.name_ar or "",
        name_fr=institution.name_fr or "",
    )


@transaction.atomic
def save_chair_term(term: ChairTerm, *, by, institution=None) -> ChairTerm:
    """Record or correct a term (the chair given as an organisation, or as a PES institution
    of the directory that becomes one), then apply today's term to the accounts."""
    creating = term.pk is None
    if institution is not None:
        term.organisation = organisation_for_institution(institution, by=by)
    term.member_state_id = term.organisation.member_state_id
    _check_term(term)
    term.save()
    record(
        Action.TERM_RECORDED if creating else Action.TERM_CHANGED,
        by=by,
        detail=f"{term.organisation} {term.start.isoformat()} – {term.end.isoformat()}",
    )
    apply_chair_terms(by=by)
    return term


def is_focal_point_account(user) -> bool:
    return FocalPoint.objects.filter(user=user).exists()


# --- Partners -------------------------------------------------------------------------------


@transaction.atomic
def save_partner_profile(organisation: Organisation, *, by, **descriptions):
    from .models import PartnerProfile

    if organisation.kind != Organisation.Kind.PARTNER:
        raise DomainError(_("Only a partner organisation has a partner page."))
    profile, _created = PartnerProfile.objects.get_or_create(organisation=organisation)
    for name, value in descriptions.items():
        setattr(profile, name, value)
    profile.save()
    return profile


@transaction.atomic
def add_cooperation(organisation: Organisation, *, by, document=None, **fields):
    from .models import Cooperation

    if organisation.kind != Organisation.Kind.PARTNER:
        raise DomainError(_("Only a partner organisation has a partner page."))
    cooperation = Cooperation(organisation=organisation, created_by=by, **fields)
    if document:
        cooperation.document_name = document.name[:200]
        cooperation.document = document
    cooperation.save()
    return cooperation


# --- Announcements --------------------------------------------------------------------------


@transaction.atomic
def save_announcement(announcement, *, by):
    if announcement.pk is None:
        announcement.created_by = by
    announcement.save()
    return announcement


@transaction.atomic
def publish_announcement(announcement, *, by):
    from .models import Announcement

    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if announcement.published_at is None:
        announcement.published_at = timezone.now()
        announcement.save(update_fields=["published_at"])
    return announcement


@transaction.atomic
def email_announcement(announcement, *, by):
    """An outbox campaign to every active focal point, each in their own language; the
    sender delivers it like any message, and the campaign's page follows it. Once only."""
    from .models import Announcement

    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if announcement.published_at is None:
        raise DomainError(_("Publish the announcement before e-mailing it."))
    if announcement.campaign_id:
        raise DomainError(_("This announcement has been e-mailed already."))
    campaign = Campaign.objects.create(
        key=f"announcement:{announcement.pk}",
        kind="announcement",
        period=timezone.localdate(),
        is_demo=announcement.is_demo,
    )
    recipients = (
        FocalPoint.objects.filter(status=FocalPoint.Status.ACTIVE)
        .select_related("member_state")
        .order_by("pk")
    )
    for focal_point in recipients:
        with translation.override(focal_point.preferred_language):
            path = reverse("governance:announcement", kwargs={"pk": announcement.pk})
        queue_message(
            to=focal_point.email,
            language=focal_point.preferred_language,
            kind="announcement",
            template="governance/email/announcement",
            context={"announcement": announcement},
            dedup_key=f"announcement:{announcement.pk}:{focal_point.pk}",
            user=focal_point.user,
            related=announcement,
            recipient_name=focal_point.full_name,
            action_url=f"{settings.SITE_URL}{path}",
            campaign=campaign,
        )
    announcement.campaign = campaign
    announcement.emailed_at = timezone.now()
    announcement.save(update_fields=["campaign", "emailed_at"])
    kick_sender()
    return campaign


# --- My account -----------------------------------------------------------------------------


@transaction.atomic
def update_my_account(user, *, by, first_name, last_name, preferred_language, time_zone):
    """One source for name, language and time zone: the account, and the person's current
    focal-point records follow in the same transaction (their e-mails read those)."""
    if by is None or by.pk != user.pk:
        raise DomainError(_("Only the account holder changes these details here."))
    user = User.objects.select_for_update().get(pk=user.pk)
    user.first_name, user.last_name = first_name, last_name
    user.preferred_language, user.time_zone = preferred_language, time_zone
    user.save(update_fields=["first_name", "last_name", "preferred_language", "time_zone"])
    for focal_point in FocalPoint.objects.filter(
        user=user,
        status__in=[
            FocalPoint.Status.SUBMITTED,
            FocalPoint.Status.VERIFIED,
            FocalPoint.Status.ACTIVE,
        ],
    ):
        changed = (focal_point.preferred_language, focal_point.time_zone) != (
            preferred_language,
            time_zone,
        )
        if changed:
            focal_point.preferred_language, focal_point.time_zone = preferred_language, time_zone
            focal_point._history_user = by
            focal_point.save()
    record(Action.PROFILE_CHANGED, by=by, account=user)
    return user


def follow_focal_point(focal_point) -> None:
    """A focal point's language or time zone was edited on their record (by them or the
    secretariat): the account follows, so the two never disagree."""
    if not focal_point.user_id or focal_point.status not in (
        FocalPoint.Status.SUBMITTED,
        FocalPoint.Status.VERIFIED,
        FocalPoint.Status.ACTIVE,
    ):
        return
    updated = (
        User.objects.filter(pk=focal_point.user_id)
        .exclude(preferred_language=focal_point.preferred_language, time_zone=focal_point.time_zone)
        .update(preferred_language=focal_point.preferred_language, time_zone=focal_point.time_zone)
    )
    if updated:
        from pesnet.auth import USERS

        USERS.bump()


def my_data(user) -> dict:
    """Everything the portal holds about the account holder, for the download."""
    from meetings.models import Registration

    def when(value):
        return value.isoformat() if value else None

    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
            "date_joined": when(user.date_joined),
            "last_login": when(user.last_login),
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in user.emailaddress_set.all()
            ],
        },
        "focal_point_records": [],
        "meeting_registrations": [
            {
                "meeting": str(r.meeting),
                "status": r.status,
                "answered_at": when(r.answered_at),
            }
            for r in Registration.objects.filter(user=user).select_related("meeting")
        ],
        "account_changes": [
            {"at": when(c.at), "action": c.action, "role": c.role, "detail": c.detail}
            for c in AccountChange.objects.filter(account=user)
        ],
    }
    affiliation = getattr(user, "affiliation", None)
    if affiliation is not None:
        data["account"]["organisation"] = str(affiliation.organisation)
    for fp in FocalPoint.objects.filter(user=user).select_related("member_state", "institution"):
        data["focal_point_records"].append(
            {
                "member_state": fp.member_state.iso3,
                "role": fp.role,
                "status": fp.status,
                "honorific": fp.honorific,
                "given_name": fp.given_name,
                "family_name": fp.family_name,
                "position": fp.position,
                "institution": str(fp.institution) if fp.institution else None,
                "email": fp.email,
                "phone": str(fp.phone) if fp.phone else "",
                "mobile": str(fp.mobile) if fp.mobile else "",
                "preferred_language": fp.preferred_language,
                "time_zone": fp.time_zone,
                "effective_from": when(fp.effective_from),
                "effective_to": when(fp.effective_to),
                "history": [
                    {
                        "at": when(h.history_date),
                        "type": h.history_type,
                        "email": h.email,
                        "phone": str(h.phone) if h.phone else "",
                        "mobile": str(h.mobile) if h.mobile else "",
                    }
                    for h in fp.history.all()
                ],
            }
        )
    return data


# --- Retention of former focal points' personal data ----------------------------------------

RETIRED_STATUSES = (FocalPoint.Status.WITHDRAWN, FocalPoint.Status.SUPERSEDED)
ERASURE_REASON = "retention period over: phones and e-mail erased"


def save_retention_policy(years: int, *, by):
    from .models import RetentionPolicy

    policy = RetentionPolicy.objects.select_for_update().order_by("pk").first()
    policy = policy or RetentionPolicy()
    policy.years = years
    policy.updated_by = by
    policy.save()
    return policy


def retention_cutoff(today=None):
    """Terms that ended on or before this day are past the retention period."""
    from .models import RetentionPolicy

    today = today or timezone.localdate()
    years = RetentionPolicy.current().years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year - years, day=28)


def focal_points_past_retention(today=None):
    """Withdrawn and superseded people whose term ended before the retention cut-off and whose
    record or history still holds a phone number or an e-mail address."""
    from django.db.models import Exists, OuterRef, Q

    cutoff = retention_cutoff(today)
    history = FocalPoint.history.model.objects.filter(id=OuterRef("pk")).filter(
        ~Q(email="") | ~Q(phone="") | ~Q(mobile="")
    )
    ended = Q(effective_to__lte=cutoff) | Q(effective_to__isnull=True, created_at__date__lte=cutoff)
    still_held = ~Q(email="") | ~Q(phone="") | ~Q(mobile="") | Exists(history)
    return FocalPoint.objects.filter(ended, status__in=RETIRED_STATUSES).filter(still_held)


def erase_expired_personal_data(today=None, *, by=None) -> list[int]:
    """Erase the phones and e-mail of former focal points past the retention period, from the
    record and from every row of its history (and from the invitations that named them); the
    nomination itself (state, role, name, dates, letter) stays. Safe to run twice: a record
    already erased is not selected again."""
    from members.models import Invitation

    erased = []
    history = FocalPoint.history.model.objects
    for focal_point in focal_points_past_retention(today).select_for_update().order_by("pk"):
        focal_point.email = ""
        focal_point.phone = ""
        focal_point.mobile = ""
        focal_point._history_user = by
        focal_point._change_reason = ERASURE_REASON
        focal_point.save()
        history.filter(id=focal_point.pk).update(email="", phone="", mobile="")
        Invitation.objects.filter(focal_point=focal_point).update(email="")
        erased.append(focal_point.pk)
    return erased


def my_data_xlsx(user) -> bytes:
    """The same data as `my_data`, as a workbook: one sheet per part, one row per record (the
    history of each focal-point record on a sheet of its own). Cells through
    pesnet.exports.spreadsheet_cell: a name typed like a formula stays text."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from pesnet.exports import spreadsheet_cell

    data = my_data(user)

    def flat(value):
        if isinstance(value, list):
            return ", ".join(
                str(v.get("email", v)) if isinstance(v, dict) else str(v) for v in value
            )
        return "" if value is None else value

    def table(sheet, rows):
        rows = list(rows)
        if not rows:
            return
        header = list(rows[0])
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([spreadsheet_cell(flat(row.get(key))) for key in header])

    workbook = Workbook()
    account = workbook.active
    account.title = "account"
    for key, value in data["account"].items():
        account.append([key, spreadsheet_cell(flat(value))])
    records = [
        {key: value for key, value in record.items() if key != "history"}
        for record in data["focal_point_records"]
    ]
    history = [
        {"member_state": record["member_state"], "role": record["role"], **change}
        for record in data["focal_point_records"]
        for change in record["history"]
    ]
    for title, rows in (
        ("focal_point_records", records),
        ("focal_point_history", history),
        ("meeting_registrations", data["meeting_registrations"]),
        ("account_changes", data["account_changes"]),
    ):
        table(workbook.create_sheet(title), rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
