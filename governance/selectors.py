"""Queries of the governance pages."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch

from members.models import ChairTerm, FocalPoint, Organisation

from .models import AccountChange, StaffInvitation

User = get_user_model()


def accounts():
    """Every account with its roles, affiliation, last sign-in and two-factor state."""
    return (
        User.objects.select_related("affiliation__organisation")
        .prefetch_related(
            "groups",
            Prefetch(
                "focal_points",
                queryset=FocalPoint.objects.filter(
                    status__in=[
                        FocalPoint.Status.ACTIVE,
                        FocalPoint.Status.VERIFIED,
                        FocalPoint.Status.SUBMITTED,
                    ]
                ).select_related("member_state"),
                to_attr="current_nominations",
            ),
        )
        .annotate(
            has_two_factor=Exists(
                Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
            )
        )
        .order_by("-is_active", "last_name", "email")
    )


def open_staff_invitations():
    return StaffInvitation.objects.open().select_related("organisation", "invited_by")


def account_changes():
    return AccountChange.objects.select_related("by", "account")


def chair_terms():
    return ChairTerm.objects.select_related("organisation", "member_state").order_by("-start")


def partners():
    return Organisation.objects.filter(kind=Organisation.Kind.PARTNER).select_related(
        "partner_profile"
    )


def secretariat_organisation():
    return Organisation.objects.filter(kind=Organisation.Kind.SECRETARIAT).first()


def _took_part(registrations):
    """Attended, or registered for a meeting that has not ended."""
    from django.db.models import Q
    from django.utils import timezone

    from meetings.models import Registration

    return registrations.filter(
        Q(status=Registration.Status.ATTENDED)
        | Q(status=Registration.Status.REGISTERED, meeting__end__gte=timezone.now())
    )


def partner_page(organisation) -> dict:
    from django.db.models import Q

    from communiques.models import FollowUp
    from meetings.models import Meeting, Registration
    from workplan.models import Activity

    activities = (
        Activity.objects.filter(Q(partners=organisation) | Q(lead_organisation=organisation))
        .select_related("plan")
        .distinct()
        .order_by("-plan__start_year", "code")
    )
    follow_ups = (
        FollowUp.objects.filter(partner=organisation, paragraph__communique__status="published")
        .select_related("paragraph__communique__meeting")
        .order_by("due_date", "pk")
    )
    meeting_ids = _took_part(
        Registration.objects.filter(user__affiliation__organisation=organisation)
    ).values("meeting_id")
    meetings = Meeting.objects.filter(pk__in=meeting_ids).order_by("-start")
    return {
        "activities": list(activities),
        "follow_ups": list(follow_ups),
        "meetings": list(meetings),
        "cooperations": list(organisation.cooperations.all()),
    }


def state_page(state) -> dict:
    """What a member state's public page shows; never personal data."""
    from django.db.models import Q

    from meetings.models import Meeting, Registration
    from workplan.models import Activity

    activities = (
        Activity.objects.filter(
            Q(lead_member_state=state)
            | Q(lead_organisation__member_state=state)
            | Q(beneficiaries=state)
        )
        .select_related("plan", "lead_member_state", "lead_organisation")
        .distinct()
        .order_by("-plan__start_year", "code")
    )
    meeting_ids = _took_part(Registration.objects.filter(member_state=state)).values("meeting_id")
    current = FocalPoint.objects.filter(member_state=state, status=FocalPoint.Status.ACTIVE)
    return {
        "institutions": list(state.institutions.all()),
        "nominated_roles": sorted(set(current.values_list("role", flat=True))),
        "activities": list(activities),
        "meetings": list(Meeting.objects.filter(pk__in=meeting_ids).order_by("-start")),
    }
