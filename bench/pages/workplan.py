"""The work plan's pages under wrk: the public plan page (150 activities, ar and en), an
activity page and the chair's dashboard."""

from bench.harness import Page


def pages(ctx):
    from bench.workplan import chair_user, ensure_plan

    plan = ensure_plan(150, 2093)
    activity = plan.activities.order_by("pk").first()
    period = f"{plan.start_year}-{plan.end_year}"
    chair = ctx.session_cookie(chair_user())
    return [
        Page("work plan, 150 activities (ar)", f"/ar/workplan/{period}/", group="workplan"),
        Page("work plan, 150 activities (en)", f"/en/workplan/{period}/", group="workplan"),
        Page("activity page (en)", f"/en/workplan/activities/{activity.pk}/", group="workplan"),
        Page(
            "chair's dashboard, 150 activities (en)",
            f"/en/workplan/{period}/dashboard/",
            headers=chair,
            group="workplan",
        ),
    ]
