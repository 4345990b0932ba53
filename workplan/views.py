from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pesnet.errors import DomainError, add_to_form
from pesnet.files import stored_file_response
from pesnet.pagecache import cached_page
from pesnet.pagination import is_the_page_asked_for, page_links, requested_page
from pesnet.roles import allowed, authorize, can

from . import communique_links, gantt, selectors, services
from .cache import BUCKET_SECONDS, WORKPLAN, cached_fragment
from .forms import (
    ActivityForm,
    ExportForm,
    MilestoneFormSet,
    PlanFilterForm,
    ProgressReportForm,
    ReviewForm,
    WorkPlanForm,
)
from .models import Activity, EvidenceFile, ProgressExport, ProgressReport, WorkPlan


def _plan(start, end) -> WorkPlan:
    return get_object_or_404(WorkPlan, start_year=start, end_year=end)


def _rtl() -> bool:
    return (get_language() or "en")[:2] == "ar"


# The plan's pages are cached whole per viewer until the work plan changes (or the time bucket
# turns: overdue flags and the Gantt chart's "today" follow the clock); see workplan/cache.py.
FILTER_PARAMS = ("status", "lead", "category", "overdue")
workplan_page = cached_page(
    WORKPLAN, params=(*FILTER_PARAMS, "page"), bucket_seconds=BUCKET_SECONDS
)


@workplan_page
def current(request):
    plan = selectors.current_plan()
    if plan is None:
        return render(
            request, "workplan/no_plan.html", {"can_edit": can(request.user, "workplan.edit_plan")}
        )
    return _plan_page(request, plan)


@workplan_page
def plan_page(request, start, end):
    plan = get_object_or_404(
        WorkPlan.objects.select_related("adopted_at_meeting"), start_year=start, end_year=end
    )
    return _plan_page(request, plan)


def _plan_body(request, plan) -> tuple[str, int]:
    """The Gantt chart, the figures, the filters and one page of the tables: the same for every
    viewer, built once per work-plan generation, language, filters, page and time bucket; with
    the number of activities the filters keep (the pages to link to)."""

    def build():
        today = timezone.localdate()
        all_rows = selectors.plan_rows(plan, today=today)
        filter_form = PlanFilterForm(
            request.GET or None, lead_choices=selectors.lead_choices(all_rows)
        )
        filters = selectors.PlanFilters()
        if filter_form.is_valid():
            filters = selectors.PlanFilters(**filter_form.cleaned_data)
        rows = selectors.filter_rows(all_rows, filters)
        page = selectors.activities_page(rows, number)
        on_page = {activity.pk for activity in page}
        html = render_to_string(
            "workplan/includes/plan_body.html",
            {
                "plan": plan,
                "path": request.path,
                "groups": selectors.group_by_category(page.object_list),
                "rows_count": len(rows),
                "filter_form": filter_form,
                "filters": filters,
                # The figures are the whole plan's; the chart and the tables, the page's.
                "overall": selectors.overall_progress(all_rows),
                "status_counts": selectors.status_counts(all_rows),
                "chart": gantt.build(
                    [a for a in rows if a.pk in on_page], rtl=_rtl(), today=today, plan=plan
                ),
                "today": today,
            },
        )
        return html, len(rows), page.number

    number = requested_page(request)
    filters = [request.GET.get(name, "") for name in FILTER_PARAMS]
    html, count, _number = cached_fragment(
        "plan", build, plan.pk, request.path, *filters, number, keep=is_the_page_asked_for(number)
    )
    # Our own template's output, cached as rendered: safe to mark as such.
    return mark_safe(html), count


def _plan_page(request, plan):
    body, count = _plan_body(request, plan)
    # The links to the other pages are drawn here, with the request's query string (the
    # filters), not in the fragment that every viewer shares.
    pages = page_links(count, selectors.ACTIVITIES_PER_PAGE, requested_page(request))
    return render(
        request,
        "workplan/plan.html",
        {
            "plan": plan,
            "plans": WorkPlan.objects.all(),
            "body": body,
            "page": pages,
            "can_edit": can(request.user, "workplan.edit_plan", plan),
            "can_review": can(request.user, "workplan.review_report"),
            "can_export": can(request.user, "workplan.export", plan),
        },
    )


