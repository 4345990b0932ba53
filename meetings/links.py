"""A training's work-plan activity, resolved through a registry.

Meetings sit below the work plan, so they never import it: the work plan registers, in its
AppConfig.ready, how to list its activities and how to name one (`register_activity_source`).
Until it does, the field is hidden and a training has no activity link.
"""

from collections.abc import Callable

_choices: Callable | None = None
_resolve: Callable | None = None


def register_activity_source(choices: Callable, resolve: Callable) -> None:
    """`choices()` -> [(id, label)]; `resolve(id)` -> the activity (with get_absolute_url) or
    None."""
    global _choices, _resolve
    _choices, _resolve = choices, resolve


def activity_choices() -> list:
    return list(_choices()) if _choices else []


def activity_of(meeting):
    if not meeting.activity_id or _resolve is None:
        return None
    return _resolve(meeting.activity_id)
