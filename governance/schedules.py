"""The beat schedule of the chair's handover, stored in the database (django-celery-beat).

Like the outbox's schedules: created after each `migrate` when missing, never overwritten, so
the secretariat's edits in the admin survive every deploy (pesnet.schedules)."""

from pesnet.schedules import ensure_task

CHAIR_TERMS_TASK = "governance.apply_chair_terms"
CHAIR_TERMS_NAME = "Governance: the chair role follows the chair's term"
CHAIR_TERMS_DESCRIPTION = (
    "Every day just after midnight UTC: accounts of the institution whose chair term runs hold "
    "the chair role, the others lose it (a handover takes effect on the new term's first day). "
    "Safe to run twice."
)


RETENTION_TASK = "governance.erase_expired_personal_data"
RETENTION_NAME = "Governance: erase former focal points' phones and e-mail after retention"
RETENTION_DESCRIPTION = (
    "Every day at 00:20 UTC: withdrawn and superseded focal points whose term ended more than "
    "the retention period ago (set by the secretariat, 5 years by default) lose their phone "
    "numbers and e-mail address, in their record and its history. Safe to run twice."
)

SCHEDULES = [
    (CHAIR_TERMS_TASK, CHAIR_TERMS_NAME, CHAIR_TERMS_DESCRIPTION, "5"),
    (RETENTION_TASK, RETENTION_NAME, RETENTION_DESCRIPTION, "20"),
]


def ensure_schedules(using="default") -> list[str]:
    return [
        name
        for task, name, description, minute in SCHEDULES
        if ensure_task(
            using,
            name=name,
            task=task,
            description=description,
            crontab={"minute": minute, "hour": "0"},
        )
    ]
