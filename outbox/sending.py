"""Sending: what is due leaves over SMTP, and every outcome is recorded as soon as it is known.

    send_due_messages(*, batch_size=None, campaign=None, progress=None) -> SendReport

Claims due rows with SELECT … FOR UPDATE SKIP LOCKED (marked `sending` in the claiming
transaction), sends each batch over one connection of Django's e-mail backend and records every
outcome as soon as the server answered. Safe to run in parallel and twice. Must run outside a
transaction (it commits per message). A sender's claim is held as a PostgreSQL advisory lock,
so another sender tells a dead sender's claim from a live one (`recover_abandoned_claims`).

With Django's SMTP backend each row's bytes come from outbox.wire and go straight to its
smtplib connection; message k's answer is recorded (committed without waiting for the disk,
see _answers_without_waiting_for_the_disk) while the server hears message k+1's envelope,
and awaited before k+1 is handed over (outbox.handover). Other backends get build_email().
"""

import logging
import secrets
import smtplib
import socket
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import timedelta
from email.utils import formataddr, parseaddr
from functools import lru_cache, partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pesnet.cache import bump_for, deferred_for

from . import handover, wire
from .models import Campaign, OutboxMessage

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status

# Namespace of the outbox's PostgreSQL advisory locks (the two-integer form): the first key
# says "outbox sender", the second is the claim token of one sender run.
ADVISORY_LOCK_NAMESPACE = 0x0B0C


def _setting(name: str, default):
    return getattr(settings, name, default)


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
    return _address_of(settings.DEFAULT_FROM_EMAIL)


@lru_cache(maxsize=8)
def _address_of(value: str) -> str:
    # Parsed once per setting's value, not for each of a batch's headers (a tenth of a batch).
    return parseaddr(value)[1]


def _sender(language: str) -> str:
    with translation.override(language):
        return formataddr((_("OIC-PESNET Portal"), _sender_address()))


def _headers(message: OutboxMessage) -> dict[str, str]:
    domain = _sender_address().rpartition("@")[2] or "pesnet.localhost"
    return {
        # Stable per row: a review-resend carries the same Message-ID, so mail systems that
        # deduplicate by it show one message.
        "Message-ID": f"<outbox.{message.pk}@{domain}>",
        "Auto-Submitted": "auto-generated",
        "Content-Language": message.language,
        "X-PESNET-Kind": message.kind,
        "X-PESNET-Outbox-Id": str(message.pk),
    }


def _recipient(message: OutboxMessage) -> str:
    if not message.recipient_name:
        return message.to
    return formataddr((message.recipient_name, message.to))


def build_email(message: OutboxMessage, connection=None) -> EmailMultiAlternatives:
    """The multipart (text + HTML) e-mail of a stored row; the portal's name as sender."""
    reply_to = _setting("OUTBOX_REPLY_TO", "")
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=_sender(message.language),
        to=[_recipient(message)],
        headers=_headers(message),
        reply_to=[reply_to] if reply_to else None,
        connection=connection,
    )
    email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


def build_wire_message(message: OutboxMessage, senders: dict | None = None) -> bytes:
    """The bytes of build_email(message) as the SMTP server receives them (outbox.wire, or
    Django's generator for what wire does not handle: attachments, non-ASCII addresses)."""
    senders = {} if senders is None else senders
    sender = senders.get(message.language)
    if sender is None:
        with translation.override(message.language):
            sender = senders[message.language] = (str(_("OIC-PESNET Portal")), _sender_address())
    data = wire.wire_bytes(
        subject=message.subject,
        sender=sender,
        to=(message.recipient_name, message.to),
        reply_to=_setting("OUTBOX_REPLY_TO", ""),
        headers=_headers(message),
        body_text=message.body_text,
        body_html=message.body_html,
        has_attachments=bool(message.attachments.all()),
    )
    if data is None:
        data = build_email(message).message().as_bytes(linesep="\r\n")
    return data


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
RESTART_NOTE = (
    "The database server restarted while this message's sender was running, so answers it "
    "had recorded may be lost: it may have been delivered. Check, then resend or mark it as sent."
)


