"""Who may see and do what with meetings (DESIGN.md, "Roles").

Public: the list, a meeting's page and its agenda, public documents, its calendar file and the
network's feed. Network members (focal points, the chair, the secretariat) answer an invitation
and read members-only documents; the online link is shown to those who registered and to the
secretariat; a focal point registers colleagues of their own state; the secretariat manages
meetings, sees participants' contact data and exports them.
"""

from pesnet.roles import is_network_member, is_own_state, is_secretariat, member_state_of, rule


@rule("meetings.register")
def _register(user, meeting=None):
    return is_network_member(user)


@rule("meetings.see_link")
def _see_link(user, meeting):
    if is_secretariat(user):
        return True
    from .models import Registration

    return (
        user.is_authenticated
        and Registration.objects.filter(
            meeting=meeting,
            user=user,
            status__in=[Registration.Status.REGISTERED, Registration.Status.ATTENDED],
        ).exists()
    )


@rule("meetings.manage")
def _manage(user, meeting=None):
    return is_secretariat(user)


@rule("meetings.export_participants")
def _export(user, meeting=None):
    return is_secretariat(user)


@rule("meetings.see_members_documents")
def _members_documents(user, meeting=None):
    return is_network_member(user)


@rule("meetings.see_document")
def _see_document(user, document):
    return document.is_public or is_network_member(user)


@rule("meetings.see_participants")
def _see_participants(user, meeting=None):
    """The published list (names, states) for network members; contact data stays hidden."""
    return is_network_member(user)


@rule("meetings.add_colleague")
def _add_colleague(user, state=None):
    """A focal point registers a colleague of their own state; the secretariat, anyone's."""
    if is_secretariat(user):
        return True
    if state is None:
        return member_state_of(user) is not None
    return is_own_state(user, state)


@rule("meetings.my_meetings")
def _my_meetings(user, obj=None):
    return user.is_authenticated
