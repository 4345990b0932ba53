"""Planning: a reminder kind's planner says what is due, the outbox stores it once.

    plan_reminders(kind_name, today=None, *, is_demo=False) -> PlanReport
    plan_due_reminders(today=None) -> list[PlanReport]    every reminder kind
    planned_specs(kind_name, today=None) -> list[MessageSpec]   what would be queued (--dry-run)

The planners are registered by the apps that own the data (see outbox.kinds).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from pesnet.cache import deferred_for

from .kinds import get_kind, reminder_kinds
from .models import Campaign, OutboxMessage
from .queueing import MessageSpec, queue_specs


@dataclass
class PlanReport:
    kind: str
    period: date
    created: list = field(default_factory=list)
    existing: int = 0
    campaign: Campaign | None = None

    def __str__(self):
        return (
            f"{self.kind} {self.period}: {len(self.created)} new, {self.existing} already planned"
        )


def planned_specs(kind_name: str, today: date | None = None) -> list[MessageSpec]:
    """What the kind's planner wants sent today, without storing anything (--dry-run)."""
    kind = get_kind(kind_name)
    today = today or timezone.localdate()
    specs = []
    for spec in kind.planner(today):
        spec.kind = spec.kind or kind.name
        specs.append(spec)
    return specs


def plan_reminders(
    kind_name: str, today: date | None = None, *, is_demo: bool = False
) -> PlanReport:
    """Insert the reminders of one kind that are due on `today`; idempotent."""
    kind = get_kind(kind_name)
    today = today or timezone.localdate()
    period = kind.period(today)
    report = PlanReport(kind=kind.name, period=period)
    specs = planned_specs(kind_name, today)
    with transaction.atomic():
        campaign = None
        if specs:
            campaign, _created = Campaign.objects.get_or_create(
                key=f"{kind.name}:{period.isoformat()}",
                defaults={"kind": kind.name, "period": period, "is_demo": is_demo},
            )
        with deferred_for(OutboxMessage):
            report.created, report.existing = queue_specs(specs, campaign=campaign)
        report.campaign = campaign
    return report


def plan_due_reminders(today: date | None = None) -> list[PlanReport]:
    return [plan_reminders(kind.name, today) for kind in reminder_kinds()]
