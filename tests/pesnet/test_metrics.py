"""/metrics: Prometheus text for the allowed addresses only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from outbox.models import OutboxMessage
from pesnet import metrics
from tests.outbox.factories import OutboxMessageFactory


@pytest.mark.django_db
def test_metrics_answer_only_to_allowed_addresses(client, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics").status_code == 200  # the test client is 127.0.0.1
    # A forwarded header does not make a stranger local.
    response = client.get("/metrics", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 404
    settings.METRICS_ALLOWED_IPS = []
    assert client.get("/metrics").status_code == 404


def test_addresses_and_networks():
    assert not metrics.address_allowed("not an address")
    assert not metrics.address_allowed("")


def _value(text: str, line_start: str) -> float:
    for line in text.splitlines():
        if line.startswith(line_start + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no {line_start} in /metrics")


@pytest.mark.django_db
def test_metrics_report_requests_queries_cache_outbox_and_tasks(client):
    client.get("/healthz")
    client.get("/en/")
    now = timezone.now()
    OutboxMessageFactory(due_at=now - timedelta(minutes=30))
    OutboxMessageFactory(due_at=now + timedelta(days=1))
    OutboxMessageFactory(status=OutboxMessage.Status.SENT, sent_at=now)
    metrics.count_task_outcome("outbox.send_due_messages", "SUCCESS")
    metrics.count_task_outcome("outbox.send_due_messages", "FAILURE")

    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert _value(text, 'pesnet_http_requests_total{method="GET",status="200",view="healthz"}') >= 1
    assert 'pesnet_http_request_duration_seconds_bucket{le="0.1",view="home"}' in text
    assert _value(text, 'pesnet_db_queries_total{alias="default"}') > 0
    assert 'pesnet_cache_calls_total{operation="get_many",store="redis"}' in text or (
        'pesnet_cache_calls_total{operation="get",store="redis"}' in text
    )
    assert _value(text, 'pesnet_outbox_messages{status="pending"}') == 2
    assert _value(text, 'pesnet_outbox_messages{status="sent"}') == 1
    assert _value(text, "pesnet_outbox_due_messages") == 1
    assert 1790 < _value(text, "pesnet_outbox_oldest_due_age_seconds") < 1900
    success = 'pesnet_celery_tasks_total{state="SUCCESS",task="outbox.send_due_messages"}'
    assert _value(text, success) >= 1
    assert "pesnet_backup_last_success_timestamp_seconds 0.0" in text
