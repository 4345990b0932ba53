"""The outbox in the secretariat's "what needs you" on the home page: messages that failed and
those waiting for review (pesnet.navigation's registry)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from pesnet.navigation import NEEDS, Need
from pesnet.roles import can

from .models import OutboxMessage

Status = OutboxMessage.Status


def needs(user):
    if not can(user, "outbox.manage"):
        return
    counts = OutboxMessage.objects.aggregate(
        failed=Count("id", filter=Q(status=Status.FAILED)),
        review=Count("id", filter=Q(status=Status.SENDING, needs_review=True)),
    )
    url = reverse("outbox:list")
    if counts["failed"]:
        yield Need(
            ngettext("%(count)d message failed", "%(count)d messages failed", counts["failed"])
            % {"count": counts["failed"]},
            f"{url}?status={Status.FAILED}",
            "messages_failed",
            counts["failed"],
        )
    if counts["review"]:
        yield Need(
            ngettext(
                "%(count)d message is waiting for your review",
                "%(count)d messages are waiting for your review",
                counts["review"],
            )
            % {"count": counts["review"]},
            f"{url}?status=review",
            "messages_to_review",
            counts["review"],
        )


def register():
    NEEDS.append(needs)