def _settle_claim(token: int, in_flight: int | None, *, sender_died: bool) -> tuple[int, int]:
    """Rows still `sending` under `token`: flag the one possibly handed over, release the rest.

    The sender hands a batch to the server one row at a time in id order and records each
    answer before the next, so only one row per claim can be in doubt: `in_flight` when the
    sender settles its own claim, or, for a sender that died, the lowest id still sending (the
    one it was handing over when it died).

    The answers of a batch are committed without waiting for the disk (see _send_batch): a
    dead *sender* loses none of them, but a database server that crashed may have lost the
    last ones. So when the claim is older than the server's start, every row of it still
    `sending` may have been delivered, and all of them go before the secretariat.
    """
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.select_for_update()
            .filter(status=Status.SENDING, claim_token=token, needs_review=False)
            .order_by("id")
            .values_list("id", "claimed_at")
        )
        if not rows:
            return 0, 0
        ids = [pk for pk, _claimed in rows]
        if sender_died and _claimed_before_server_start([claimed for _pk, claimed in rows]):
            flagged = OutboxMessage.objects.filter(pk__in=ids).update(
                needs_review=True, last_error=RESTART_NOTE
            )
            return 0, flagged
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


def _claimed_before_server_start(claimed: list) -> bool:
    """Whether PostgreSQL started after any of these claims (claimed_at is the server's own
    clock, see _claim); a claim without a time is treated as older."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_postmaster_start_time()")
        started = cursor.fetchone()[0]
    return any(when is None or when < started for when in claimed)


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
            # The database's clock, compared with its start time by _settle_claim.
            OutboxMessage.objects.filter(pk__in=ids).update(
                status=Status.SENDING, claim_token=token, claimed_at=Now()
            )
    return sorted(ids)


def _record(message_id: int, token: int, **values) -> None:
    OutboxMessage.objects.filter(pk=message_id, status=Status.SENDING, claim_token=token).update(
        attempts=F("attempts") + 1, **values
    )


_TABLE = OutboxMessage._meta.db_table
# What _record(status=SENT, sent_at=now, last_error="", claim_token=None) does, as one prepared
# statement: the ORM spent more time building that UPDATE than PostgreSQL spent running it.
_RECORD_SENT = (
    f"UPDATE {_TABLE} SET status = %s, sent_at = %s, last_error = '', claim_token = NULL, "
    "attempts = attempts + 1 WHERE id = %s AND status = %s AND claim_token = %s"
)


_RECORD_SENT_ASYNC = (
    f"UPDATE {_TABLE} SET status = 'sent', sent_at = $1, last_error = '', claim_token = NULL, "
    "attempts = attempts + 1 WHERE id = $2 AND status = 'sending' AND claim_token = $3"
).encode()


def _record_sent_async(message_id: int, token: int) -> handover.AsyncStatement:
    """_record_sent, sent to PostgreSQL without waiting for it (see outbox.handover)."""
    values = [timezone.now().isoformat(), str(message_id), str(token)]
    return handover.AsyncStatement(
        _RECORD_SENT_ASYNC, [value.encode() for value in values], name=b"pesnet_outbox_record_sent"
    )


def _record_sent(message_id: int, token: int, cursor) -> None:
    values = [Status.SENT.value, timezone.now(), message_id, Status.SENDING.value, token]
    cursor.execute(_RECORD_SENT, values)
    bump_for(OutboxMessage)


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
            with deferred_for(OutboxMessage):
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


@contextmanager
def _answers_without_waiting_for_the_disk():
    """The batch's outcome records commit without waiting for the WAL flush.

    One durable commit per message (a disk flush, ~5 ms on a busy machine) was the sender's
    largest cost. A killed sender loses nothing by it: PostgreSQL has each commit before the
    sender goes on to the next message, and a dead client does not undo it. Only a crash of
    the database server itself can lose the last ones, and _settle_claim flags every row of a
    claim older than the server's start for review instead of releasing it. Claims stay
    durable (they are made outside this block), and the next durable commit flushes these.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except DatabaseError:
            pass  # the connection is gone, and the session setting with it


def _envelope(address: str) -> str:
    return address if address.isascii() else sanitize_address(address, "utf-8")


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
    # Django's SMTP backend: the bytes go straight to its smtplib connection. Any other
    # backend (locmem in tests, console, file) gets the EmailMessage itself.
    direct = isinstance(mail, SmtpBackend)
    envelope_from = _envelope(_sender_address())
    try:
        with _answers_without_waiting_for_the_disk():
            if direct:
                return _send_each_direct(
                    messages, token, report, in_flight, progress, mail, envelope_from
                )
            return _send_each(messages, token, report, in_flight, progress, mail)
    finally:
        try:
            mail.close()
        except Exception:  # closing a dead connection is not news
            pass


