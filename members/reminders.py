"""What the members app sends through the outbox (discovered by outbox.apps): invitations,
and the reminders the secretariat sends about the directory of member states.

- "nomination": every member state without an active primary focal point, once per period
  (default: the 1st of each month), to its known contact; the tone escalates after three
  reminders; a digest to each member of the secretariat lists the states still missing.
- "confirm_details": focal points whose details were not confirmed for twelve months.

Who receives a nomination reminder, in which language:
1. the state's PES institution, at its institutional e-mail (the first institution that has one);
   in Arabic for the states of the Arab group, in French for the francophone states of the
   African group, otherwise in English (an institution has no preferred language of its own);
2. otherwise its active alternate focal point, or its most recent former focal point, in that
   person's preferred language;
3. otherwise nobody: the state appears in the secretariat's digest as "no known contact".
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Case, F, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from outbox.api import (
    MONTHLY_ON_THE_FIRST,
    MessageSpec,
    message_kind,
    month_start,
    portal_url,
    reminder_kind,
    sent_counts_about,
)
from pesnet.roles import SECRETARIAT

from .models import FocalPoint, Institution, MemberState, OICGroup
from .selectors import focal_points_due_for_confirmation

INVITATION = message_kind(
    "invitation",
    _("Invitation"),
    "Invites a person to open an account as primary or alternate focal point of a member state.",
)
CORRECTIONS = message_kind(
    "corrections",
    _("Corrections to a nomination"),
    "The secretariat asks a nominee to correct the contact details they submitted.",
)
NOMINATION = "nomination"
CONFIRM_DETAILS = "confirm_details"

# Members of the African group whose official language is French (the Arab group writes in
# Arabic whatever its second language).
FRANCOPHONE_STATES = frozenset(
    {"BEN", "BFA", "CMR", "TCD", "CIV", "GAB", "GIN", "MLI", "NER", "SEN", "TGO"}
)
# Reminders after which the tone of the nomination reminder becomes insistent.
ESCALATE_AFTER = 3


def due_at(today: datetime.date) -> datetime.datetime:
    """Now, or the start of `today` when planning ahead (the demo plans next month's run)."""
    start = datetime.datetime.combine(today, datetime.time(), tzinfo=datetime.UTC)
    return max(timezone.now(), start)


def institution_language(state: MemberState) -> str:
    if state.oic_group == OICGroup.ARAB:
        return "ar"
    if state.iso3 in FRANCOPHONE_STATES:
        return "fr"
    return "en"


def _translated(obj, field: str, language: str) -> str:
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_en", "") or ""


def _person_name(focal_point: FocalPoint, language: str) -> str:
    with translation.override(language):
        honorific = focal_point.get_honorific_display() if focal_point.honorific else ""
    return f"{honorific} {focal_point.full_name}".strip()


def states_without_primary_focal_point():
    active = FocalPoint.objects.filter(
        role=FocalPoint.Role.PRIMARY, status=FocalPoint.Status.ACTIVE
    ).values("member_state")
    return MemberState.objects.exclude(pk__in=active).order_by("name_en")


def nomination_contacts(states) -> dict[int, dict]:
    """{state id: {"email", "name", "language", "via"}} for the states that have a contact."""
    state_ids = [state.pk for state in states]
    by_id = {state.pk: state for state in states}
    contacts: dict[int, dict] = {}
    for institution in (
        Institution.objects.filter(member_state__in=state_ids)
        .exclude(email="")
        .order_by("member_state", "pk")
    ):
        if institution.member_state_id in contacts:
            continue
        language = institution_language(by_id[institution.member_state_id])
        contacts[institution.member_state_id] = {
            "email": institution.email,
            "name": _translated(institution, "name", language),
            "language": language,
            "via": "institution",
        }
    people = FocalPoint.objects.filter(member_state__in=state_ids).exclude(
        status__in=[FocalPoint.Status.SUBMITTED, FocalPoint.Status.VERIFIED]
    )
    # Active alternates first, then the most recent former focal points.
    for person in people.order_by(
        "member_state",
        Case(When(status=FocalPoint.Status.ACTIVE, then=0), default=1),
        F("effective_to").desc(nulls_last=True),
        "-created_at",
    ):
        if person.member_state_id in contacts:
            continue
        contacts[person.member_state_id] = {
            "email": person.email,
            "name": _person_name(person, person.preferred_language),
            "language": person.preferred_language,
            "via": "focal_point",
        }
    return contacts


@reminder_kind(
    NOMINATION,
    label=_("Nomination reminder"),
    description=(
        "On the 1st of each month (06:00 UTC): reminds every member state without an active "
        "primary focal point to nominate one, at its institution's e-mail or its last focal "
        "point, more insistently after three reminders; sends the secretariat the list of "
        "the states still missing. Change the day in the crontab to change the cadence."
    ),
    schedule=MONTHLY_ON_THE_FIRST,
)
def plan_nomination_reminders(today: datetime.date):
    period = month_start(today)
    states = list(states_without_primary_focal_point())
    if not states:
        return
    total = MemberState.objects.count()
    contacts = nomination_contacts(states)
    previous = sent_counts_about(
        NOMINATION,
        states,
        before=datetime.datetime.combine(period, datetime.time(), tzinfo=datetime.UTC),
    )
    due = due_at(today)
    rows = []
    for state in states:
        contact = contacts.get(state.pk)
        number = previous.get(str(state.pk), 0) + 1
        rows.append({"state": state, "contact": contact, "number": number})
        if contact is None:
            continue
        language = contact["language"]
        escalated = number > ESCALATE_AFTER
        yield MessageSpec(
            to=contact["email"],
            language=language,
            template="members/email/nomination_reminder" + ("_escalated" if escalated else ""),
            context={
                "state": state,
                "reminder_number": number,
                "previous_reminders": number - 1,
                "nominated_count": total - len(states),
                "total_states": total,
                "period": period,
            },
            dedup_key=f"nomination:{state.iso3}:{period:%Y-%m}",
            due_at=due,
            related=state,
            recipient_name=contact["name"],
            action_url=portal_url("members:public_list", language=language),
        )
    for person in (
        get_user_model()
        .objects.filter(groups__name=SECRETARIAT, is_active=True)
        .order_by("pk")
        .distinct()
    ):
        language = person.preferred_language
        yield MessageSpec(
            to=person.email,
            language=language,
            template="members/email/nomination_digest",
            context={
                "rows": rows,
                "period": period,
                "missing_count": len(states),
                "without_contact": sum(1 for row in rows if row["contact"] is None),
                "total_states": total,
            },
            dedup_key=f"nomination-digest:{period:%Y-%m}:{person.pk}",
            due_at=due,
            user=person,
            recipient_name=person.get_full_name(),
            action_url=portal_url("outbox:list", language=language) + "?kind=nomination",
        )


@reminder_kind(
    CONFIRM_DETAILS,
    label=_("“Confirm your details” reminder"),
    description=(
        "On the 1st of each month (06:15 UTC): asks each active focal point whose details "
        "were not confirmed for twelve months to confirm or correct them on the portal."
    ),
    schedule={"minute": "15", "hour": "6", "day_of_month": "1"},
)
def plan_confirm_details_reminders(today: datetime.date):
    period = month_start(today)
    due = due_at(today)
    for person in focal_points_due_for_confirmation():
        language = person.preferred_language
        yield MessageSpec(
            to=person.email,
            language=language,
            template="members/email/confirm_details",
            context={
                "focal_point": person,
                "state": person.member_state,
                "institution_name": (
                    _translated(person.institution, "name", language) if person.institution else ""
                ),
                "confirmed_at": person.details_confirmed_at,
            },
            dedup_key=f"confirm-details:{person.pk}:{period:%Y-%m}",
            due_at=due,
            user=person.user,
            related=person,
            recipient_name=_person_name(person, language),
            # The state's page carries the focal point's "my details are still correct" button.
            action_url=portal_url(
                "members:state_detail", iso3=person.member_state.iso3, language=language
            ),
        )
