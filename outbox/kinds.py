"""The registry of message kinds.

A *kind* names what a message is for ("nomination", "invitation", "meeting", …): the outbox
filters by it and shows its label. A *reminder kind* also has a planner, a function of the day
that yields the messages that are due, and a default schedule for Celery beat. Adding one is a
function plus its templates, in any app's `reminders.py` (discovered at start-up):

    from outbox.api import MessageSpec, reminder_kind

    @reminder_kind(
        "meeting",
        label=_("Meeting reminder"),
        description="Reminds registered participants seven days before each meeting.",
        schedule={"minute": "0", "hour": "5"},          # crontab fields; daily at 05:00 UTC
    )
    def plan(today):
        for registration in ...:
            yield MessageSpec(
                to=..., language=..., template="meetings/email/meeting_reminder",
                context={...}, dedup_key=f"meeting:{meeting.pk}:{person.pk}:t-7",
                related=meeting,
            )

The planner must be a pure function of the database and `today`: the outbox inserts its specs
with their deduplication keys, so running it twice, or on two machines, creates nothing twice.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise

MONTHLY_ON_THE_FIRST = {"minute": "0", "hour": "6", "day_of_month": "1"}


def month_start(today: datetime.date) -> datetime.date:
    return today.replace(day=1)


@dataclass(frozen=True)
class Kind:
    name: str
    label: Promise | str
    description: str = ""
    planner: Callable[[datetime.date], Iterable] | None = None
    # Crontab fields (minute, hour, day_of_week, day_of_month, month_of_year) of the default
    # beat schedule; the secretariat edits the stored schedule in the admin afterwards.
    schedule: dict = field(default_factory=dict)
    # The day that names a planning run's campaign (default: the month's first day).
    period: Callable[[datetime.date], datetime.date] = month_start

    @property
    def is_reminder(self) -> bool:
        return self.planner is not None


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.name in _KINDS:
        raise ValueError(f"Message kind {kind.name!r} is registered twice.")
    _KINDS[kind.name] = kind
    return kind


def message_kind(name: str, label, description: str = "") -> Kind:
    """Declare a kind of one-off message (an invitation, a notification) that has no planner."""
    return register(Kind(name=name, label=label, description=description))


def reminder_kind(
    name: str,
    *,
    label,
    description: str,
    schedule: dict | None = None,
    period: Callable[[datetime.date], datetime.date] = month_start,
):
    """Decorator: register `plan(today) -> iterable of MessageSpec` as a reminder kind."""

    def decorate(planner):
        register(
            Kind(
                name=name,
                label=label,
                description=description,
                planner=planner,
                schedule=dict(schedule or MONTHLY_ON_THE_FIRST),
                period=period,
            )
        )
        return planner

    return decorate


def get_kind(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No message kind named {name!r}.") from None


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.name)


def reminder_kinds() -> list[Kind]:
    return [kind for kind in all_kinds() if kind.is_reminder]


def kind_label(name: str) -> str:
    kind = _KINDS.get(name)
    return str(kind.label) if kind else name
