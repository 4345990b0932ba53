"""The plan's Gantt chart, drawn on the server as SVG.

Why not frappe-gantt from npm: its 1.x build writes markup with `style` attributes, which the
portal's Content Security Policy (no 'unsafe-inline') blocks, and it has no right-to-left mode.
An SVG drawn here needs no script, prints, and follows the page's direction: in Arabic the time
axis runs from right to left (earlier dates on the right), labels on the right; in English and
French from left to right. Bar geometry is SVG attributes, not styles, so the CSP allows it.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

WIDTH = 1000
LABEL_WIDTH = 280
ROW_HEIGHT = 26
AXIS_HEIGHT = 34
BAR_HEIGHT = 14


@dataclass
class Bar:
    activity: object
    y: float
    x: float
    width: float
    progress_x: float
    progress_width: float
    label_x: float
    text_y: float


@dataclass
class Tick:
    x: float
    label: str
    major: bool


@dataclass
class Chart:
    rtl: bool
    width: int
    height: int
    bars: list
    ticks: list
    today_x: float | None
    chart_start: float
    chart_end: float
    label_anchor: str
    axis_y: int


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def build(activities, *, rtl: bool, today: datetime.date, plan=None) -> Chart | None:
    activities = list(activities)
    if not activities:
        return None
    first = min(a.planned_start for a in activities)
    last = max(a.planned_end for a in activities)
    if plan is not None:
        first = min(first, datetime.date(plan.start_year, 1, 1))
        last = max(last, datetime.date(plan.end_year, 12, 31))
    first = _month_start(first)
    last = _next_month(last)
    span = max((last - first).days, 1)
    chart_width = WIDTH - LABEL_WIDTH - 10
    if rtl:
        chart_start, chart_end = 0.0, float(chart_width)
    else:
        chart_start, chart_end = float(LABEL_WIDTH + 10), float(WIDTH)

    def x_of(day: datetime.date) -> float:
        fraction = (day - first).days / span
        offset = fraction * chart_width
        return round(chart_end - offset if rtl else chart_start + offset, 1)

    bars = []
    for index, activity in enumerate(activities):
        start_x = x_of(activity.planned_start)
        end_x = x_of(activity.planned_end + datetime.timedelta(days=1))
        left, right = min(start_x, end_x), max(start_x, end_x)
        width = max(right - left, 2.0)
        done = round(width * activity.progress / 100, 1)
        # Progress fills from the start of the bar: the left in LTR, the right in RTL.
        progress_x = round(right - done, 1) if rtl else left
        y = AXIS_HEIGHT + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        bars.append(
            Bar(
                activity=activity,
                y=y,
                x=left,
                width=round(width, 1),
                progress_x=progress_x,
                progress_width=done,
                label_x=WIDTH - 4 if rtl else 4,
                text_y=y + BAR_HEIGHT - 2,
            )
        )
    ticks = []
    month = first
    while month <= last:
        if month.month in (1, 4, 7, 10):
            major = month.month == 1
            quarter = (month.month - 1) // 3 + 1
            label = str(month.year) if major else _("Q%(quarter)d") % {"quarter": quarter}
            ticks.append(Tick(x=x_of(month), label=label, major=major))
        month = _next_month(month)
    today_x = x_of(today) if first <= today <= last else None
    return Chart(
        rtl=rtl,
        width=WIDTH,
        height=AXIS_HEIGHT + len(activities) * ROW_HEIGHT + 6,
        bars=bars,
        ticks=ticks,
        today_x=today_x,
        chart_start=chart_start,
        chart_end=chart_end,
        label_anchor="start",
        axis_y=AXIS_HEIGHT - 4,
    )
