"""The beat schedules of the outbox, stored in the database (django-celery-beat).

`ensure_schedules()` creates what is missing and never touches what exists, so the
secretariat's edits in the admin (another day, another hour, disabled) survive every deploy. It
runs after each `migrate` and as `manage.py reminder_schedules`. A new reminder kind gets its
schedule the next time either runs.
"""

import json

SENDER_TASK = "outbox.send_due_messages"
PLANNER_TASK = "outbox.plan_reminders"
SENDER_DESCRIPTION = (
    "Sends the e-mails that are due from the outbox (reminders, invitations, notifications). "
    "Runs every minute; messages that the mail server refused for a while are retried here "
    "with growing delays."
)


def ensure_schedules(using="default") -> list[str]:
    """Create the missing schedules; returns the names of those created."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    from .kinds import reminder_kinds

    created = []
    tasks = PeriodicTask.objects.using(using)
    if not tasks.filter(task=SENDER_TASK).exists():
        every_minute, _ = IntervalSchedule.objects.using(using).get_or_create(
            every=1, period=IntervalSchedule.MINUTES
        )
        name = "Outbox: send due e-mails"
        tasks.create(
            name=name, task=SENDER_TASK, interval=every_minute, description=SENDER_DESCRIPTION
        )
        created.append(name)
    for kind in reminder_kinds():
        kwargs = json.dumps({"kind": kind.name})
        if tasks.filter(task=PLANNER_TASK, kwargs=kwargs).exists():
            continue
        fields = {
            "minute": "0",
            "hour": "6",
            "day_of_week": "*",
            "day_of_month": "*",
            "month_of_year": "*",
            **kind.schedule,
        }
        crontab, _ = CrontabSchedule.objects.using(using).get_or_create(**fields, timezone="UTC")
        name = f"Outbox: plan {kind.name} reminders"
        tasks.create(
            name=name,
            task=PLANNER_TASK,
            kwargs=kwargs,
            crontab=crontab,
            description=kind.description,
        )
        created.append(name)
    return created


def ensure_schedules_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    if "django_celery_beat_periodictask" not in connections[using].introspection.table_names():
        return  # migrating to a state before django_celery_beat's tables
    ensure_schedules(using)
