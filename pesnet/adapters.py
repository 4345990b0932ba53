from collections.abc import Callable

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import AddEmailForm
from django import forms
from django.conf import settings
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


def site_link(url: str) -> str:
    """`url` (absolute or a path) on the portal's public address, SITE_URL: a link in a mail
    never follows the Host header of the request that caused the mail."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    path += f"#{parts.fragment}" if parts.fragment else ""
    return settings.SITE_URL + path


class _Site:
    """What allauth's mail templates call `current_site`, from SITE_URL."""

    def __init__(self):
        from urllib.parse import urlsplit

        self.domain = urlsplit(settings.SITE_URL).netloc
        self.name = "OIC-PESNET"

    def __str__(self):
        return self.domain


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation only.

    An invitation (members app) puts its token in the session when it is opened; only then is
    the sign-up form open, and only for the invited address. The invitation's address wins
    over an unverified claim on it by another account (see `clean_email`).
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
            invitation = invitation_for_token(invited)
            if invitation is None or not invitation.is_open:
                raise forms.ValidationError(_("This invitation link is no longer valid."))
            if email.lower() != invitation.email.lower():
                raise forms.ValidationError(
                    _("Use the e-mail address the invitation was sent to: %(email)s")
                    % {"email": invitation.email}
                )
            self._release_unverified_claims(email)
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
            if key:
                self._release_unverified_claims(email)
        return email

    @staticmethod
    def _release_unverified_claims(email):
        """The invitation's link reached this mailbox: an unverified address on another
        account (added on allauth's e-mail page, say by the outgoing focal point) proves
        nothing and must not make allauth's enumeration protection treat the address as
        taken, which would end the invitee's sign-up at "verify your e-mail" with no account.
        An account whose own address it is keeps it."""
        from allauth.account.models import EmailAddress

        EmailAddress.objects.filter(email__iexact=email, verified=False).exclude(
            user__email__iexact=email
        ).delete()

    def get_from_email(self):
        return settings.DEFAULT_FROM_EMAIL

    # Every link in a mail is built from SITE_URL, not from the request's Host.
    def get_reset_password_from_key_url(self, key):
        return site_link(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return site_link(super().get_email_confirmation_url(request, emailconfirmation))

    def send_mail(self, template_prefix, email, context):
        context = {
            **context,
            **{
                name: site_link(value)
                for name, value in context.items()
                if name.endswith("_url") and isinstance(value, str)
            },
            "current_site": _Site(),
        }
        return super().send_mail(template_prefix, email, context)


class NoAddEmailForm(AddEmailForm):
    """allauth's e-mail page adds no address: a focal point's address is part of the verified
    record (the directory, the invitations, the nominations), changed through the portal's own
    details form and the secretariat, and an unverified extra address on one account could
    block another person's sign-up."""

    def clean_email(self):
        raise forms.ValidationError(
            _(
                "E-mail addresses are not added here. To change your address, edit your "
                "contact details or ask the secretariat."
            )
        )
