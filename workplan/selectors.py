"""Queries of the work plan: the plan page, the chair's dashboard, the exports.

Each list is read in a fixed number of queries, whatever the number of activities.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Prefetch, Q, Sum
from django.utils import timezone

from members.models import Organisation

from .models import Activity, Category, ProgressExport, ProgressReport, WorkPlan

NO_REPORT_DAYS = 90
# The plan page's activities and the dashboard's reports waiting for review, a page at a time:
# the network's plan (16 activities, a few reports waiting) fits on the first page, as the
# whole plan did before; ten times it (160) is seven pages, each as cheap as today's plan.
ACTIVITIES_PER_PAGE = 25
REPORTS_PER_PAGE = 25
OPEN_STATUSES = (Activity.Status.PLANNED, Activity.Status.IN_PROGRESS, Activity.Status.POSTPONED)


def current_plan() -> WorkPlan | None:
    """The plan of the current period, else the latest that has started, else the first."""
    year = timezone.localdate().year
    plans = WorkPlan.objects.all()
    return (
        plans.filter(start_year__lte=year, end_year__gte=year).first()
        or plans.filter(start_year__lte=year).first()
        or plans.order_by("start_year").first()
    )


def code_key(code: str) -> tuple:
    """Sort "1.10" after "1.2"."""
    return tuple(int(part) if part.isdigit() else 0 for part in code.replace("-", ".").split("."))


def activities(plan: WorkPlan):
    """Every activity of the plan with what the pages show, in a constant number of queries."""
    return (
        plan.activities.select_related(
            "lead_member_state", "lead_organisation", "lead_organisation__member_state", "parent"
        )
        .prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.order_by("acronym")),
            Prefetch("children", queryset=Activity.objects.only("id", "parent_id")),
        )
        .annotate(
            last_report_date=Max("reports__date"),
            pending_reports=Count(
                "reports", filter=Q(reports__review_status=ProgressReport.Review.SUBMITTED)
            ),
        )
    )


def lead_key(activity: Activity) -> str:
    if activity.lead_member_state_id:
        return f"state:{activity.lead_member_state.iso3}"
    return f"org:{activity.lead_organisation.slug}"


def at_risk_reason(activity: Activity, today: datetime.date) -> str | None:
    """ "overdue", "no_report" (none for 90 days since the activity started) or None."""
    if activity.status not in OPEN_STATUSES:
        return None
    if activity.is_overdue(today):
        return "overdue"
    if activity.planned_start > today or getattr(activity, "has_children", False):
        return None
    last = activity.last_report_date
    since = last or activity.planned_start
    if (today - since).days > NO_REPORT_DAYS:
        return "no_report"
    return None


@dataclass
class PlanFilters:
    status: str = ""
    lead: str = ""
    category: str = ""
    overdue: bool = False

    @property
    def active(self) -> bool:
        return bool(self.status or self.lead or self.category or self.overdue)


def plan_rows(plan: WorkPlan, today=None) -> list[Activity]:
    """The plan's activities, parents followed by their sub-activities, with flags set."""
    today = today or timezone.localdate()
    rows = list(activities(plan))
    for activity in rows:
        activity.has_children = bool(activity.children.all())
        activity.overdue = activity.is_overdue(today)
        activity.risk = at_risk_reason(activity, today)
        activity.lead_filter_key = lead_key(activity)
    by_id = {a.pk: a for a in rows}

    def sort_key(activity):
        top = by_id.get(activity.parent_id, activity) if activity.parent_id else activity
        return (code_key(top.code), activity.parent_id is not None, code_key(activity.code))

    rows.sort(key=sort_key)
    return rows


def filter_rows(rows: list[Activity], filters: PlanFilters) -> list[Activity]:
    if filters.status:
        rows = [a for a in rows if a.status == filters.status]
    if filters.lead:
        rows = [a for a in rows if a.lead_filter_key == filters.lead]
    if filters.category:
        rows = [a for a in rows if a.category == filters.category]
    if filters.overdue:
        rows = [a for a in rows if a.overdue]
    return rows


@dataclass
class CategoryGroup:
    category: str
    label: str
    activities: list = field(default_factory=list)


def group_by_category(rows: list[Activity]) -> list[CategoryGroup]:
    groups = {value: CategoryGroup(value, label) for value, label in Category.choices}
    for activity in rows:
        # Sub-activities stay under their parent's heading.
        category = activity.parent.category if activity.parent_id else activity.category
        groups[category].activities.append(activity)
    return [group for group in groups.values() if group.activities]


