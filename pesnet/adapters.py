from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation only.

    An invitation (members app) puts its token in the session when it is opened; only then is
    the sign-up form open, and only for the invited address.
    """

    INVITATION_SESSION_KEY = "pesnet_invitation"

    def is_open_for_signup(self, request):
        return bool(request.session.get(self.INVITATION_SESSION_KEY))

    def get_from_email(self):
        from django.conf import settings

        return settings.DEFAULT_FROM_EMAIL
