"""The beat schedules of operations, stored in the database like the outbox's.

Created after `migrate` when missing, never changed afterwards (the secretariat's IT may move
the backup's hour in the admin): the heartbeat tick every minute, the backup nightly.
"""

TICK_TASK = "pesnet.tick"
BACKUP_TASK = "ops.backup"
NIGHTLY = {"minute": "30", "hour": "2"}


def ensure_schedules(using="default") -> list[str]:
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    created = []
    tasks = PeriodicTask.objects.using(using)
    if not tasks.filter(task=TICK_TASK).exists():
        every_minute, _ = IntervalSchedule.objects.using(using).get_or_create(
            every=1, period=IntervalSchedule.MINUTES
        )
        name = "Operations: heartbeat of beat and the worker"
        tasks.create(
            name=name,
            task=TICK_TASK,
            interval=every_minute,
            description="Proves to /healthz that beat sends and a worker runs tasks.",
        )
        created.append(name)
    if not tasks.filter(task=BACKUP_TASK).exists():
        nightly, _ = CrontabSchedule.objects.using(using).get_or_create(
            day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC", **NIGHTLY
        )
        name = "Operations: nightly backup"
        tasks.create(
            name=name,
            task=BACKUP_TASK,
            crontab=nightly,
            description="Database and uploaded files into one archive; old archives pruned.",
        )
        created.append(name)
    return created


def ensure_schedules_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    if "django_celery_beat_periodictask" not in connections[using].introspection.table_names():
        return
    ensure_schedules(using)
