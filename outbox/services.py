"""The outbox's public API: queue e-mails, plan reminders, send what is due.

Other apps call these functions; nothing else of the outbox is theirs to touch.

Queueing
    queue_message(*, to, language, kind, template, context, dedup_key, due_at=None, user=None,
                  attachments=(), related=None, recipient_name="", action_url="",
                  campaign=None) -> OutboxMessage | None

    Renders `<template>.subject.txt`, `<template>.txt` and `<template>.html` inside
    `translation.override(language)` and inserts one row with
    `INSERT … ON CONFLICT (dedup_key) DO NOTHING`. Returns the new row, or None when a row with
    that key already exists (whatever its status): calling it twice, or from two processes at
    once, queues one message. The templates extend `outbox/email/base.txt` / `base.html`, which
    add the greeting line, the link to `action_url` (an absolute URL, see `portal_url`) and the
    secretariat's signature. `attachments` are `Attachment(filename, content, mimetype)`s (an
    .ics invitation, a PDF). `related` is any model instance the message is about (a member
    state, a meeting): `messages_about(obj)` lists them. The caller's transaction decides: the
    row is committed with the caller's other writes, or not at all. Call `kick_sender()` after
    queueing something urgent; otherwise the every-minute beat task sends it.

    portal_url(url_name, *args, language, **kwargs) -> str
        Absolute link (settings.SITE_URL) to a portal page in the recipient's language.

Planning
    plan_reminders(kind_name, today=None) -> PlanReport   (see outbox.kinds for planners)
    plan_due_reminders(today=None) -> list[PlanReport]    every reminder kind

Sending
    send_due_messages(*, batch_size=None, campaign=None, now=None, progress=None) -> SendReport
        Claims due rows with SELECT … FOR UPDATE SKIP LOCKED (marked `sending` in the claiming
        transaction), sends each batch over one connection of Django's e-mail backend and
        records every outcome as soon as the server answered. Safe to run in parallel and
        twice. Must run outside a transaction (it commits per message).

Secretariat actions
    resend(message, *, by), cancel(message, *, by), mark_sent(message, *, by),
    request_campaign_sending(campaign, *, by), cancel_campaign(campaign, *, by)
"""

import logging
import re
import secrets
import smtplib
import socket
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.template.loader import get_template, render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pesnet.errors import DomainError

from .kinds import get_kind, reminder_kinds
from .models import MESSAGES, Campaign, OutboxAttachment, OutboxMessage

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status

# Namespace of the outbox's PostgreSQL advisory locks (the two-integer form): the first key
# says "outbox sender", the second is the claim token of one sender run.
ADVISORY_LOCK_NAMESPACE = 0x0B0C


def _setting(name: str, default):
    return getattr(settings, name, default)


# --- Queueing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


@dataclass
class MessageSpec:
    """What a planner wants sent; queue_message's arguments as a value."""

    to: str
    language: str
    template: str
    context: dict
    dedup_key: str
    kind: str = ""
    due_at: datetime | None = None
    user: object = None
    attachments: Iterable[Attachment] = ()
    related: object = None
    recipient_name: str = ""
    action_url: str = ""


def portal_url(url_name: str, *args, language: str, fallback: str = "home", **kwargs) -> str:
    """Absolute URL of a portal page in `language`, for links in e-mails.

    Falls back to `fallback` (the home page) when `url_name` is not installed, so that an app
    can link to a page another app provides once that app is merged.
    """
    with translation.override(language):
        try:
            path = reverse(url_name, args=args or None, kwargs=kwargs or None)
        except NoReverseMatch:
            path = reverse(fallback)
    return f"{settings.SITE_URL}{path}"


