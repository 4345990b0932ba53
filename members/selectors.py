from .models import FocalPoint, MemberState


def member_state_for_user(user) -> MemberState | None:
    """The member state whose active focal point this account is, if any."""
    focal_point = (
        FocalPoint.objects.filter(user=user, status=FocalPoint.Status.ACTIVE)
        .select_related("member_state")
        .only("member_state")
        .first()
    )
    return focal_point.member_state if focal_point else None
