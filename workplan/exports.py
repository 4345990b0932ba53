"""The progress report of a whole work plan for a meeting: PDF (WeasyPrint) and XLSX.

Both are rendered in the language chosen by the person who asked, whatever the language of the
worker. The PDF is rendered by pesnet.pdf (fonts, URL fetcher).
"""

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pesnet.exports import spreadsheet_cell
from pesnet.pdf import render_pdf

from . import selectors
from .models import Activity, Category, ProgressReport, WorkPlan
from .richtext import text_direction

PDF_STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "workplan-pdf.css"


def _latest_accepted(plan: WorkPlan) -> dict[int, ProgressReport]:
    reports = (
        ProgressReport.objects.filter(
            activity__plan=plan, review_status=ProgressReport.Review.ACCEPTED
        )
        .order_by("activity_id", "-date", "-created_at")
        .distinct("activity_id")
    )
    return {report.activity_id: report for report in reports}


def plan_context(plan: WorkPlan) -> dict:
    today = timezone.localdate()
    rows = selectors.plan_rows(plan, today=today)
    latest = _latest_accepted(plan)
    for activity in rows:
        activity.latest_report = latest.get(activity.pk)
        if activity.latest_report:
            activity.latest_report.direction = text_direction(activity.latest_report.narrative)
    return {
        "plan": plan,
        "rows": rows,
        "groups": selectors.group_by_category(rows),
        "overall": selectors.overall_progress(rows),
        "status_counts": selectors.status_counts(rows),
        "at_risk": selectors.at_risk(rows),
        "today": today,
        "generated_at": timezone.now(),
    }


def plan_html(plan: WorkPlan, language: str) -> str:
    with translation.override(language):
        context = plan_context(plan)
        context["language"] = language
        context["rtl"] = language in settings.RTL_LANGUAGES
        return render_to_string("workplan/export/progress_report.html", context)


def plan_pdf(plan: WorkPlan, language: str, progress=lambda percent: None) -> bytes:
    progress(10)
    html = plan_html(plan, language)
    progress(40)
    content = render_pdf(html, stylesheets=[PDF_STYLESHEET])
    progress(90)
    return content


# Column keys of the spreadsheet, in order; the header row carries their labels.
XLSX_FIELDS = [
    "code",
    "title",
    "category",
    "lead",
    "partners",
    "beneficiaries",
    "planned_start",
    "planned_end",
    "status",
    "progress",
    "parent",
    "weight",
    "overdue",
    "last_report",
]
XLSX_HEADER_ROW = 4
WIDTHS = (8, 60, 28, 22, 22, 26, 13, 13, 14, 11, 8, 8, 9, 14)


def _column_labels():
    return {
        "code": _("Code"),
        "title": _("Title"),
        "category": _("Category"),
        "lead": _("Lead"),
        "partners": _("Partners"),
        "beneficiaries": _("Beneficiary member states"),
        "planned_start": _("Planned start"),
        "planned_end": _("Planned end"),
        "status": _("Status"),
        "progress": _("Progress (%)"),
        "parent": _("Part of"),
        "weight": _("Weight"),
        "overdue": _("Overdue"),
        "last_report": _("Last progress report"),
    }


def lead_label(activity: Activity) -> str:
    if activity.lead_member_state_id:
        return activity.lead_member_state.name
    organisation = activity.lead_organisation
    return organisation.acronym or organisation.name


def plan_xlsx(plan: WorkPlan, language: str, progress=lambda percent: None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    with translation.override(language):
        progress(10)
        rows = selectors.plan_rows(plan)
        beneficiaries = {
            a.pk: a for a in plan.activities.prefetch_related("beneficiaries").only("id")
        }
        categories = dict(Category.choices)
        statuses = dict(Activity.Status.choices)
        labels = _column_labels()
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = plan.period.replace("–", "-")
        if language in settings.RTL_LANGUAGES:
            sheet.sheet_view.rightToLeft = True
        sheet.append([spreadsheet_cell(str(plan.title))])
        sheet["A1"].font = Font(bold=True, size=14)
        overall = selectors.overall_progress(rows)
        sheet.append([_("Overall progress: %(percent)d%%") % {"percent": overall}])
        sheet.append([])
        header_row = XLSX_HEADER_ROW
        sheet.append([str(labels[key]) for key in XLSX_FIELDS])
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        total = max(len(rows), 1)
        for index, activity in enumerate(rows, start=1):
            # Titles and names are typed text: never a live formula (pesnet/exports.py).
            row = [
                activity.code,
                activity.title,
                str(categories[activity.category]),
                lead_label(activity),
                ", ".join(p.acronym or p.name for p in activity.partners.all()),
                ", ".join(s.iso3 for s in beneficiaries[activity.pk].beneficiaries.all()),
                activity.planned_start,
                activity.planned_end,
                str(statuses[activity.status]),
                activity.progress,
                activity.parent.code if activity.parent_id else "",
                activity.weight,
                _("yes") if activity.overdue else "",
                activity.last_report_date,
            ]
            sheet.append([spreadsheet_cell(value) for value in row])
            if index % 25 == 0:
                progress(10 + 80 * index // total)
        for row in sheet.iter_rows(min_row=header_row + 1):
            for cell in row:
                if cell.column in (7, 8, 14) and cell.value:
                    cell.number_format = "yyyy-mm-dd"
                cell.alignment = Alignment(vertical="top", wrap_text=cell.column in (2, 5, 6))
        for letter, width in zip("ABCDEFGHIJKLMN", WIDTHS, strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