def _render_plain(template_name: str, context: dict) -> str:
    # Plain text and subjects are not HTML: no autoescaping (an "&" stays an "&").
    from django.template import Context

    text = get_template(template_name).template.render(Context(context, autoescape=False))
    # Template tags leave blank lines behind; a letter has at most one between paragraphs.
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def render_message(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """(subject, text body, HTML body) of `template` in `language`."""
    with translation.override(language):
        full = {
            **context,
            "language": language,
            "text_direction": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(_render_plain(f"{template}.subject.txt", full).split())
        full["subject"] = subject
        text = _render_plain(f"{template}.txt", full).strip() + "\n"
        html = render_to_string(f"{template}.html", full)
    return subject, text, html


def _insert_ignoring_conflict(message: OutboxMessage) -> int | None:
    """INSERT … ON CONFLICT (dedup_key) DO NOTHING RETURNING id: the new id, or None."""
    fields = [f for f in OutboxMessage._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [f.get_db_prep_save(f.pre_save(message, True), connection) for f in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(OutboxMessage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "
            f"ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
            values,
        )
        row = cursor.fetchone()
    if row:
        MESSAGES.bump()
    return row[0] if row else None


def queue_message(
    *,
    to: str,
    language: str,
    kind: str,
    template: str,
    context: dict,
    dedup_key: str,
    due_at: datetime | None = None,
    user=None,
    attachments: Iterable[Attachment] = (),
    related=None,
    recipient_name: str = "",
    action_url: str = "",
    campaign: Campaign | None = None,
) -> OutboxMessage | None:
    get_kind(kind)  # an unknown kind is a programming error, caught here rather than later
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    context = {**context, "action_url": action_url, "recipient_name": recipient_name}
    subject, body_text, body_html = render_message(template, context, language)
    message = OutboxMessage(
        dedup_key=dedup_key,
        kind=kind,
        campaign=campaign,
        to=to,
        recipient_name=recipient_name,
        user=user,
        language=language,
        subject=subject[:400],
        body_text=body_text,
        body_html=body_html,
        action_url=action_url,
        due_at=due_at or timezone.now(),
    )
    if related is not None:
        message.content_type = ContentType.objects.get_for_model(related)
        message.object_id = str(related.pk)
    with transaction.atomic():
        message.id = _insert_ignoring_conflict(message)
        if message.id is None:
            return None
        message._state.adding = False
        OutboxAttachment.objects.bulk_create(
            OutboxAttachment(
                message=message,
                filename=attachment.filename,
                mimetype=attachment.mimetype,
                content=attachment.content,
            )
            for attachment in attachments
        )
    return message


def queue_spec(spec: MessageSpec, *, campaign: Campaign | None = None) -> OutboxMessage | None:
    return queue_message(
        to=spec.to,
        language=spec.language,
        kind=spec.kind,
        template=spec.template,
        context=spec.context,
        dedup_key=spec.dedup_key,
        due_at=spec.due_at,
        user=spec.user,
        attachments=spec.attachments,
        related=spec.related,
        recipient_name=spec.recipient_name,
        action_url=spec.action_url,
        campaign=campaign,
    )


def messages_about(obj):
    """The outbox messages queued about `obj` (a member state, a meeting…), newest first."""
    return OutboxMessage.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def kick_sender() -> None:
    """Ask a worker to send what is due once the current transaction commits.

    Best effort: when Redis is down the message stays pending and the every-minute beat task
    (or `send_reminders`) sends it later; the outbox is in PostgreSQL, so nothing is lost.
    """
    transaction.on_commit(_enqueue_sender)


def broker_reachable(timeout: float = 0.5) -> bool:
    """A quick TCP check of Celery's broker: its client retries for seconds when it is down,
    and a web request should not wait that long for a task that beat will run anyway."""
    from urllib.parse import urlsplit

    from pesnet.celery import app

    url = urlsplit(app.conf.broker_url or "")
    if url.scheme not in ("redis", "rediss", "amqp", "amqps", "pyamqp"):
        return True
    default_port = 6379 if url.scheme.startswith("redis") else 5672
    try:
        with socket.create_connection((url.hostname, url.port or default_port), timeout):
            return True
    except OSError:
        return False


def enqueue(task, **options) -> bool:
    """Publish a Celery task without ever failing the caller; False when it could not."""
    if not broker_reachable():
        logger.warning("Celery's broker is unreachable; %s was not enqueued", task.name)
        return False
    try:
        task.apply_async(retry=False, **options)
    except Exception as error:  # the broker went away meanwhile; beat will catch up
        logger.warning("Could not enqueue %s: %s", task.name, error)
        return False
    return True


def _enqueue_sender() -> None:
    from .tasks import send_due_messages as task

    enqueue(task)


# --- Planning ------------------------------------------------------------------------------


@dataclass
class PlanReport:
    kind: str
    period: date
    created: list = field(default_factory=list)
    existing: int = 0
    campaign: Campaign | None = None

    def __str__(self):
        return (
            f"{self.kind} {self.period}: {len(self.created)} new, {self.existing} already planned"
        )


def planned_specs(kind_name: str, today: date | None = None) -> list[MessageSpec]:
    """What the kind's planner wants sent today, without storing anything (--dry-run)."""
    kind = get_kind(kind_name)
    today = today or timezone.localdate()
    specs = []
    for spec in kind.planner(today):
        spec.kind = spec.kind or kind.name
        specs.append(spec)
    return specs


def plan_reminders(
    kind_name: str, today: date | None = None, *, is_demo: bool = False
) -> PlanReport:
    """Insert the reminders of one kind that are due on `today`; idempotent."""
    kind = get_kind(kind_name)
    today = today or timezone.localdate()
    period = kind.period(today)
    report = PlanReport(kind=kind.name, period=period)
    specs = planned_specs(kind_name, today)
    with transaction.atomic():
        campaign = None
        if specs:
            campaign, _created = Campaign.objects.get_or_create(
                key=f"{kind.name}:{period.isoformat()}",
                defaults={"kind": kind.name, "period": period, "is_demo": is_demo},
            )
        with MESSAGES.deferred():
            for spec in specs:
                message = queue_spec(spec, campaign=campaign)
                if message is None:
                    report.existing += 1
                else:
                    report.created.append(message)
        report.campaign = campaign
    return report


def plan_due_reminders(today: date | None = None) -> list[PlanReport]:
    return [plan_reminders(kind.name, today) for kind in reminder_kinds()]


# --- Sending -------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retry_later: int = 0
    released: int = 0
    flagged_for_review: int = 0
    errors: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "retry_later": self.retry_later,
            "released": self.released,
            "flagged_for_review": self.flagged_for_review,
        }


@dataclass(frozen=True)
class SmtpOutcome:
    temporary: bool
    connection_lost: bool
    error: str
    # No answer at all (the link broke or timed out mid-message): the server may have accepted
    # the message, so it is not retried automatically but put before the secretariat.
    in_doubt: bool = False


def classify_smtp_error(error: Exception) -> SmtpOutcome:
    """Temporary (4xx, connection trouble) or permanent (5xx), and whether the link is gone."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in error.recipients.values()]
        temporary = any(400 <= code < 500 for code in codes)
        return SmtpOutcome(temporary, False, f"Recipient refused: {error.recipients}")
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return SmtpOutcome(True, True, f"Mail server disconnected: {error}", in_doubt=True)
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        reply = error.smtp_error
        if isinstance(reply, bytes):
            reply = reply.decode("utf-8", "replace")
        # 421 means the server is closing the connection.
        return SmtpOutcome(400 <= code < 500, code == 421, f"{code} {reply}")
    if isinstance(error, (ConnectionError, socket.timeout, TimeoutError, OSError)):
        return SmtpOutcome(True, True, f"Mail server unreachable: {error}", in_doubt=True)
    if isinstance(error, smtplib.SMTPException):
        return SmtpOutcome(True, True, f"SMTP error: {error}")
    return SmtpOutcome(False, False, f"{type(error).__name__}: {error}")


def retry_delay(attempts: int) -> timedelta:
    base = _setting("OUTBOX_RETRY_BASE_SECONDS", 60)
    cap = _setting("OUTBOX_RETRY_MAX_SECONDS", 3600)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def _sender_address() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def build_email(message: OutboxMessage, connection=None) -> EmailMultiAlternatives:
    """The multipart (text + HTML) e-mail of a stored row; the portal's name as sender."""
    with translation.override(message.language):
        sender = formataddr((_("OIC-PESNET Portal"), _sender_address()))
    to = formataddr((message.recipient_name, message.to)) if message.recipient_name else message.to
    domain = _sender_address().rpartition("@")[2] or "pesnet.localhost"
    headers = {
        # Stable per row: a review-resend carries the same Message-ID, so mail systems that
        # deduplicate by it show one message.
        "Message-ID": f"<outbox.{message.pk}@{domain}>",
        "Auto-Submitted": "auto-generated",
        "Content-Language": message.language,
        "X-PESNET-Kind": message.kind,
        "X-PESNET-Outbox-Id": str(message.pk),
    }
    reply_to = _setting("OUTBOX_REPLY_TO", "")
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=sender,
        to=[to],
        headers=headers,
        reply_to=[reply_to] if reply_to else None,
        connection=connection,
    )
    email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


def _try_lock(token: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [ADVISORY_LOCK_NAMESPACE, token])
        return cursor.fetchone()[0]


def _unlock(token: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [ADVISORY_LOCK_NAMESPACE, token])


def _new_claim_token() -> int:
    """A random token, held as a session advisory lock for as long as this sender lives.

    PostgreSQL drops the lock when the sender's connection dies (a killed process, a crashed
    machine), which is how another sender tells an abandoned claim from a live one without
    guessing from the clock.
    """
    while True:
        token = secrets.randbelow(2**31 - 1) + 1
        if _try_lock(token):
            return token


REVIEW_NOTE = (
    "The sender stopped after handing this message to the mail server and before recording "
    "the answer: it may have been delivered. Check, then resend or mark it as sent."
)


def _settle_claim(token: int, in_flight: int | None, *, sender_died: bool) -> tuple[int, int]:
    """Rows still `sending` under `token`: flag the one possibly handed over, release the rest.

    The sender hands a batch to the server one row at a time in id order and records each
    answer before the next, so only one row per claim can be in doubt: `in_flight` when the
    sender settles its own claim, or, for a sender that died, the lowest id still sending (the
    one it was handing over when it died).
    """
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update()
            .filter(status=Status.SENDING, claim_token=token, needs_review=False)
            .order_by("id")
            .values_list("id", flat=True)
        )
        if not ids:
            return 0, 0
        doubtful = ids[0] if sender_died else (in_flight if in_flight in ids else None)
        flagged = 0
        if doubtful is not None:
            flagged = OutboxMessage.objects.filter(pk=doubtful).update(
                needs_review=True, last_error=REVIEW_NOTE
            )
        released = (
            OutboxMessage.objects.filter(pk__in=ids)
            .exclude(pk=doubtful)
            .update(status=Status.PENDING, claim_token=None, claimed_at=None)
        )
    return released, flagged


def recover_abandoned_claims() -> tuple[int, int]:
    """Settle the claims of senders that died (their advisory lock is free): (released, flagged)."""
    tokens = set(
        OutboxMessage.objects.filter(status=Status.SENDING, needs_review=False)
        .exclude(claim_token=None)
        .values_list("claim_token", flat=True)
        .distinct()
    )
    released = flagged = 0
    for token in tokens:
        if not _try_lock(token):
            continue  # its sender is alive
        try:
            r, f = _settle_claim(token, in_flight=None, sender_died=True)
            released += r
            flagged += f
            if f:
                logger.warning("Outbox: a dead sender left a message in doubt (claim %s)", token)
        finally:
            _unlock(token)
    return released, flagged


def _claim(token: int, batch_size: int, campaign: Campaign | None) -> list[int]:
    now = timezone.now()
    # durable: the claim must commit before anything is sent, never ride on a caller's
    # transaction that could roll back after the mail server accepted the messages.
    with transaction.atomic(durable=True):
        due = OutboxMessage.objects.filter(status=Status.PENDING, due_at__lte=now)
        if campaign is not None:
            due = due.filter(campaign=campaign)
        ids = list(
            due.order_by("due_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:batch_size]
        )
        if ids:
            OutboxMessage.objects.filter(pk__in=ids).update(
                status=Status.SENDING, claim_token=token, claimed_at=now
            )
    return sorted(ids)


def _record(message_id: int, token: int, **values) -> None:
    OutboxMessage.objects.filter(pk=message_id, status=Status.SENDING, claim_token=token).update(
        attempts=F("attempts") + 1, **values
    )


def _record_sent(message_id: int, token: int) -> None:
    _record(
        message_id,
        token,
        status=Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        claim_token=None,
    )


def _record_failure(message: OutboxMessage, token: int, outcome: SmtpOutcome) -> str:
    attempts = message.attempts + 1
    give_up = not outcome.temporary or (
        not outcome.connection_lost and attempts >= _setting("OUTBOX_MAX_ATTEMPTS", 8)
    )
    if give_up:
        _record(message.pk, token, status=Status.FAILED, last_error=outcome.error, claim_token=None)
        return "failed"
    _record(
        message.pk,
        token,
        status=Status.PENDING,
        due_at=timezone.now() + retry_delay(attempts),
        last_error=outcome.error,
        claim_token=None,
        claimed_at=None,
    )
    return "retry_later"


def _release(ids: Iterable[int], token: int) -> int:
    """Back to pending, untouched: these were claimed but never handed to the server."""
    return OutboxMessage.objects.filter(
        pk__in=list(ids), status=Status.SENDING, claim_token=token
    ).update(status=Status.PENDING, claim_token=None, claimed_at=None)


def send_due_messages(
    *,
    batch_size: int | None = None,
    campaign: Campaign | None = None,
    progress: Callable[[SendReport], None] | None = None,
) -> SendReport:
    """Send everything that is due, batch after batch, until nothing due is left."""
    batch_size = batch_size or _setting("OUTBOX_BATCH_SIZE", 100)
    report = SendReport()
    released, flagged = recover_abandoned_claims()
    report.released += released
    report.flagged_for_review += flagged
    token = _new_claim_token()
    in_flight: list[int | None] = [None]
    try:
        while True:
            with MESSAGES.deferred():
                ids = _claim(token, batch_size, campaign)
                if not ids:
                    break
                sent_on = _send_batch(ids, token, report, in_flight, progress)
            if not sent_on:
                break  # the mail server is unreachable: try again on the next run
    finally:
        try:
            released, flagged = _settle_claim(token, in_flight=in_flight[0], sender_died=False)
            report.released += released
            report.flagged_for_review += flagged
        except DatabaseError:
            logger.exception("Outbox: could not settle claim %s; the next run will", token)
        try:
            _unlock(token)
        except DatabaseError:
            pass  # the connection is gone, and the lock with it
    return report


def _send_batch(ids, token, report, in_flight, progress) -> bool:
    """One SMTP connection for the batch. False when the server could not be reached."""
    messages = list(
        OutboxMessage.objects.filter(pk__in=ids).order_by("id").prefetch_related("attachments")
    )
    mail = get_connection(fail_silently=False)
    try:
        mail.open()
    except Exception as error:
        # Whatever the reason (down, refused, bad credentials), it is not the messages'
        # fault: they wait, with back-off, for the server to be reachable again.
        outcome = SmtpOutcome(True, True, classify_smtp_error(error).error)
        logger.warning("Outbox: cannot reach the mail server: %s", outcome.error)
        for message in messages:
            _record_failure(message, token, outcome)
            report.retry_later += 1
        return False
    try:
        for position, message in enumerate(messages):
            try:
                email = build_email(message, connection=mail)
            except Exception as error:  # a broken row must not block the others
                _record(
                    message.pk, token, status=Status.FAILED, last_error=str(error), claim_token=None
                )
                report.failed += 1
                continue
            in_flight[0] = message.pk
            try:
                mail.send_messages([email])
            except Exception as error:
                outcome = classify_smtp_error(error)
                if outcome.in_doubt:
                    # Leave it `sending`, flagged: resending could deliver it twice.
                    OutboxMessage.objects.filter(pk=message.pk, claim_token=token).update(
                        needs_review=True,
                        attempts=F("attempts") + 1,
                        last_error=f"{outcome.error}. {REVIEW_NOTE}",
                    )
                    in_flight[0] = None
                    report.flagged_for_review += 1
                    report.released += _release([m.pk for m in messages[position + 1 :]], token)
                    return False
                result = _record_failure(message, token, outcome)
                in_flight[0] = None
                setattr(report, result, getattr(report, result) + 1)
                report.errors.append(outcome.error)
                if outcome.connection_lost:
                    report.released += _release([m.pk for m in messages[position + 1 :]], token)
                    return False
                continue
            _record_sent(message.pk, token)
            in_flight[0] = None
            report.sent += 1
            if progress is not None:
                progress(report)
    finally:
        try:
            mail.close()
        except Exception:  # closing a dead connection is not news
            pass
    return True


# --- Secretariat actions -------------------------------------------------------------------


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
    from .tasks import send_campaign

    now = timezone.now()
    campaign.messages.filter(status=Status.PENDING, due_at__gt=now).update(due_at=now)
    task_id = str(uuid.uuid4())
    campaign.send_requested_at = now
    campaign.send_requested_by = by
    campaign.send_task_id = task_id
    campaign.save(update_fields=["send_requested_at", "send_requested_by", "send_task_id"])

    transaction.on_commit(lambda: enqueue(send_campaign, args=[campaign.pk], task_id=task_id))
    return task_id
