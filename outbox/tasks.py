"""Celery tasks of the outbox: each loads ids and calls a service; each is safe to run twice."""

import time

from celery import shared_task


@shared_task(name="outbox.send_due_messages", ignore_result=True)
def send_due_messages() -> dict:
    """Send what is due. Beat runs it every minute; two at once share the work."""
    from . import services

    return services.send_due_messages().as_dict()


@shared_task(name="outbox.plan_reminders", ignore_result=True)
def plan_reminders(kind: str) -> int:
    """Plan one reminder kind for today (beat, on the kind's schedule), then send."""
    from . import services

    report = services.plan_reminders(kind)
    if report.created:
        services.kick_sender()
    return len(report.created)


@shared_task(name="outbox.send_campaign", bind=True)
def send_campaign(self, campaign_id: int) -> dict:
    """Send a campaign's due messages now, reporting progress for the secretariat's page."""
    from . import selectors, services
    from .models import Campaign

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

    report = services.send_due_messages(campaign=campaign, progress=progress)
    return report.as_dict()