@cached_page(WORKPLAN, bucket_seconds=BUCKET_SECONDS)
def activity_page(request, pk):
    activity = get_object_or_404(
        Activity.objects.select_related(
            "plan", "lead_member_state", "lead_organisation", "parent"
        ).prefetch_related("partners", "beneficiaries", "milestones", "children"),
        pk=pk,
    )
    user = request.user
    reports = []
    if can(user, "workplan.view_reports", activity):
        reports = [
            r for r in selectors.activity_reports(activity) if can(user, "workplan.view_report", r)
        ]
    today = timezone.localdate()
    children = list(activity.children.all())
    return render(
        request,
        "workplan/activity.html",
        {
            "activity": activity,
            "plan": activity.plan,
            "children": children,
            "overdue": activity.is_overdue(today),
            "reports": reports,
            "show_reports": can(user, "workplan.view_reports", activity),
            "can_submit": can(user, "workplan.submit_report", activity)
            and activity.report_refusal() is None,
            "can_review": can(user, "workplan.review_report"),
            "can_edit": can(user, "workplan.edit_plan", activity),
            "review_form": ReviewForm(),
            "called_for_by": communique_links.paragraphs_calling_for(activity),
        },
    )


@login_required
def submit_report(request, pk):
    activity = get_object_or_404(
        Activity.objects.select_related("plan", "lead_organisation"), pk=pk
    )
    authorize(request.user, "workplan.submit_report", activity, visible=True)
    if request.method == "POST":
        form = ProgressReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.submit_report(
                    by=request.user,
                    activity=activity,
                    percent=data["percent"],
                    narrative=data["narrative"],
                    date=data["date"],
                    files=data["evidence"],
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request, _("Your progress report was submitted for review by the chair.")
                )
                return redirect(report.activity)
    else:
        form = ProgressReportForm(
            initial={"date": timezone.localdate(), "percent": activity.progress}
        )
    return render(
        request,
        "workplan/report_form.html",
        {
            "activity": activity,
            "plan": activity.plan,
            "form": form,
            "cancelled": activity.status == Activity.Status.CANCELLED,
        },
        status=400 if request.method == "POST" else 200,
    )


def _visible_report(request, pk) -> ProgressReport:
    report = get_object_or_404(
        ProgressReport.objects.select_related(
            "activity",
            "activity__plan",
            "activity__lead_organisation",
            "member_state",
            "submitted_by",
            "reviewer",
        ),
        pk=pk,
    )
    # Another state's report is not even shown to exist (404).
    return authorize(request.user, "workplan.view_report", report)


@login_required
def report_page(request, pk):
    report = _visible_report(request, pk)
    return _report_page(request, report, ReviewForm())


def _report_page(request, report, review_form, status=200):
    return render(
        request,
        "workplan/report.html",
        {
            "report": report,
            "activity": report.activity,
            "plan": report.activity.plan,
            "evidence": list(report.evidence.all()),
            "can_review": can(request.user, "workplan.review_report", report)
            and report.review_status == ProgressReport.Review.SUBMITTED,
            "review_form": review_form,
        },
        status=status,
    )


@login_required
@require_POST
def review_report(request, pk):
    report = authorize(
        request.user, "workplan.review_report", _visible_report(request, pk), visible=True
    )
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                services.accept_report(
                    by=request.user, report=report, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("Report accepted: the activity's progress is updated."))
            else:
                services.request_revision(
                    by=request.user, report=report, comment=form.cleaned_data["comment"]
                )
                messages.success(
                    request, _("The report was returned to the reporter for revision.")
                )
        except DomainError as error:
            add_to_form(form, error)
    if form.errors:
        return _report_page(request, report, form, status=400)
    next_url = request.POST.get("next", "")
    if next_url == "dashboard":
        return redirect("workplan:dashboard")
    return redirect(report)


