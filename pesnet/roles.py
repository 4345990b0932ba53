"""The portal's roles and the one place that answers "may this user do this?".

Roles (DESIGN.md): anonymous, focal point of a member state, chair, secretariat. The secretariat
and the chair are Django groups; a focal point is a person whose active FocalPoint record links
their account to a member state.

Each app registers its rules with `@rule("app.action")`; views, templates, admin actions and
tasks all ask `can(user, "app.action", obj)`.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

SECRETARIAT = "secretariat"
CHAIR = "chair"
ROLE_GROUPS = (SECRETARIAT, CHAIR)

_RULES: dict[str, Callable] = {}


def rule(action: str):
    def register(predicate):
        if action in _RULES:
            raise ValueError(f"Rule {action!r} is registered twice.")
        _RULES[action] = predicate
        return predicate

    return register


def _groups(user) -> frozenset:
    """The user's role groups, read once per request object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_pesnet_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._pesnet_groups = cached
    return cached


def has_totp(user) -> bool:
    """Whether the user has set up a TOTP authenticator, read once per request object."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_pesnet_has_totp", None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._pesnet_has_totp = cached
    return cached


def is_secretariat(user) -> bool:
    return user.is_authenticated and (user.is_superuser or SECRETARIAT in _groups(user))


def is_chair(user) -> bool:
    return CHAIR in _groups(user)


def member_state_of(user):
    """The member state this user is an active focal point of, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_pesnet_member_state"):
        from members.selectors import member_state_for_user

        user._pesnet_member_state = member_state_for_user(user)
    return user._pesnet_member_state


def is_focal_point(user) -> bool:
    return member_state_of(user) is not None


def is_network_member(user) -> bool:
    """Anyone who may see the network directory: focal points, the chair, the secretariat."""
    return is_secretariat(user) or is_chair(user) or is_focal_point(user)


def can(user, action: str, obj=None) -> bool:
    try:
        predicate = _RULES[action]
    except KeyError:
        raise LookupError(f"No rule named {action!r}.") from None
    return bool(predicate(user, obj))


def require(user, action: str, obj=None) -> None:
    """Raise 403 unless the user may do this."""
    if not can(user, action, obj):
        raise PermissionDenied


@rule("portal.view_directory")
def _view_directory(user, obj=None):
    return is_network_member(user)


@rule("portal.use_admin")
def _use_admin(user, obj=None):
    return is_secretariat(user) and user.is_staff
