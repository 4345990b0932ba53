"""Who is signed in, read from the cache rather than from PostgreSQL on every request.

A signed-in page needs the user row and the user's role data: role groups, whether a TOTP
authenticator is set up (RequireMFAMiddleware), and the member state they are an active focal
point of (pesnet.roles). Read from the database, that is four queries on every request, more
than the rest of a cached directory page. The authentication backends below keep the user,
with that role data attached, in the cache under the `auth:users` generation, which every
change to users, groups, authenticators (`watch_users`), focal points and member states (the
members app's cache.py) bumps, through the registry of pesnet.cache.

While Redis is down the cache is per process and a change would not reach the other
processes, so the backends then read from the database as Django does.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .cache import Generation, is_shared, lookup, store, watch

USERS = Generation("auth:users")
# A safety net only: every change that matters bumps the generation.
TIMEOUT = 300


def prime(user) -> None:
    """Read the user's role data now, so it travels with the cached user."""
    from . import roles

    roles._groups(user)
    roles.has_totp(user)
    roles.member_state_of(user)


class CachedUserMixin:
    def get_user(self, user_id):
        if not is_shared():
            return super().get_user(user_id)
        key = f"auth:user:{user_id}"
        user, stamps = lookup(key, [USERS])
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            prime(user)
            store(key, stamps, user, TIMEOUT)
        return user


class ModelBackend(CachedUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(CachedUserMixin, AllauthBackend):
    pass


def watch_users() -> None:
    """Users, their groups and authenticators move USERS (members/cache.py adds focal points
    and member states: pesnet does not import members)."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    watch(User, Group, Authenticator, User.groups.through, moves=[USERS])
