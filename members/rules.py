"""Who may see and do what in the members directory (DESIGN.md, "Roles").

Objects are member states, focal points and invitations. A rule answers yes or no; the views
turn a "no" into 404 when the object belongs to another state (nothing about it is revealed)
and into 403 when the user may see the object but not do the action (pesnet.roles.authorize).
"""

from pesnet.roles import is_network_member, is_own_state, is_secretariat, rule


@rule("members.view_directory")
def _view_directory(user, obj=None):
    return is_network_member(user)


@rule("members.manage")
def _manage(user, obj=None):
    """Secretariat work: invite, record and verify nominations, letters, exports, import."""
    return is_secretariat(user)


@rule("members.view_state")
def _view_state(user, state):
    """A state's page with its non-shared details: phones, letters, history, invitations."""
    return is_secretariat(user) or is_own_state(user, state)


def _is_person(user, focal_point) -> bool:
    return focal_point.user_id is not None and focal_point.user_id == user.pk


@rule("members.view_nomination")
def _view_nomination(user, focal_point):
    """A nomination's own page: the nominee (from the day they accept the invitation, before
    any verification), the focal points of the same state and the secretariat."""
    return is_secretariat(user) or _is_person(user, focal_point) or is_own_state(user, focal_point)


@rule("members.edit_focal_point")
def _edit_focal_point(user, focal_point):
    """The secretariat, or the person themselves while the nomination is current: a nominee
    completes and corrects their details at once, before the secretariat verifies."""
    if is_secretariat(user):
        return True
    return _is_person(user, focal_point) and focal_point.is_current


@rule("members.confirm_details")
def _confirm_details(user, focal_point):
    return is_secretariat(user) or (
        _is_person(user, focal_point) and focal_point.status == focal_point.Status.ACTIVE
    )


@rule("members.propose_alternate")
def _propose_alternate(user, state):
    return is_secretariat(user) or is_own_state(user, state)


@rule("members.see_phones")
def _see_phones(user, focal_point):
    """Phones of another state's focal point only when the secretariat marked them shareable."""
    return is_secretariat(user) or is_own_state(user, focal_point) or focal_point.phones_shared
