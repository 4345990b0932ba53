"""The Gantt chart's direction: time runs right to left in Arabic, left to right otherwise."""

import datetime
import re

import pytest

from workplan import gantt

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def early_and_late(turkiye):
    early = ActivityFactory(
        code="1.1",
        lead_member_state=turkiye,
        planned_start=datetime.date(2021, 7, 1),
        planned_end=datetime.date(2021, 12, 31),
    )
    late = ActivityFactory(
        code="1.2",
        plan=early.plan,
        lead_member_state=turkiye,
        planned_start=datetime.date(2022, 6, 1),
        planned_end=datetime.date(2022, 12, 31),
    )
    return early, late


def bar_x(html: str, code: str) -> float:
    row = html.split(f'data-code="{code}" data-start')[1]
    return float(re.search(r'class="wp-gantt-bar" x="([\d.]+)"', row).group(1))


def test_time_runs_left_to_right_in_english(client, early_and_late):
    early, late = early_and_late
    html = client.get(early.plan.get_absolute_url()).content.decode()
    assert 'data-direction="ltr"' in html
    assert bar_x(html, "1.1") < bar_x(html, "1.2")


def test_time_runs_right_to_left_in_arabic(client, early_and_late):
    early, late = early_and_late
    html = client.get(early.plan.get_absolute_url().replace("/en/", "/ar/")).content.decode()
    assert 'data-direction="rtl"' in html and 'direction="rtl"' in html
    assert bar_x(html, "1.1") > bar_x(html, "1.2")
    chart = html.split('data-testid="gantt"')[1].split("</svg>")[0]
    assert "style=" not in chart  # geometry is SVG attributes: the CSP allows it


def test_progress_fills_from_the_start_of_the_bar(early_and_late):
    early, _ = early_and_late
    early.progress = 50
    for rtl in (False, True):
        chart = gantt.build([early], rtl=rtl, today=datetime.date(2022, 1, 1))
        bar = chart.bars[0]
        assert bar.progress_width == pytest.approx(bar.width / 2, abs=0.2)
        start_edge = bar.x + bar.width if rtl else bar.x
        fill_edge = bar.progress_x + bar.progress_width if rtl else bar.progress_x
        assert fill_edge == pytest.approx(start_edge, abs=0.2)
