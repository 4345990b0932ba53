"""Reminder kinds of the work plan (discovered by the outbox at start-up).

- `workplan_progress`: each quarter, the focal points of a state that leads activities with no
  progress report in the last quarter (90 days) get one reminder listing those activities.
- `workplan_review_digest`: each week, the chair's accounts get a digest of the reports waiting
  for review, when there are any.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from members.models import FocalPoint
from outbox.api import MessageSpec, portal_url, reminder_kind
from pesnet.roles import CHAIR

from . import selectors


def quarter_start(today: datetime.date) -> datetime.date:
    return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)


def week_start(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=today.weekday())


def activities_without_recent_report(today: datetime.date):
    """Open activities of the current plan, started, with no report for 90 days, by lead state."""
    plan = selectors.current_plan()
    if plan is None:
        return {}
    by_state = {}
    for activity in selectors.plan_rows(plan, today=today):
        if activity.has_children or activity.status not in selectors.OPEN_STATUSES:
            continue
        if activity.planned_start > today:
            continue
        last = activity.last_report_date
        if last and (today - last).days <= selectors.NO_REPORT_DAYS:
            continue
        state_id = activity.lead_state_id
        if state_id is not None:
            by_state.setdefault(state_id, []).append(activity)
    return by_state


@reminder_kind(
    "workplan_progress",
    label=_("Work-plan progress reminder"),
    description=(
        "Reminds the focal points of each state that leads work-plan activities with no "
        "progress report in the last quarter."
    ),
    schedule={"minute": "0", "hour": "6", "day_of_month": "1", "month_of_year": "1,4,7,10"},
    period=quarter_start,
)
def plan_progress_reminders(today):
    by_state = activities_without_recent_report(today)
    if not by_state:
        return
    quarter = quarter_start(today)
    focal_points = FocalPoint.objects.filter(
        member_state_id__in=by_state, status=FocalPoint.Status.ACTIVE
    ).select_related("member_state")
    for focal_point in focal_points:
        activities = by_state[focal_point.member_state_id]
        language = focal_point.preferred_language
        yield MessageSpec(
            to=focal_point.email,
            language=language,
            template="workplan/email/progress_reminder",
            context={"activities": activities, "member_state": focal_point.member_state},
            dedup_key=f"workplan-progress:{focal_point.pk}:{quarter.isoformat()}",
            user=focal_point.user,
            related=focal_point.member_state,
            recipient_name=focal_point.full_name,
            action_url=portal_url("workplan:current", language=language),
        )


@reminder_kind(
    "workplan_review_digest",
    label=_("Weekly digest of reports waiting for review"),
    description="Every Monday, the chair gets the list of progress reports waiting for review.",
    schedule={"minute": "0", "hour": "6", "day_of_week": "1"},
    period=week_start,
)
def plan_review_digest(today):
    pending = list(selectors.pending_reports())
    if not pending:
        return
    week = week_start(today)
    chairs = get_user_model().objects.filter(groups__name=CHAIR, is_active=True)
    for user in chairs:
        language = user.preferred_language
        yield MessageSpec(
            to=user.email,
            language=language,
            template="workplan/email/review_digest",
            context={"reports": pending},
            dedup_key=f"workplan-digest:{user.pk}:{week.isoformat()}",
            user=user,
            recipient_name=user.get_full_name(),
            action_url=portal_url("workplan:dashboard", language=language),
        )
