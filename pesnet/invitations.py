"""The invitations that open the sign-up form, whichever app issued them.

Sign-up is by invitation only (pesnet.adapters). The members app invites focal points; a
portal-wide app may invite staff. Each registers here, in its AppConfig.ready, the session key
its invitation link sets and a lookup from the token to the invitation (an object with `email`
and `is_open`), so that the core never imports them.
"""

from collections.abc import Callable

_LOOKUPS: dict[str, Callable] = {}


def register(session_key: str, lookup: Callable) -> None:
    _LOOKUPS[session_key] = lookup


def pending(request):
    """(session key, invitation or None) of the invitation link opened in this session."""
    if request is None:
        return None, None
    for key, lookup in _LOOKUPS.items():
        token = request.session.get(key)
        if token:
            return key, lookup(token)
    return None, None


def follow_link(request, invitation, token: str, *, session_key: str, accept):
    """What opening an invitation link does, for every kind of invitation: an unknown link is
    404 and a used, revoked or expired one 410; signed in as the invited address, `accept()`
    (the app's own acceptance, returning the response); signed in as someone else, 403; an
    account with that address exists, sign in first; otherwise sign-up for that address only."""
    from allauth.account.adapter import get_adapter
    from django.shortcuts import redirect, render
    from django.urls import reverse

    from .models import User

    if invitation is None or not invitation.is_open:
        return render(
            request,
            "invitation_invalid.html",
            {"invitation": invitation},
            status=404 if invitation is None else 410,
        )
    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            return render(
                request,
                "invitation_invalid.html",
                {"invitation": invitation, "other_account": True},
                status=403,
            )
        return accept()
    if User.objects.filter(email__iexact=invitation.email).exists():
        return redirect(f"{reverse('account_login')}?next={request.path}")
    request.session[session_key] = token
    # The link reached the invited mailbox: allauth marks that address verified at sign-up.
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect("account_signup")
