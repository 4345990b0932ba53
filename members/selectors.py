import dataclasses

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    CURRENT_STATUSES,
    FocalPoint,
    Institution,
    Invitation,
    MemberState,
    details_stale_condition,
)
from .text import fold


def member_state_for_user(user) -> MemberState | None:
    """The member state whose active focal point this account is, if any."""
    focal_point = (
        FocalPoint.objects.filter(user=user, status=FocalPoint.Status.ACTIVE)
        .select_related("member_state")
        .only("member_state")
        .first()
    )
    return focal_point.member_state if focal_point else None


# --- The directory --------------------------------------------------------------------------

# Long lists of states are paginated so that a page costs the same at ten times the network:
# the 57 member states (and their 114 active focal points, two a state) fit on the first page,
# as they did unpaginated.
STATES_PER_PAGE = 60


class DirectoryStatus(models.TextChoices):
    NONE = "none", _("No focal point")
    PENDING = "pending", _("Pending verification")
    ACTIVE = "active", _("Active")
    ALTERNATE_ONLY = "alternate_only", _("Only an alternate")
    STALE = "stale", _("Details not confirmed for over 12 months")


@dataclasses.dataclass
class StateRow:
    state: MemberState
    institutions: list
    focal_points: list  # current ones: submitted, verified, active
    status: str
    stale: bool
    open_invitations: int = 0

    @property
    def active(self):
        return [fp for fp in self.focal_points if fp.status == FocalPoint.Status.ACTIVE]

    @property
    def pending(self):
        return [fp for fp in self.focal_points if fp.status != FocalPoint.Status.ACTIVE]

    @property
    def primary(self):
        return next((fp for fp in self.active if fp.role == FocalPoint.Role.PRIMARY), None)

    @property
    def alternate(self):
        return next((fp for fp in self.active if fp.role == FocalPoint.Role.ALTERNATE), None)

    def get_status_display(self):
        return DirectoryStatus(self.status).label


def nomination_status(focal_points, now=None) -> tuple[str, bool]:
    """The state's place in the nomination campaign, and whether details are overdue."""
    active_roles = {fp.role for fp in focal_points if fp.status == FocalPoint.Status.ACTIVE}
    stale = any(fp.details_stale(now) for fp in focal_points)
    if FocalPoint.Role.PRIMARY in active_roles:
        return DirectoryStatus.ACTIVE, stale
    if any(fp.status != FocalPoint.Status.ACTIVE for fp in focal_points):
        return DirectoryStatus.PENDING, stale
    if FocalPoint.Role.ALTERNATE in active_roles:
        return DirectoryStatus.ALTERNATE_ONLY, stale
    return DirectoryStatus.NONE, stale


# What the lists show of a focal point. Phone numbers stay out: parsing them on load
# (phonenumbers) costs more than the rest of a directory page.
LIST_FIELDS = [
    "id",
    "member_state_id",
    "user_id",
    "role",
    "status",
    "honorific",
    "given_name",
    "family_name",
    "position",
    "email",
    "effective_from",
    "details_confirmed_at",
    "created_at",
    "is_demo",
]


def directory_rows(
    *,
    q: str = "",
    group: str = "",
    status: str = "",
    invitations=False,
    state=None,
    details=False,
):
    """Every member state with its institutions and current focal points, in three queries
    (four with the open invitations), whatever the number of states. `details` loads the full
    records (phones, institutions of the people) for a state's own page."""
    states = MemberState.objects.order_by("name_en").defer("search_text")
    if state is not None:
        states = states.filter(pk=state.pk)
    if group:
        states = states.filter(oic_group=group)
    folded = fold(q)
    if folded:
        states = states.filter(search_text__contains=folded)
    institutions = Institution.objects.order_by("name_en")
    people = FocalPoint.objects.filter(status__in=CURRENT_STATUSES).order_by("role", "family_name")
    if details:
        people = people.select_related("institution", "verified_by")
    else:
        institutions = institutions.defer("phone", "address")
        people = people.only(*LIST_FIELDS)
    states = states.prefetch_related(
        Prefetch("institutions", queryset=institutions),
        Prefetch("focal_points", queryset=people, to_attr="current_focal_points"),
    )
    if invitations:
        states = states.annotate(
            open_invitation_count=models.Count(
                "invitations",
                filter=models.Q(
                    invitations__accepted_at__isnull=True,
                    invitations__revoked_at__isnull=True,
                    invitations__expires_at__gt=timezone.now(),
                ),
            )
        )
    now = timezone.now()
    rows = []
    for state in states:
        state_status, stale = nomination_status(state.current_focal_points, now)
        row = StateRow(
            state=state,
            institutions=list(state.institutions.all()),
            focal_points=state.current_focal_points,
            status=state_status,
            stale=stale,
            open_invitations=getattr(state, "open_invitation_count", 0),
        )
        if status == DirectoryStatus.STALE:
            if not stale:
                continue
        elif status == DirectoryStatus.PENDING:
            # Every state with a nomination to verify, also one whose primary is active.
            if not row.pending:
                continue
        elif status and row.status != status:
            continue
        rows.append(row)
    return rows


