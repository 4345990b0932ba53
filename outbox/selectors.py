"""Queries of the outbox, for views, tasks and other apps."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from .models import Campaign, OutboxMessage

Status = OutboxMessage.Status


def messages_for_secretariat(*, kind="", status="", campaign=None, review=False):
    """The outbox list, newest first, filtered; `status` may also be "review"."""
    messages = OutboxMessage.objects.select_related("campaign").defer("body_text", "body_html")
    if kind:
        messages = messages.filter(kind=kind)
    if status == "review" or review:
        messages = messages.filter(status=Status.SENDING, needs_review=True)
    elif status:
        messages = messages.filter(status=status)
    if campaign is not None:
        messages = messages.filter(campaign=campaign)
    return messages


def status_counts() -> dict:
    """How many messages are in each status, plus those waiting for the secretariat's review;
    also the oldest due pending message and the last sending (for `sending_stalled`)."""
    counts = OutboxMessage.objects.aggregate(
        **{value: Count("id", filter=Q(status=value)) for value in Status.values},
        review=Count("id", filter=Q(status=Status.SENDING, needs_review=True)),
        oldest_due_at=Min("due_at", filter=Q(status=Status.PENDING, due_at__lte=timezone.now())),
        last_sent_at=Max("sent_at"),
    )
    return counts


# The outbox page warns when messages have been due this long and nothing was sent meanwhile.
STALLED_AFTER = timedelta(minutes=10)


def sending_stalled(counts: dict, now=None) -> bool:
    """Messages have been due for ten minutes and nothing was sent meanwhile: the worker,
    beat or the mail server needs looking at (from `status_counts()`, no query)."""
    now = now or timezone.now()
    limit = now - STALLED_AFTER
    oldest, last_sent = counts.get("oldest_due_at"), counts.get("last_sent_at")
    return oldest is not None and oldest <= limit and (last_sent is None or last_sent <= limit)


def kinds_in_use() -> list[str]:
    return list(OutboxMessage.objects.order_by("kind").values_list("kind", flat=True).distinct())


def campaigns_with_counts():
    return Campaign.objects.annotate(
        total=Count("messages"),
        sent=Count("messages", filter=Q(messages__status=Status.SENT)),
        pending=Count("messages", filter=Q(messages__status=Status.PENDING)),
        failed=Count("messages", filter=Q(messages__status=Status.FAILED)),
    ).order_by("-period", "-created_at", "-id")  # GROUP BY queries ignore Meta.ordering


def campaign_progress(campaign: Campaign) -> dict:
    from django.utils import timezone

    counts = campaign.messages.aggregate(
        total=Count("id", filter=~Q(status=Status.CANCELLED)),
        waiting=Count("id", filter=Q(status=Status.PENDING, due_at__gt=timezone.now())),
        **{value: Count("id", filter=Q(status=value)) for value in Status.values},
        review=Count("id", filter=Q(status=Status.SENDING, needs_review=True)),
    )
    # Done: every message has an outcome (sent or failed) or waits for a person (review).
    counts["done"] = counts["sent"] + counts["failed"] + counts["review"]
    counts["percent"] = round(100 * counts["done"] / counts["total"]) if counts["total"] else 100
    # Finished when nothing is due or being sent; refusals waiting for a retry do not count.
    counts["finished"] = (
        counts["pending"] == counts["waiting"] and counts["sending"] == counts["review"]
    )
    return counts


def messages_about(obj):
    """The outbox messages queued about `obj` (a member state, a meeting…), newest first."""
    return OutboxMessage.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def sent_counts_about(kind: str, objects, before=None) -> dict[str, int]:
    """How many messages of `kind` were sent about each of `objects` (instances of one model),
    only those due before `before` when given: {str(pk): count}."""
    objects = list(objects)
    if not objects:
        return {}
    sent = OutboxMessage.objects.filter(
        kind=kind,
        status=Status.SENT,
        content_type=ContentType.objects.get_for_model(objects[0]),
        object_id__in=[str(obj.pk) for obj in objects],
    )
    if before is not None:
        sent = sent.filter(due_at__lt=before)
    return dict(sent.values_list("object_id").annotate(n=Count("id")))