def activities_page(rows: list[Activity], number):
    """Page `number` (as the request gives it: a bad or too large one is the first or the last
    page) of `rows` in the order the tables show them, category after category, so that a page
    goes on where the previous one stopped."""
    ordered = [activity for group in group_by_category(rows) for activity in group.activities]
    return Paginator(ordered, ACTIVITIES_PER_PAGE).get_page(number)


def overall_progress(rows: list[Activity]) -> int:
    """Weighted average of the top-level activities that are not cancelled."""
    top = [a for a in rows if a.parent_id is None and a.status != Activity.Status.CANCELLED]
    weight = sum(a.weight for a in top)
    if not weight:
        return 0
    return round(sum(a.progress * a.weight for a in top) / weight)


def status_counts(rows: list[Activity]) -> list[tuple[str, str, int]]:
    counts = {value: 0 for value in Activity.Status.values}
    for activity in rows:
        counts[activity.status] += 1
    return [(value, label, counts[value]) for value, label in Activity.Status.choices]


def at_risk(rows: list[Activity]) -> list[Activity]:
    return [a for a in rows if a.risk]


@dataclass
class LeadSummary:
    key: str
    lead: object
    activities: int = 0
    completed: int = 0
    at_risk: int = 0
    pending_reports: int = 0
    progress_total: int = 0

    @property
    def progress(self) -> int:
        return round(self.progress_total / self.activities) if self.activities else 0


def lead_summary(rows: list[Activity]) -> list[LeadSummary]:
    summaries: dict[str, LeadSummary] = {}
    for activity in rows:
        if activity.status == Activity.Status.CANCELLED:
            continue
        key = activity.lead_filter_key
        summary = summaries.setdefault(key, LeadSummary(key, activity.lead))
        summary.activities += 1
        summary.completed += activity.status == Activity.Status.COMPLETED
        summary.at_risk += bool(activity.risk)
        summary.pending_reports += activity.pending_reports
        summary.progress_total += activity.progress
    return sorted(summaries.values(), key=lambda s: str(s.lead))


def lead_choices(rows: list[Activity]) -> list[tuple[str, str]]:
    choices = {}
    for activity in rows:
        lead = activity.lead
        label = lead.name if activity.lead_member_state_id else (lead.acronym or lead.name)
        choices[activity.lead_filter_key] = str(label)
    return sorted(choices.items(), key=lambda choice: choice[1])


def pending_reports(plan: WorkPlan | None = None):
    reports = ProgressReport.objects.filter(review_status=ProgressReport.Review.SUBMITTED)
    if plan is not None:
        reports = reports.filter(activity__plan=plan)
    return reports.select_related("activity", "member_state", "submitted_by").order_by("created_at")


def activity_reports(activity: Activity):
    return activity.reports.select_related(
        "member_state", "submitted_by", "reviewer"
    ).prefetch_related("evidence")


def latest_accepted_reports(activity_ids) -> dict[int, datetime.date]:
    """{activity id: date of its latest accepted progress report}, in one query (the
    communiqué page shows it beside the paragraphs that call for those activities)."""
    if not activity_ids:
        return {}
    return dict(
        ProgressReport.objects.filter(
            activity_id__in=activity_ids, review_status=ProgressReport.Review.ACCEPTED
        )
        .order_by()
        .values("activity_id")
        .annotate(latest=Max("date"))
        .values_list("activity_id", "latest")
    )


def plans_progress(plan_ids) -> dict[int, int]:
    """{plan id: overall progress} as `overall_progress` computes it, for several plans in one
    query."""
    if not plan_ids:
        return {}
    top = Activity.objects.filter(plan_id__in=plan_ids, parent__isnull=True).exclude(
        status=Activity.Status.CANCELLED
    )
    # order_by(): the model's ordering (plan, code) would otherwise split the groups by code.
    totals = (
        top.order_by()
        .values("plan_id")
        .annotate(weighted=Sum(F("progress") * F("weight")), weight=Sum("weight"))
    )
    result = {plan_id: 0 for plan_id in plan_ids}
    for row in totals:
        if row["weight"]:
            result[row["plan_id"]] = round(row["weighted"] / row["weight"])
    return result


READY_EXPORTS_SHOWN = 5


def ready_exports(plan: WorkPlan) -> list[ProgressExport]:
    """The latest progress reports generated for meetings, ready to download."""
    return list(
        plan.exports.filter(state=ProgressExport.State.DONE).exclude(file="")[:READY_EXPORTS_SHOWN]
    )