def directory_rows_for_state(state) -> StateRow:
    return directory_rows(state=state, invitations=True, details=True)[0]


def status_counts(rows) -> dict[str, int]:
    """States per status. "Pending verification" and "not confirmed" count every state with
    such a nomination or person, so they overlap the others (as the directory's filters do)."""
    counts = dict.fromkeys(DirectoryStatus.values, 0)
    for row in rows:
        if row.status != DirectoryStatus.PENDING:
            counts[row.status] += 1
        if row.pending:
            counts[DirectoryStatus.PENDING] += 1
        if row.stale:
            counts[DirectoryStatus.STALE] += 1
    return counts


def active_focal_points():
    """The network directory: every active focal point, with state and institution."""
    return (
        FocalPoint.objects.filter(status=FocalPoint.Status.ACTIVE)
        .select_related("member_state", "institution")
        # The pk last: a stable order for the directory's pages.
        .order_by("member_state__name_en", "role", "family_name", "pk")
    )


def past_focal_points(state):
    """The state's former focal points, most recent first: superseded or withdrawn."""
    return (
        FocalPoint.objects.filter(
            member_state=state,
            status__in=[FocalPoint.Status.SUPERSEDED, FocalPoint.Status.WITHDRAWN],
        )
        .select_related("institution")
        .order_by("-effective_to", "-pk")
    )


def state_invitations(state):
    return (
        Invitation.objects.filter(member_state=state)
        .select_related("invited_by", "accepted_by")
        .order_by("-created_at")
    )


def focal_points_due_for_confirmation(now=None):
    """Active focal points whose details were not confirmed for twelve months (the rule of
    FocalPoint.details_stale): the yearly "confirm your details" campaign writes to them."""
    return (
        FocalPoint.objects.filter(details_stale_condition(now))
        .select_related("member_state", "institution", "user")
        .order_by("member_state__name_en", "role")
    )


# --- A nomination's own page ----------------------------------------------------------------


@dataclasses.dataclass
class TimelineStep:
    key: str
    label: str
    date: object  # a date or datetime, None while the step is ahead
    done: bool


def pending_nomination_for(user, state):
    """The user's own pending nomination for `state`, if any (a nominee before verification)."""
    if not user.is_authenticated:
        return None
    return (
        FocalPoint.objects.filter(
            user=user, member_state=state, status__in=[FocalPoint.Status.SUBMITTED, "verified"]
        )
        .only("pk")
        .first()
    )


def nomination_timeline(focal_point) -> list[TimelineStep]:
    """invited → details submitted → letter received → verified → active, with their dates."""
    invitation = focal_point.invitations.order_by("created_at").only("created_at").first()
    submitted = None
    if focal_point.user_id:
        first_own = (
            focal_point.history.filter(history_user_id=focal_point.user_id, history_type="~")
            .order_by("history_date")
            .values_list("history_date", flat=True)
            .first()
        )
        submitted = first_own
    in_office = focal_point.status in (
        FocalPoint.Status.ACTIVE,
        FocalPoint.Status.SUPERSEDED,
        FocalPoint.Status.WITHDRAWN,
    )
    active_from = focal_point.effective_from if focal_point.verified_at and in_office else None
    steps = [
        ("invited", _("Invited"), invitation.created_at if invitation else None),
        ("details", _("Details submitted"), submitted),
        ("letter", _("Nomination letter received"), focal_point.nomination_recorded_at),
        ("verified", _("Verified by the secretariat"), focal_point.verified_at),
        ("active", _("Active focal point"), active_from),
    ]
    return [TimelineStep(key, str(label), date, date is not None) for key, label, date in steps]


def nomination_needs(focal_point, timeline) -> list[str]:
    """What the secretariat still needs before the nomination is active."""
    if focal_point.status not in (FocalPoint.Status.SUBMITTED, FocalPoint.Status.VERIFIED):
        return []
    done = {step.key for step in timeline if step.done}
    needs = []
    if focal_point.corrections_pending:
        needs.append(str(_("Corrections to the contact details, as the secretariat asked.")))
    elif "details" not in done and focal_point.user_id:
        needs.append(str(_("The contact details, completed and saved by the nominee.")))
    if not focal_point.nomination_recorded:
        needs.append(
            str(
                _(
                    "The official nomination letter from the ministry, the permanent mission "
                    "to the OIC or the head of the public employment service, sent to the "
                    "secretariat."
                )
            )
        )
    needs.append(str(_("The secretariat's verification of the nomination.")))
    return needs
