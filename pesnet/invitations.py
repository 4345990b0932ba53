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
