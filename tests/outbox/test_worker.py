"""The outbox's tasks through a real Celery worker and Redis."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from outbox.models import OutboxMessage
from outbox.tasks import send_due_messages
from pesnet.celery import app

from .test_sender import queue


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_due_messages_once_even_when_asked_twice(test_templates, smtp_sink):
    ids = [queue(n).pk for n in range(20)]
    app.control.purge()  # tasks other tests left in the queue (they would share the work)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        first = send_due_messages.apply_async(ignore_result=False)
        second = send_due_messages.apply_async(ignore_result=False)
        results = [first.get(timeout=30), second.get(timeout=30)]
    assert sum(result["sent"] for result in results) == 20
    assert sorted(smtp_sink.outbox_ids()) == sorted(ids)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_send_now_lets_the_worker_send_a_campaign_while_the_page_follows_it(
    client, secretariat_user, test_templates, smtp_sink
):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from outbox.models import Campaign

    campaign = Campaign.objects.create(key="test:2026-12", kind="test", period="2026-12-01")
    later = timezone.now() + timedelta(days=2)
    ids = [queue(n, due_at=later, campaign=campaign).pk for n in range(40)]
    client.force_login(secretariat_user)
    progress_url = reverse("outbox:campaign_progress", args=[campaign.pk])
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = client.post(reverse("outbox:campaign_send", args=[campaign.pk]))
        assert response.status_code == 302
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            body = client.get(progress_url).content.decode()
            if 'data-testid="progress-finished"' in body:
                break
            assert 'hx-trigger="every 1s"' in body  # the page keeps polling until done
            time.sleep(0.2)
    assert 'data-testid="progress-finished"' in body and "hx-trigger" not in body
    assert "40 of 40" in body
    assert sorted(smtp_sink.outbox_ids()) == sorted(ids)
