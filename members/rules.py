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


@rule("members.edit_focal_point")
def _edit_focal_point(user, focal_point):
    if is_secretariat(user):
        return True
    return (
        focal_point.user_id is not None
        and focal_point.user_id == user.pk
        and focal_point.status == focal_point.Status.ACTIVE
    )


@rule("members.confirm_details")
def _confirm_details(user, focal_point):
    return _edit_focal_point(user, focal_point)


@rule("members.propose_alternate")
def _propose_alternate(user, state):
    return is_secretariat(user) or is_own_state(user, state)


@rule("members.see_phones")
def _see_phones(user, focal_point):
    """Phones of another state's focal point only when the secretariat marked them shareable."""
    return is_secretariat(user) or is_own_state(user, focal_point) or focal_point.phones_shared
