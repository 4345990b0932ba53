"""Who may see and do what with meetings (DESIGN.md, "Roles").

Public: the list, a meeting's page and its agenda, its calendar file. Network members (focal
points, the chair, the secretariat) answer an invitation; the online link is shown to those who
registered and to the secretariat; the secretariat sees the participants and records attendance.
"""

from pesnet.roles import is_network_member, is_secretariat, rule


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
