"""The outbox's gauges for /metrics (pesnet/metrics.py asks at each scrape)."""

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from pesnet.metrics import metric_source

from .models import OutboxMessage

Status = OutboxMessage.Status


@metric_source
def outbox():
    now = timezone.now()
    figures = OutboxMessage.objects.aggregate(
        **{value: Count("id", filter=Q(status=value)) for value in Status.values},
        review=Count("id", filter=Q(status=Status.SENDING, needs_review=True)),
        due=Count("id", filter=Q(status=Status.PENDING, due_at__lte=now)),
        oldest=Min("due_at", filter=Q(status=Status.PENDING, due_at__lte=now)),
    )
    by_status = GaugeMetricFamily(
        "pesnet_outbox_messages", "Outbox messages by status.", labels=["status"]
    )
    for value in Status.values:
        by_status.add_metric([value], figures[value])
    by_status.add_metric(["needs_review"], figures["review"])
    yield by_status
    yield GaugeMetricFamily(
        "pesnet_outbox_due_messages", "Pending messages whose time has come.", value=figures["due"]
    )
    oldest = figures["oldest"]
    yield GaugeMetricFamily(
        "pesnet_outbox_oldest_due_age_seconds",
        "How long the oldest due pending message has waited (0: none waiting).",
        value=(now - oldest).total_seconds() if oldest else 0.0,
    )
