"""Celery tasks of governance: each calls a service and is safe to run twice."""

from celery import shared_task


@shared_task(name="governance.apply_chair_terms", ignore_result=True)
def apply_chair_terms() -> dict:
    """The chair role follows today's term (beat, daily)."""
    from . import services

    result = services.apply_chair_terms()
    return {"granted": result["granted"], "removed": result["removed"]}