@login_required
def evidence_file(request, pk):
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("report__activity__lead_organisation"), pk=pk
    )
    authorize(request.user, "workplan.view_report", evidence.report)
    response = stored_file_response(
        evidence.file,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@allowed("workplan.view_dashboard")
@cached_page(WORKPLAN, params=("page",), bucket_seconds=BUCKET_SECONDS)
def dashboard(request, start=None, end=None):
    plan = _plan(start, end) if start else selectors.current_plan()
    if plan is None:
        raise Http404
    today = timezone.localdate()
    rows = selectors.plan_rows(plan, today=today)
    # The reports waiting for review (a card and a form each) a page at a time; the figures
    # count them all.
    pending = Paginator(list(selectors.pending_reports(plan)), selectors.REPORTS_PER_PAGE)
    return render(
        request,
        "workplan/dashboard.html",
        {
            "plan": plan,
            "overall": selectors.overall_progress(rows),
            "status_counts": selectors.status_counts(rows),
            "at_risk": selectors.at_risk(rows),
            "pending": pending.get_page(request.GET.get("page")),
            "leads": selectors.lead_summary(rows),
            "review_form": ReviewForm(),
            "can_export": can(request.user, "workplan.export", plan),
            "exports": selectors.ready_exports(plan)
            if can(request.user, "workplan.download_export")
            else [],
            "activity_count": len(rows),
        },
    )


# --- Secretariat: editing the plan -----------------------------------------------------------


@allowed("workplan.edit_plan")
def plan_create(request):
    return _plan_form(request, WorkPlan())


@allowed("workplan.edit_plan")
def plan_edit(request, start, end):
    return _plan_form(request, _plan(start, end))


def _plan_form(request, plan):
    # The model's own validation (full_clean) refuses with a ValidationError too.
    form = WorkPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.save_plan(by=request.user, plan=form.save(commit=False))
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The work plan was saved."))
            return redirect(plan)
    return render(
        request,
        "workplan/plan_form.html",
        {"form": form, "plan": plan if plan.pk else None},
        status=400 if request.method == "POST" else 200,
    )


@allowed("workplan.edit_plan")
def activity_create(request, start, end):
    plan = _plan(start, end)
    return _activity_form(request, plan, Activity(plan=plan))


@allowed("workplan.edit_plan")
def activity_edit(request, pk):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    return _activity_form(request, activity.plan, activity)


def _activity_form(request, plan, activity):
    form = ActivityForm(request.POST or None, instance=activity, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.save_activity(
                by=request.user,
                activity=form.save(commit=False),
                partners=form.cleaned_data["partners"],
                beneficiaries=form.cleaned_data["beneficiaries"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(activity)
    return render(
        request,
        "workplan/activity_form.html",
        {"form": form, "plan": plan, "activity": activity if activity.pk else None},
        status=400 if request.method == "POST" else 200,
    )


@allowed("workplan.edit_plan")
def activity_milestones(request, pk):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    formset = MilestoneFormSet(request.POST or None, instance=activity)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("The milestones were saved."))
        return redirect(activity)
    return render(
        request,
        "workplan/milestones_form.html",
        {"formset": formset, "activity": activity, "plan": activity.plan},
        status=400 if request.method == "POST" else 200,
    )


# --- Progress report for a meeting (PDF / XLSX) ------------------------------------------------


@login_required
def exports(request, start, end):
    plan = _plan(start, end)
    authorize(request.user, "workplan.export", plan, visible=True)
    form = ExportForm(request.POST or None, initial={"language": get_language()[:2]})
    if request.method == "POST" and form.is_valid():
        try:
            export = services.request_export(
                by=request.user,
                plan=plan,
                format=form.cleaned_data["format"],
                language=form.cleaned_data["language"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            if request.htmx:
                return render(request, "workplan/includes/export_status.html", {"export": export})
            return redirect("workplan:exports", start=plan.start_year, end=plan.end_year)
    return render(
        request,
        "workplan/exports.html",
        {
            "plan": plan,
            "form": form,
            "exports": plan.exports.select_related("requested_by")[:20],
        },
        status=400 if request.method == "POST" else 200,
    )


def _export(request, pk) -> ProgressExport:
    export = get_object_or_404(ProgressExport.objects.select_related("plan"), pk=pk)
    authorize(request.user, "workplan.download_export", export, visible=True)
    return export


@login_required
def export_status(request, pk):
    return render(request, "workplan/includes/export_status.html", {"export": _export(request, pk)})


@login_required
def export_download(request, pk):
    export = _export(request, pk)
    if export.state != ProgressExport.State.DONE or not export.file:
        raise Http404
    content_type = (
        "application/pdf"
        if export.format == ProgressExport.Format.PDF
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = stored_file_response(
        export.file,
        as_attachment=True,
        filename=export.filename,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
