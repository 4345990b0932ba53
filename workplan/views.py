from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pesnet.files import stored_file_response
from pesnet.roles import can, require

from . import gantt, selectors, services
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


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(None if field not in form.fields else field, messages_)
    else:
        form.add_error(None, error.messages)


def _rtl() -> bool:
    return (get_language() or "en")[:2] == "ar"


def current(request):
    plan = selectors.current_plan()
    if plan is None:
        return render(
            request, "workplan/no_plan.html", {"can_edit": can(request.user, "workplan.edit_plan")}
        )
    return plan_page(request, plan.start_year, plan.end_year)


def plan_page(request, start, end):
    plan = get_object_or_404(
        WorkPlan.objects.select_related("adopted_at_meeting"), start_year=start, end_year=end
    )
    today = timezone.localdate()
    all_rows = selectors.plan_rows(plan, today=today)
    filter_form = PlanFilterForm(request.GET or None, lead_choices=selectors.lead_choices(all_rows))
    filters = selectors.PlanFilters()
    if filter_form.is_valid():
        filters = selectors.PlanFilters(**filter_form.cleaned_data)
    rows = selectors.filter_rows(all_rows, filters)
    return render(
        request,
        "workplan/plan.html",
        {
            "plan": plan,
            "plans": WorkPlan.objects.all(),
            "groups": selectors.group_by_category(rows),
            "rows_count": len(rows),
            "filter_form": filter_form,
            "filters": filters,
            "overall": selectors.overall_progress(all_rows),
            "status_counts": selectors.status_counts(all_rows),
            "chart": gantt.build(rows, rtl=_rtl(), today=today, plan=plan),
            "today": today,
            "can_edit": can(request.user, "workplan.edit_plan", plan),
            "can_review": can(request.user, "workplan.review_report"),
            "can_export": can(request.user, "workplan.export", plan),
        },
    )


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
            and not children
            and activity.status != Activity.Status.CANCELLED,
            "can_review": can(user, "workplan.review_report"),
            "can_edit": can(user, "workplan.edit_plan", activity),
            "review_form": ReviewForm(),
        },
    )


@login_required
def submit_report(request, pk):
    activity = get_object_or_404(
        Activity.objects.select_related("plan", "lead_organisation"), pk=pk
    )
    require(request.user, "workplan.submit_report", activity)
    if request.method == "POST":
        form = ProgressReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.submit_report(
                    user=request.user,
                    activity=activity,
                    percent=data["percent"],
                    narrative=data["narrative"],
                    date=data["date"],
                    files=data["evidence"],
                )
            except ValidationError as error:
                _add_errors(form, error)
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
    if not can(request.user, "workplan.view_report", report):
        raise Http404
    return report


@login_required
def report_page(request, pk):
    report = _visible_report(request, pk)
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
            "review_form": ReviewForm(),
        },
    )


@login_required
@require_POST
def review_report(request, pk):
    report = _visible_report(request, pk)
    require(request.user, "workplan.review_report", report)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                services.accept_report(
                    user=request.user, report=report, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("Report accepted: the activity's progress is updated."))
            else:
                services.request_revision(
                    user=request.user, report=report, comment=form.cleaned_data["comment"]
                )
                messages.success(
                    request, _("The report was returned to the reporter for revision.")
                )
        except ValidationError as error:
            _add_errors(form, error)
    if form.errors:
        return render(
            request,
            "workplan/report.html",
            {
                "report": report,
                "activity": report.activity,
                "plan": report.activity.plan,
                "evidence": list(report.evidence.all()),
                "can_review": report.review_status == ProgressReport.Review.SUBMITTED,
                "review_form": form,
            },
            status=400,
        )
    next_url = request.POST.get("next", "")
    if next_url == "dashboard":
        return redirect("workplan:dashboard")
    return redirect(report)


@login_required
def evidence_file(request, pk):
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("report__activity__lead_organisation"), pk=pk
    )
    if not can(request.user, "workplan.view_report", evidence.report):
        raise Http404
    response = stored_file_response(
        evidence.file,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def dashboard(request, start=None, end=None):
    require(request.user, "workplan.view_dashboard")
    plan = _plan(start, end) if start else selectors.current_plan()
    if plan is None:
        raise Http404
    today = timezone.localdate()
    rows = selectors.plan_rows(plan, today=today)
    return render(
        request,
        "workplan/dashboard.html",
        {
            "plan": plan,
            "overall": selectors.overall_progress(rows),
            "status_counts": selectors.status_counts(rows),
            "at_risk": selectors.at_risk(rows),
            "pending": list(selectors.pending_reports(plan)),
            "leads": selectors.lead_summary(rows),
            "review_form": ReviewForm(),
            "can_export": can(request.user, "workplan.export", plan),
            "activity_count": len(rows),
        },
    )


# --- Secretariat: editing the plan -----------------------------------------------------------


@login_required
def plan_create(request):
    require(request.user, "workplan.edit_plan")
    return _plan_form(request, WorkPlan())


@login_required
def plan_edit(request, start, end):
    require(request.user, "workplan.edit_plan")
    return _plan_form(request, _plan(start, end))


def _plan_form(request, plan):
    form = WorkPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.save_plan(user=request.user, plan=form.save(commit=False))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The work plan was saved."))
            return redirect(plan)
    return render(
        request,
        "workplan/plan_form.html",
        {"form": form, "plan": plan if plan.pk else None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def activity_create(request, start, end):
    require(request.user, "workplan.edit_plan")
    plan = _plan(start, end)
    return _activity_form(request, plan, Activity(plan=plan))


@login_required
def activity_edit(request, pk):
    require(request.user, "workplan.edit_plan")
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    return _activity_form(request, activity.plan, activity)


def _activity_form(request, plan, activity):
    form = ActivityForm(request.POST or None, instance=activity, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.save_activity(
                user=request.user,
                activity=form.save(commit=False),
                partners=form.cleaned_data["partners"],
                beneficiaries=form.cleaned_data["beneficiaries"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(activity)
    return render(
        request,
        "workplan/activity_form.html",
        {"form": form, "plan": plan, "activity": activity if activity.pk else None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def activity_milestones(request, pk):
    require(request.user, "workplan.edit_plan")
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
    require(request.user, "workplan.export", plan)
    form = ExportForm(request.POST or None, initial={"language": get_language()[:2]})
    if request.method == "POST" and form.is_valid():
        try:
            export = services.request_export(
                user=request.user,
                plan=plan,
                format=form.cleaned_data["format"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            _add_errors(form, error)
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
    if not can(request.user, "workplan.export", export.plan):
        raise PermissionDenied
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
