"""The beat schedules of the outbox, stored in the database (django-celery-beat).

`ensure_schedules()` creates what is missing and never touches what exists, so the
secretariat's edits in the admin (another day, another hour, disabled) survive every deploy. It
runs after each `migrate` and as `manage.py reminder_schedules`. A new reminder kind gets its
schedule the next time either runs.
"""

from pesnet.schedules import ensure_task

SENDER_TASK = "outbox.send_due_messages"
PLANNER_TASK = "outbox.plan_reminders"
SENDER_DESCRIPTION = (
    "Sends the e-mails that are due from the outbox (reminders, invitations, notifications). "
    "Runs every minute; messages that the mail server refused for a while are retried here "
    "with growing delays."
)


def ensure_schedules(using="default") -> list[str]:
    """Create the missing schedules; returns the names of those created."""
    from .kinds import reminder_kinds

    created = []
    name = "Outbox: send due e-mails"
    if ensure_task(
        using, name=name, task=SENDER_TASK, every_minutes=1, description=SENDER_DESCRIPTION
    ):
        created.append(name)
    for kind in reminder_kinds():
        name = f"Outbox: plan {kind.name} reminders"
        if ensure_task(
            using,
            name=name,
            task=PLANNER_TASK,
            kwargs={"kind": kind.name},
            crontab={"minute": "0", "hour": "6", **kind.schedule},
            description=kind.description,
        ):
            created.append(name)
    return created
