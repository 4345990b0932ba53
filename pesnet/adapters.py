from collections.abc import Callable

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext_lazy as _

# The invitation behind a token is the members app's knowledge: it registers the lookup in its
# AppConfig.ready (token -> an invitation with `is_open` and `email`, or None), so that the core
# never imports it. Without one, no invitation is valid.
_invitation_lookup: Callable | None = None


def register_invitation_lookup(lookup: Callable) -> None:
    global _invitation_lookup
    _invitation_lookup = lookup


def invitation_for_token(token):
    return _invitation_lookup(token) if _invitation_lookup is not None else None


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation only.

    An invitation (members app) puts its token in the session when it is opened; only then is
    the sign-up form open, and only for the invited address.
    """

    INVITATION_SESSION_KEY = "pesnet_invitation"

    def is_open_for_signup(self, request):
        return bool(request.session.get(self.INVITATION_SESSION_KEY))

    def clean_email(self, email):
        email = super().clean_email(email)
        from allauth.core import context

        request = self.request or context.request
        invited = request.session.get(self.INVITATION_SESSION_KEY) if request else None
        if invited:
            invitation = invitation_for_token(invited)
            if invitation is None or not invitation.is_open:
                raise forms.ValidationError(_("This invitation link is no longer valid."))
            if email.lower() != invitation.email.lower():
                raise forms.ValidationError(
                    _("Use the e-mail address the invitation was sent to: %(email)s")
                    % {"email": invitation.email}
                )
        return email

    def get_from_email(self):
        from django.conf import settings

        return settings.DEFAULT_FROM_EMAIL