def _send_each(messages, token, report, in_flight, progress, mail) -> bool:
    """The batch through any other e-mail backend (locmem in tests, console, file)."""
    with connection.cursor() as cursor:  # one for the batch's records (psycopg copies its
        # adapters for each new cursor)
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
                    _flag_in_doubt(message, token, outcome)
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
            _record_sent(message.pk, token, cursor)
            in_flight[0] = None
            report.sent += 1
            if progress is not None:
                progress(report)
    return True


def _flag_in_doubt(message, token, outcome) -> None:
    # Leave it `sending`, flagged: resending could deliver it twice.
    OutboxMessage.objects.filter(pk=message.pk, claim_token=token).update(
        needs_review=True,
        attempts=F("attempts") + 1,
        last_error=f"{outcome.error}. {REVIEW_NOTE}",
    )


def _send_each_direct(messages, token, report, in_flight, progress, mail, sender) -> bool:
    """The batch over Django's SMTP connection, each answer recorded while the server hears
    the next message's envelope (outbox.handover): the answer of message k is committed
    before message k+1 is handed over, so a dead sender still leaves one message in doubt."""
    smtp = mail.connection
    senders: dict[str, tuple[str, str]] = {}
    pending = None  # the record of the last message handed over, still running
    envelope_open = False

    def settle_pending():
        nonlocal pending
        if pending is None:
            return
        record, pending = pending, None
        record.result()
        in_flight[0] = None
        report.sent += 1
        bump_for(OutboxMessage)
        if progress is not None:
            progress(report)

    def stop(position) -> bool:
        report.released += _release([m.pk for m in messages[position + 1 :]], token)
        return False

    built: dict[int, bytes | Exception] = {}  # the next message's bytes, built in advance

    def build(message) -> bytes:
        found = built.pop(message.pk, None)
        if found is None:
            return build_wire_message(message, senders)
        if isinstance(found, Exception):
            raise found
        return found

    def build_in_advance(message) -> None:
        # While the server takes message k, message k+1's bytes are built; what goes wrong
        # is raised where it would have been, when k+1's turn comes.
        try:
            built[message.pk] = build_wire_message(message, senders)
        except Exception as error:
            built[message.pk] = error

    try:
        for position, message in enumerate(messages):
            try:
                data = build(message)
                recipients = [_envelope(message.to)]
            except Exception as error:  # a broken row must not block the others
                settle_pending()
                _record(
                    message.pk, token, status=Status.FAILED, last_error=str(error), claim_token=None
                )
                report.failed += 1
                continue
            try:
                handover.prepare(smtp, sender, recipients, len(data))
            except Exception as error:
                # Refused or cut off before the message itself: never in the server's hands.
                settle_pending()
                outcome = replace(classify_smtp_error(error), in_doubt=False)
                result = _record_failure(message, token, outcome)
                setattr(report, result, getattr(report, result) + 1)
                report.errors.append(outcome.error)
                if outcome.connection_lost:
                    return stop(position)
                continue
            envelope_open = True
            settle_pending()  # message k's answer is committed before k+1 is handed over
            in_flight[0] = message.pk
            following = messages[position + 1] if position + 1 < len(messages) else None
            try:
                handover.hand_over(
                    smtp,
                    data,
                    meanwhile=None if following is None else partial(build_in_advance, following),
                )
            except Exception as error:
                envelope_open = False
                outcome = classify_smtp_error(error)
                if outcome.in_doubt:
                    _flag_in_doubt(message, token, outcome)
                    in_flight[0] = None
                    report.flagged_for_review += 1
                    return stop(position)
                result = _record_failure(message, token, outcome)
                in_flight[0] = None
                setattr(report, result, getattr(report, result) + 1)
                report.errors.append(outcome.error)
                if outcome.connection_lost:
                    return stop(position)
                continue
            envelope_open = False
            pending = _record_sent_async(message.pk, token)
        settle_pending()
        return True
    finally:
        if envelope_open:
            # Stopped between an envelope and its message (an error in the progress report):
            # drop the connection, so the server discards the envelope, rather than QUIT
            # inside the DATA it is waiting for.
            smtp.close()
        if pending is not None:
            # Stopped by something else with a record running: read it, so that the
            # connection is usable for settling the claim (its row stays in doubt if not).
            try:
                pending.result()
            except DatabaseError:
                pass
            else:
                in_flight[0] = None
                report.sent += 1
