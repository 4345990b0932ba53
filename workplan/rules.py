"""Who may do what in the work plan (DESIGN.md, roles table; issue 6).

A focal point submits reports only for activities their state leads; the chair reviews but does
not edit; only the secretariat edits the plan and prints the progress report, which the chair
downloads to present it to the meeting it is made for.
"""

from pesnet.roles import is_chair, is_network_member, is_secretariat, member_state_of, rule


@rule("workplan.view_reports")
def view_reports(user, activity=None):
    """The reports list of an activity: the network's members."""
    return is_network_member(user)


def _reporting_state_id(report):
    return report.member_state_id or report.activity.lead_state_id


@rule("workplan.view_report")
def view_report(user, report=None):
    if is_secretariat(user) or is_chair(user):
        return True
    state = member_state_of(user)
    if state is None or report is None:
        return False
    return _reporting_state_id(report) == state.pk


@rule("workplan.submit_report")
def submit_report(user, activity=None):
    if is_secretariat(user):
        return True
    state = member_state_of(user)
    if state is None:
        return False
    if activity is None:
        return True
    return activity.lead_state_id == state.pk


@rule("workplan.review_report")
def review_report(user, report=None):
    return is_chair(user) or is_secretariat(user)


@rule("workplan.view_dashboard")
def view_dashboard(user, plan=None):
    return is_chair(user) or is_secretariat(user)


@rule("workplan.edit_plan")
def edit_plan(user, obj=None):
    return is_secretariat(user)


@rule("workplan.export")
def export(user, plan=None):
    return is_secretariat(user)


@rule("workplan.download_export")
def download_export(user, export=None):
    """A generated progress report (PDF/XLSX): the secretariat, who makes it, and the chair, who
    presents it to the meeting."""
    return is_secretariat(user) or is_chair(user)
