"""Who may do what with communiqués and the Rules of Procedure (registered with pesnet.roles)."""

from pesnet.roles import is_chair, is_focal_point, is_network_member, is_secretariat, rule


@rule("communiques.edit")
def _edit(user, communique=None):
    """Import, edit, reorder, run the workflow, manage follow-up and the Rules of Procedure."""
    return is_secretariat(user)


@rule("communiques.view_working")
def _view_working(user, communique=None):
    """The working copy: the secretariat always; the chair and focal points once it has been
    sent to them for consultation (a draft stays with the secretariat)."""
    if is_secretariat(user):
        return True
    if communique is None or communique.status == communique.Status.DRAFT:
        return False
    return is_chair(user) or is_focal_point(user)


@rule("communiques.comment")
def _comment(user, communique=None):
    """Comments are taken while the consultation is open, up to its deadline."""
    if communique is None or not communique.consultation_is_open():
        return False
    return is_network_member(user)
