"""Beat schedules stored in the database (django-celery-beat), the same way for every app.

An app's `schedules.py` has `ensure_schedules(using) -> [names created]`, built from
`ensure_task`; it creates what is missing and never touches what exists, so the secretariat's
edits in the admin (another hour, disabled) survive every deploy. `connect(app_config, ensure)`
runs it after each `migrate`, once django-celery-beat's tables exist.
"""

import json

DAILY = {"day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}


def ensure_task(
    using, *, name, task, description, every_minutes=None, crontab=None, kwargs=None
) -> bool:
    """Create the periodic task `task` (with `kwargs`) unless it exists: every `every_minutes`
    or on `crontab` (CrontabSchedule fields in UTC, daily unless they say otherwise). True
    when it was created."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    tasks = PeriodicTask.objects.using(using)
    encoded = json.dumps(kwargs) if kwargs is not None else "{}"
    if tasks.filter(task=task, kwargs=encoded).exists():
        return False
    when = {}
    if every_minutes is not None:
        when["interval"], _ = IntervalSchedule.objects.using(using).get_or_create(
            every=every_minutes, period=IntervalSchedule.MINUTES
        )
    else:
        when["crontab"], _ = CrontabSchedule.objects.using(using).get_or_create(
            **{**DAILY, **crontab}, timezone="UTC"
        )
    tasks.create(name=name, task=task, kwargs=encoded, description=description, **when)
    return True


def connect(app_config, ensure) -> None:
    """Run `ensure(using)` after each `migrate` of `app_config`'s app."""
    from django.db.models.signals import post_migrate

    def after_migrate(sender, using="default", **kwargs):
        from django.db import connections

        tables = connections[using].introspection.table_names()
        if "django_celery_beat_periodictask" in tables:  # not when migrating back before it
            ensure(using)

    post_migrate.connect(
        after_migrate, sender=app_config, weak=False, dispatch_uid=f"{app_config.label}-schedules"
    )
