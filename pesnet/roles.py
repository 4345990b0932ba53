"""The portal's roles and the one place that answers "may this user do this?".

Roles (DESIGN.md): anonymous, focal point of a member state, chair, secretariat. The secretariat
and the chair are Django groups; a focal point is a person whose active FocalPoint record links
their account to a member state.

Each app registers its rules with `@rule("app.action")`; views, templates, the menu and admin
actions ask `can(user, "app.action", obj)`. Services do not check roles: the caller does, once,
and passes the actor as `by=` for the record.

Views apply the portal's one rule for a refusal through `authorize()` (or `@allowed` when the
view has no object): outside the role, 404 for another state's objects and for objects the user
may not even know of; 403 for a forbidden action on something the user may see; never data.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

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


# Who a user acts for is the members app's knowledge; it registers the lookup in its
# AppConfig.ready so that the core never imports it.
_member_state_lookup: Callable | None = None


def register_member_state_lookup(lookup: Callable) -> None:
    global _member_state_lookup
    _member_state_lookup = lookup


def member_state_of(user):
    """The member state this user is an active focal point of, or None."""
    if not user.is_authenticated or _member_state_lookup is None:
        return None
    if not hasattr(user, "_pesnet_member_state"):
        user._pesnet_member_state = _member_state_lookup(user)
    return user._pesnet_member_state


def state_id_of(obj):
    """The id of the member state an object belongs to, or None when it belongs to none.

    Objects of a state carry `member_state_id`; a member state is its own (it says so with
    `is_member_state = True`)."""
    if obj is None:
        return None
    if getattr(obj, "is_member_state", False):
        return obj.pk
    return getattr(obj, "member_state_id", None)


def is_own_state(user, obj) -> bool:
    mine = member_state_of(user)
    return mine is not None and state_id_of(obj) is not None and mine.pk == state_id_of(obj)


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


def deny(user, obj=None, *, visible: bool = False):
    """Refuse the way the portal does: 404 for another state's object, 403 when the user may
    see the object (`visible`, or it is their own state's) but not do this, else 404."""
    own = state_id_of(obj)
    mine = member_state_of(user)
    if mine is not None and own is not None and mine.pk != own:
        raise Http404
    if visible or is_own_state(user, obj):
        raise PermissionDenied
    raise Http404


def authorize(user, action: str, obj=None, *, visible: bool = False):
    """The views' one permission check: returns `obj` when the user may, else refuses (deny).

    `visible=True` says the user may know the object exists (a secretariat action on a public
    object, a page the user reached from a menu they see): the refusal is then 403."""
    if not can(user, action, obj):
        deny(user, obj, visible=visible)
    return obj


def allowed(action: str, *, visible: bool = True):
    """Decorator for views without an object: sign-in first, then the rule (403 by default,
    since the action itself is public knowledge; `visible=False` hides it with 404)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            authorize(request.user, action, visible=visible)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


@rule("portal.use_admin")
def _use_admin(user, obj=None):
    return is_secretariat(user) and user.is_staff
