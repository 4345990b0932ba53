"""Keep the search column in step with every way a name changes (forms, admin, import), and
link an invitee's new account. (Which writes make cached pages stale: members/cache.py.)"""

from allauth.account.signals import user_signed_up
from django.contrib import messages
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from .models import FocalPoint, Institution, MemberState
from .search import refresh_search_text


@receiver(post_save, sender=MemberState)
def _state_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_text(instance.pk)


@receiver([post_save, post_delete], sender=Institution)
@receiver([post_save, post_delete], sender=FocalPoint)
def _member_data_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_text(instance.member_state_id)


@receiver(user_signed_up)
def _accept_invitation_on_sign_up(sender, request, user, **kwargs):
    """The account was opened through an invitation link: link it to the nomination, once."""
    from pesnet.adapters import AccountAdapter

    from .services import accept_invitation, invitation_for_token

    token = request.session.pop(AccountAdapter.INVITATION_SESSION_KEY, None)
    invitation = invitation_for_token(token)
    if invitation is not None and invitation.is_open:
        focal_point = accept_invitation(invitation, by=user)
        if focal_point.status != focal_point.Status.ACTIVE:
            messages.info(
                request,
                _(
                    "Welcome. Complete your contact details on your nomination's page now; the "
                    "secretariat verifies the nomination once the official letter is received."
                ),
            )
