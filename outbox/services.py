"""The secretariat's actions on the outbox, each with its actor as `by=`:

    resend(message, *, by), cancel(message, *, by), mark_sent(message, *, by),
    request_campaign_sending(campaign, *, by), cancel_campaign(campaign, *, by)

Queueing, planning and sending are in their own modules (queueing, planning, sending); other
apps reach the outbox through `outbox.api`.
"""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pesnet.errors import DomainError
from pesnet.queue import enqueue_on_commit

from .models import Campaign, OutboxMessage
from .queueing import kick_sender

Status = OutboxMessage.Status


class NotAllowed(DomainError):
    """The message is not in a state that allows this action."""

    def __init__(self, message=None, **kwargs):
        super().__init__(
            message or _("This message can no longer be changed in that way."), **kwargs
        )


def _handled(message: OutboxMessage, by, **values) -> None:
    values.update(changed_by=by, changed_at=timezone.now())
    for name, value in values.items():
        setattr(message, name, value)
    message.save(update_fields=list(values))


@transaction.atomic
def resend(message: OutboxMessage, *, by) -> None:
    """A failed message, or one in review, goes out again on the next sender run."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if not message.can_resend:
        raise NotAllowed
    _handled(
        message,
        by,
        status=Status.PENDING,
        due_at=timezone.now(),
        attempts=0,
        needs_review=False,
        claim_token=None,
        claimed_at=None,
    )
    kick_sender()


@transaction.atomic
def cancel(message: OutboxMessage, *, by) -> None:
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if not message.can_cancel:
        raise NotAllowed
    _handled(message, by, status=Status.CANCELLED, needs_review=False, claim_token=None)


@transaction.atomic
def mark_sent(message: OutboxMessage, *, by) -> None:
    """The secretariat checked (e.g. in the mail server's log) that a message in review arrived."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if not message.can_mark_sent:
        raise NotAllowed
    _handled(
        message,
        by,
        status=Status.SENT,
        sent_at=message.claimed_at or timezone.now(),
        needs_review=False,
        claim_token=None,
    )


@transaction.atomic
def cancel_campaign(campaign: Campaign, *, by) -> int:
    return campaign.messages.filter(status=Status.PENDING).update(
        status=Status.CANCELLED, changed_by=by, changed_at=timezone.now()
    )


@transaction.atomic
def request_campaign_sending(campaign: Campaign, *, by) -> str:
    """Make the campaign's pending messages due now and have a worker send them."""
    now = timezone.now()
    campaign.messages.filter(status=Status.PENDING, due_at__gt=now).update(due_at=now)
    task_id = str(uuid.uuid4())
    campaign.send_requested_at = now
    campaign.send_requested_by = by
    campaign.send_task_id = task_id
    campaign.save(update_fields=["send_requested_at", "send_requested_by", "send_task_id"])

    enqueue_on_commit("outbox.send_campaign", campaign.pk, task_id=task_id)
    return task_id
