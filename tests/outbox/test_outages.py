"""Redis down: the portal keeps serving and no reminder is lost (the outbox is in PostgreSQL)."""

import pytest
from django.urls import reverse

from members.models import MemberState
from outbox.models import Campaign, OutboxMessage
from outbox.planning import plan_reminders
from outbox.sending import send_due_messages
from pesnet.celery import app

from ..factories import InstitutionFactory

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_pages_serve_and_no_reminder_is_lost(
    client, secretariat_user, reference_data, smtp_sink, settings, monkeypatch
):
    InstitutionFactory(member_state=MemberState.objects.get(iso3="JOR"), email="mol@jo.example")
    report = plan_reminders("nomination")
    queued = {m.pk for m in report.created}
    assert len(queued) == 2  # Jordan's reminder and the secretariat's digest
    campaign = Campaign.objects.get()

    settings.REDIS_URL = DEAD_REDIS
    # Both Redis instances down: the broker's and the evicting one of the cached pages.
    settings.CACHES = {
        alias: {**settings.CACHES[alias], "LOCATION": DEAD_REDIS} for alias in ("default", "pages")
    }
    monkeypatch.setattr(app.conf, "broker_url", DEAD_REDIS)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)

    assert client.get("/healthz").status_code == 503
    assert client.get(reverse("home")).status_code == 200
    client.force_login(secretariat_user)
    assert client.get(reverse("outbox:list")).status_code == 200
    # Sending now needs the worker's queue: the request still succeeds, the rows stay put.
    response = client.post(reverse("outbox:campaign_send", args=[campaign.pk]), follow=True)
    assert response.status_code == 200
    assert "queue is unavailable" in response.content.decode()
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"pending"}

    monkeypatch.undo()  # Redis is back: beat's next run (or send_reminders) sends them.
    assert send_due_messages().sent == 2
    assert set(smtp_sink.outbox_ids()) == queued
