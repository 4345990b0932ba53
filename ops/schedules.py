"""The beat schedules of operations, stored in the database like the outbox's (pesnet.schedules).

Created after `migrate` when missing, never changed afterwards (the secretariat's IT may move
the backup's hour in the admin): the heartbeat tick every minute, the backup nightly.
"""

from pesnet.schedules import ensure_task

TICK_TASK = "pesnet.tick"
BACKUP_TASK = "ops.backup"
NIGHTLY = {"minute": "30", "hour": "2"}

SCHEDULES = [
    dict(
        name="Operations: heartbeat of beat and the worker",
        task=TICK_TASK,
        every_minutes=1,
        description="Proves to /healthz that beat sends and a worker runs tasks.",
    ),
    dict(
        name="Operations: nightly backup",
        task=BACKUP_TASK,
        crontab=NIGHTLY,
        description="Database and uploaded files into one archive; old archives pruned.",
    ),
]


def ensure_schedules(using="default") -> list[str]:
    return [s["name"] for s in SCHEDULES if ensure_task(using, **s)]
