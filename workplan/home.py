"""The work plan on the home page: the current plan's overall progress for everyone, and in
"what needs you" the progress reports due from a focal point's state and, for the chair, the
reports waiting for review (pesnet.navigation's registries)."""

import datetime

from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import Organisation
from pesnet.navigation import HOME_SECTIONS, NEEDS, HomeSection, Need
from pesnet.roles import is_chair, member_state_of

from .models import Activity, ProgressReport
from .selectors import NO_REPORT_DAYS, OPEN_STATUSES, current_plan


def reports_due(state, plan, today):
    """Open activities led by the state (or its PES), started, without sub-activities and
    without a report for 90 days: the same rule as the progress reminders."""
    children = Activity.objects.filter(parent=OuterRef("pk"))
    return (
        plan.activities.filter(status__in=OPEN_STATUSES, planned_start__lte=today)
        .filter(
            Q(lead_member_state=state)
            | Q(
                lead_organisation__member_state=state,
                lead_organisation__kind=Organisation.Kind.MEMBER_PES,
            )
        )
        .exclude(Exists(children))
        .annotate(last_report=Max("reports__date"))
        .filter(
            Q(last_report__isnull=True)
            | Q(last_report__lt=today - datetime.timedelta(days=NO_REPORT_DAYS))
        )
        .order_by("code")
    )


def needs(user):
    state = member_state_of(user)
    if state is not None:
        plan = current_plan()
        if plan is not None:
            for activity in reports_due(state, plan, timezone.localdate()):
                yield Need(
                    _("A progress report is due on activity %(code)s, %(title)s")
                    % {"code": activity.code, "title": activity.title},
                    reverse("workplan:submit_report", kwargs={"pk": activity.pk}),
                    "report_due",
                )
    if is_chair(user):
        waiting = ProgressReport.objects.filter(
            review_status=ProgressReport.Review.SUBMITTED
        ).count()
        if waiting:
            yield Need(
                ngettext(
                    "%(count)d progress report waiting for your review",
                    "%(count)d progress reports waiting for your review",
                    waiting,
                )
                % {"count": waiting},
                reverse("workplan:dashboard"),
                "reports_to_review",
                waiting,
            )


def plan_progress(request):
    plan = current_plan()
    if plan is None:
        return None
    top = plan.activities.filter(parent__isnull=True).exclude(status=Activity.Status.CANCELLED)
    rows = list(top.values_list("progress", "weight"))
    weight = sum(w for _p, w in rows)
    overall = round(sum(p * w for p, w in rows) / weight) if weight else 0
    return {"plan": plan, "overall": overall, "activities": len(rows)}


def register():
    NEEDS.append(needs)
    HOME_SECTIONS.append(
        HomeSection("workplan/_home_progress.html", plan_progress, area="network", order=40)
    )
