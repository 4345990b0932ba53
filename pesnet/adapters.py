from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation only.

    An invitation (members app) puts its token in the session when it is opened; only then is
    the sign-up form open, and only for the invited address.
    """

    INVITATION_SESSION_KEY = "pesnet_invitation"

    def is_open_for_signup(self, request):
        from .invitations import pending

        return bool(request.session.get(self.INVITATION_SESSION_KEY) or pending(request)[0])

    def clean_email(self, email):
        email = super().clean_email(email)
        from allauth.core import context

        request = self.request or context.request
        invited = request.session.get(self.INVITATION_SESSION_KEY) if request else None
        if invited:
            from members.services import invitation_for_token

            invitation = invitation_for_token(invited)
            if invitation is None or not invitation.is_open:
                raise forms.ValidationError(_("This invitation link is no longer valid."))
            if email.lower() != invitation.email.lower():
                raise forms.ValidationError(
                    _("Use the e-mail address the invitation was sent to: %(email)s")
                    % {"email": invitation.email}
                )
        elif request is not None:
            # Another app's invitation (pesnet.invitations), e.g. a staff invitation.
            from .invitations import pending

            key, invitation = pending(request)
            if key and (invitation is None or not invitation.is_open):
                raise forms.ValidationError(_("This invitation link is no longer valid."))
            if key and email.lower() != invitation.email.lower():
                raise forms.ValidationError(
                    _("Use the e-mail address the invitation was sent to: %(email)s")
                    % {"email": invitation.email}
                )
        return email

    def get_from_email(self):
        from django.conf import settings

        return settings.DEFAULT_FROM_EMAIL
