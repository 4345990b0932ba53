"""Who is signed in, read from the cache rather than from PostgreSQL on every request.

A signed-in page needs the user row and the user's role data: role groups, whether a TOTP
authenticator is set up (RequireMFAMiddleware), and the member state they are an active focal
point of (pesnet.roles). Read from the database, that is four queries on every request, more
than the rest of a cached directory page. The authentication backends below keep the user,
with that role data attached, in the cache under the `auth:users` generation, which every
change to users, groups, authenticators, focal points and member states bumps.

While Redis is down the cache is per process and a change would not reach the other
processes, so the backends then read from the database as Django does.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .cache import Generation, is_shared, lookup, store

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


def forget_users(*args, raw=False, **kwargs) -> None:
    """Signal receiver: something a cached user carries may have changed."""
    if not raw:
        USERS.bump()


def cached_users_depend_on(*models) -> None:
    """A change to any of `models` may change what a cached user carries.

    The core knows users, groups and authenticators; an app whose records say who a user acts
    for (the members app: focal points, member states) adds its models from its
    AppConfig.ready, so that the core never imports it.
    """
    from django.db.models.signals import post_delete, post_save

    for model in models:
        label = model._meta.label
        post_save.connect(forget_users, sender=model, dispatch_uid=f"auth-users-{label}")
        post_delete.connect(forget_users, sender=model, dispatch_uid=f"auth-users-del-{label}")


def connect_signals() -> None:
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed

    User = get_user_model()
    cached_users_depend_on(User, Group, Authenticator)
    m2m_changed.connect(forget_users, sender=User.groups.through, dispatch_uid="auth-users-groups")
