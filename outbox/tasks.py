"""Celery tasks of the outbox: each loads ids and calls a service; each is safe to run twice.

The outbox's own modules queue these by name (pesnet.queue.enqueue_on_commit), never by
importing this module, so the tasks import what they call at the top.
"""

import time

from celery import shared_task

from . import planning, selectors, sending
from .models import Campaign
from .queueing import kick_sender


@shared_task(name="outbox.send_due_messages", ignore_result=True)
def send_due_messages() -> dict:
    """Send what is due. Beat runs it every minute; two at once share the work."""
    return sending.send_due_messages().as_dict()


@shared_task(name="outbox.plan_reminders", ignore_result=True)
def plan_reminders(kind: str) -> int:
    """Plan one reminder kind for today (beat, on the kind's schedule), then send."""
    report = planning.plan_reminders(kind)
    if report.created:
        kick_sender()
    return len(report.created)


@shared_task(name="outbox.send_campaign", bind=True)
def send_campaign(self, campaign_id: int) -> dict:
    """Send a campaign's due messages now, reporting progress for the secretariat's page."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return {}

    last = [0.0]

    def progress(report):
        # At most twice a second: the page polls once a second, and Redis may be down.
        now = time.monotonic()
        if now - last[0] < 0.5:
            return
        last[0] = now
        try:
            self.update_state(state="PROGRESS", meta=selectors.campaign_progress(campaign))
        except Exception:  # progress is a courtesy; the sending goes on
            pass

    report = sending.send_due_messages(campaign=campaign, progress=progress)
    return report.as_dict()
