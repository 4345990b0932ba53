from allauth.account.signals import user_signed_up
from django.dispatch import receiver


@receiver(user_signed_up)
def _accept_staff_invitation_on_sign_up(sender, request, user, **kwargs):
    """The account was opened through a staff invitation link: join and take the role, once."""
    from django.contrib import messages

    from .services import (
        INVITATION_SESSION_KEY,
        accept_staff_invitation,
        invitation_for_token,
        welcome_message,
    )

    if request is None:
        return
    token = request.session.pop(INVITATION_SESSION_KEY, None)
    invitation = invitation_for_token(token)
    if invitation is not None and invitation.is_open:
        accept_staff_invitation(invitation, user)
        messages.info(request, welcome_message(invitation, user))


def _focal_point_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from .services import follow_focal_point

        follow_focal_point(instance)


def connect():
    from django.db.models.signals import post_save

    from members.models import FocalPoint

    post_save.connect(_focal_point_saved, sender=FocalPoint, dispatch_uid="governance-fp-user")
