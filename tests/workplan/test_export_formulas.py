"""Text that people typed never becomes a live formula in a workbook the portal writes."""

import io

import pytest
from openpyxl import load_workbook

from workplan import exports
from workplan.models import Category

from .factories import ActivityFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tx"]


def test_workplan_xlsx_writes_typed_text_as_text_not_formulas(turkiye):
    plan = WorkPlanFactory()
    for index, title in enumerate(HOSTILE):
        ActivityFactory(
            plan=plan,
            code=f"{index + 1}.1",
            title_en=title,
            category=Category.values[0],
            lead_member_state=turkiye,
        )
    sheet = load_workbook(io.BytesIO(exports.plan_xlsx(plan, "en"))).active
    titles = [
        row[1].value for row in sheet.iter_rows(min_row=exports.XLSX_HEADER_ROW + 1) if row[0].value
    ]
    for row in sheet.iter_rows(min_row=exports.XLSX_HEADER_ROW + 1):
        for cell in row:
            assert cell.data_type != "f", cell.value
    assert sorted(titles) == sorted("'" + title for title in HOSTILE)
