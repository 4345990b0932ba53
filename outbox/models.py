"""The outbox: every e-mail the portal owes, as a row in PostgreSQL before it is a message.

A row is rendered once, in its recipient's language, when it is queued; the sender only hands
stored text to the mail server. Status life cycle:

    pending ──claim──> sending ──> sent
       ^                  │  └───> failed     (permanent refusal, or too many temporary ones)
       └── temporary ─────┘
    pending ──> cancelled (by the secretariat)

A row left in `sending` by a sender that died is either released to `pending` (it was never
handed to the mail server) or flagged `needs_review` (it may have been delivered): see
services.recover_abandoned_claims.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pesnet.cache import Generation, GenerationQuerySet


class Campaign(models.Model):
    """The messages one planning run of a reminder kind created, e.g. December's nominations."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    period = models.DateField(_("period"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    send_requested_at = models.DateTimeField(_("sending requested"), null=True, blank=True)
    send_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sending requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    send_task_id = models.CharField(_("sending task"), max_length=64, blank=True)

    class Meta:
        ordering = ["-period", "-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        from django.utils.formats import date_format

        from .kinds import kind_label

        return f"{kind_label(self.kind)} · {date_format(self.period, 'YEAR_MONTH_FORMAT')}"


# Pages that show messages (a member state's reminders) cache what they render under this
# generation; every write to the outbox bumps it (outbox/cache.py).
MESSAGES = Generation("outbox:messages")


class OutboxMessageQuerySet(GenerationQuerySet):
    """Bulk updates move MESSAGES too (outbox/cache.py declares what moves it)."""


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    dedup_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    to = models.EmailField(_("recipient e-mail"))
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=400)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"))
    action_url = models.CharField(_("link to act on"), max_length=500, blank=True)
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Set when a sender died after it may have handed this message to the mail server: the
    # secretariat decides whether to resend it, never the machine.
    needs_review = models.BooleanField(_("needs review"), default=False)
    claim_token = models.IntegerField(_("claim"), null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("last handled"), null=True, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("content_type", "object_id")

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            # The sender's claim query: pending rows by due time.
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status="pending"),
                name="outbox_pending_due_idx",
            ),
            models.Index(
                fields=["claim_token"],
                condition=models.Q(status="sending"),
                name="outbox_sending_claim_idx",
            ),
            models.Index(fields=["content_type", "object_id"], name="outbox_related_idx"),
            models.Index(fields=["kind", "status"], name="outbox_kind_status_idx"),
            models.Index(fields=["-created_at", "-id"], name="outbox_recent_idx"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def is_rtl(self) -> bool:
        return self.language in settings.RTL_LANGUAGES

    @property
    def can_cancel(self) -> bool:
        return self.status == self.Status.PENDING or (
            self.status == self.Status.SENDING and self.needs_review
        )

    @property
    def can_resend(self) -> bool:
        return self.status == self.Status.FAILED or (
            self.status == self.Status.SENDING and self.needs_review
        )

    @property
    def can_mark_sent(self) -> bool:
        return self.status == self.Status.SENDING and self.needs_review


class OutboxAttachment(models.Model):
    message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    filename = models.CharField(_("file name"), max_length=200)
    mimetype = models.CharField(_("type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename

    @property
    def size(self) -> int:
        return len(self.content)
