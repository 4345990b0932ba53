"""The beat schedule of the chair's handover, stored in the database (django-celery-beat).

Like the outbox's schedules: created after each `migrate` when missing, never overwritten, so
the secretariat's edits in the admin survive every deploy."""

CHAIR_TERMS_TASK = "governance.apply_chair_terms"
CHAIR_TERMS_NAME = "Governance: the chair role follows the chair's term"
CHAIR_TERMS_DESCRIPTION = (
    "Every day just after midnight UTC: accounts of the institution whose chair term runs hold "
    "the chair role, the others lose it (a handover takes effect on the new term's first day). "
    "Safe to run twice."
)


def ensure_schedules(using="default") -> list[str]:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    if PeriodicTask.objects.using(using).filter(task=CHAIR_TERMS_TASK).exists():
        return []
    crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
        minute="5",
        hour="0",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="UTC",
    )
    PeriodicTask.objects.using(using).create(
        name=CHAIR_TERMS_NAME,
        task=CHAIR_TERMS_TASK,
        crontab=crontab,
        description=CHAIR_TERMS_DESCRIPTION,
    )
    return [CHAIR_TERMS_NAME]


def ensure_schedules_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    if "django_celery_beat_periodictask" not in connections[using].introspection.table_names():
        return
    ensure_schedules(using)
