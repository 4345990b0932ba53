"""The work plan's pages under wrk: the plan page (ar and en), an activity page and the chair's
dashboard.

At the network's scale (BENCH_MEMBERS_SCALE=1, the default) the plan has 16 activities, as the
2021–2022 plan has; in the ten-times pass (BENCH_MEMBERS_SCALE=10, run by bench/run.py beside
the members pages) it has 160. The names carry the scale, as the members pages' do.
"""

import os

from bench.harness import Page

SCALE = int(os.environ.get("BENCH_MEMBERS_SCALE", "1"))
ACTIVITIES = 16 * SCALE


def pages(ctx):
    from bench.workplan import chair_user, ensure_plan

    plan = ensure_plan(ACTIVITIES, 2095)
    activity = plan.activities.filter(reports__isnull=False).order_by("pk").first()
    period = f"{plan.start_year}-{plan.end_year}"
    chair = ctx.session_cookie(chair_user())
    suffix = f" ×{SCALE}" if SCALE > 1 else ""
    size = f"{ACTIVITIES} activities"
    return [
        Page(f"work plan, {size} (ar){suffix}", f"/ar/workplan/{period}/", group="workplan"),
        Page(f"work plan, {size} (en){suffix}", f"/en/workplan/{period}/", group="workplan"),
        Page(
            f"work plan, {size}, filtered (en){suffix}",
            f"/en/workplan/{period}/?status=in_progress",
            group="workplan",
        ),
        Page(
            f"activity page (en){suffix}",
            f"/en/workplan/activities/{activity.pk}/",
            group="workplan",
        ),
        Page(
            f"chair's dashboard, {size} (en){suffix}",
            f"/en/workplan/{period}/dashboard/",
            headers=chair,
            group="workplan",
        ),
    ]
