"""Celery tasks of governance: each calls a service and is safe to run twice."""

from celery import shared_task
from django.db import transaction


@shared_task(name="governance.apply_chair_terms", ignore_result=True)
def apply_chair_terms() -> dict:
    """The chair role follows today's term (beat, daily)."""
    from . import services

    result = services.apply_chair_terms()
    return {"granted": result["granted"], "removed": result["removed"]}


@shared_task(name="governance.erase_expired_personal_data", ignore_result=True)
def erase_expired_personal_data() -> dict:
    """Former focal points' phones and e-mail go after the retention period (beat, daily)."""
    from . import services

    with transaction.atomic():
        erased = services.erase_expired_personal_data()
    return {"erased": len(erased)}
