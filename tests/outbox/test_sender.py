"""The outbox's core: queueing once, sending once, and what happens when things break."""

import threading
import time
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from outbox import sending, services
from outbox.models import OutboxMessage
from outbox.queueing import Attachment, queue_message
from outbox.sending import ADVISORY_LOCK_NAMESPACE, send_due_messages

Status = OutboxMessage.Status


def queue(number: int, **overrides) -> OutboxMessage | None:
    values = {
        "to": f"person{number}@example.org",
        "language": "en",
        "kind": "test",
        "template": "outbox_test/email/hello",
        "context": {"number": number, "name": "Ms Example"},
        "dedup_key": f"test:{number}",
    }
    values.update(overrides)
    return queue_message(**values)


@pytest.fixture
def queued(db, test_templates):
    return [queue(n) for n in range(1, 6)]


def test_queueing_renders_the_message_in_the_recipients_language(db, test_templates):
    message = queue(1, language="ar", recipient_name="Rania Haddad")
    assert message.status == Status.PENDING
    assert message.subject == "التذكير 1 & more"  # plain text: no HTML escaping
    assert "Message 1 for Ms Example & co." in message.body_text
    assert "تحية طيبة وبعد" in message.body_text
    assert 'dir="rtl"' in message.body_html and 'lang="ar"' in message.body_html
    assert "Rania Haddad" in message.body_html


def test_the_same_deduplication_key_queues_one_message(db, test_templates):
    first = queue(1)
    again = queue(1, context={"number": 99, "name": "Someone else"})
    assert first is not None and again is None
    assert OutboxMessage.objects.get().body_text == first.body_text


@pytest.mark.django_db(transaction=True)
def test_two_processes_queueing_the_same_key_at_once_create_one_row(settings, test_templates):
    barrier = threading.Barrier(8)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(queue(7))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert OutboxMessage.objects.count() == 1
    assert sum(result is not None for result in results) == 1


def test_sent_mail_is_multipart_from_the_portal_with_attachments(db, test_templates, smtp_sink):
    message = queue(
        1,
        language="ar",
        recipient_name="رانيا حداد",
        action_url="http://127.0.0.1:8000/ar/",
        attachments=[
            Attachment("meeting.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
        ],
    )
    report = send_due_messages()
    assert report.sent == 1
    [mail] = smtp_sink.messages
    assert mail["X-PESNET-Outbox-Id"] == str(message.pk)
    assert mail["Message-ID"] == f"<outbox.{message.pk}@pesnet.example.org>"
    assert "no-reply@pesnet.example.org" in mail["From"]
    assert "بوابة" in str(mail["From"].addresses[0].display_name)
    assert mail["To"].addresses[0].addr_spec == "person1@example.org"
    assert mail["Content-Language"] == "ar"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "http://127.0.0.1:8000/ar/" in text and 'href="http://127.0.0.1:8000/ar/"' in html
    assert 'dir="rtl"' in html
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "meeting.ics"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Status.SENT, 1, "")
    assert message.sent_at is not None and message.claim_token is None


def test_running_the_sender_twice_delivers_each_message_once(queued, smtp_sink):
    assert send_due_messages().sent == 5
    assert send_due_messages().sent == 0
    assert sorted(smtp_sink.outbox_ids()) == sorted(m.pk for m in queued)


def test_a_batch_moves_each_cache_generation_once_not_once_per_message(
    db, test_templates, smtp_sink
):
    """Pages that show the outbox (its list, the home page's work) go stale once per batch:
    one write to Redis per generation, whatever the batch's size (it was one per message)."""
    from pesnet.cache import generations_for
    from pesnet.metrics import CACHE_CALLS

    for number in range(1, 31):
        queue(number)
    generations = generations_for(OutboxMessage)
    assert len(generations) >= 2
    writes = CACHE_CALLS.labels("set", "redis")
    before, stamps = writes._value.get(), [g.current() for g in generations]
    assert send_due_messages(batch_size=100).sent == 30
    assert writes._value.get() - before <= 2 * len(generations)  # the bump and its on-commit
    assert all(g.current() != stamp for g, stamp in zip(generations, stamps, strict=True))


def test_future_and_cancelled_messages_wait(db, test_templates, smtp_sink):
    later = queue(1, due_at=timezone.now() + timedelta(days=2))
    cancelled = queue(2)
    services.cancel(cancelled, by=None)
    assert send_due_messages().sent == 0
    assert smtp_sink.messages == []
    later.refresh_from_db()
    assert later.status == Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_deliver_each_message_once(test_templates, smtp_sink):
    ids = [queue(n).pk for n in range(300)]
    barrier = threading.Barrier(3)
    reports = []

    def sender():
        try:
            barrier.wait()
            reports.append(send_due_messages(batch_size=20))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    delivered = smtp_sink.outbox_ids()
    assert sorted(delivered) == sorted(ids)  # each once
    assert sum(report.sent for report in reports) == 300
    assert OutboxMessage.objects.exclude(status=Status.SENT).count() == 0


def test_a_temporary_refusal_is_retried_later_and_a_permanent_one_fails(
    queued, smtp_sink, settings
):
    smtp_sink.refuse["person2@example.org"] = "451 4.3.0 Mailbox temporarily unavailable"
    smtp_sink.refuse["person3@example.org"] = "550 5.1.1 No such user"
    report = send_due_messages()
    assert (report.sent, report.retry_later, report.failed) == (3, 1, 1)
    temporary = OutboxMessage.objects.get(to="person2@example.org")
    assert temporary.status == Status.PENDING and temporary.attempts == 1
    assert temporary.due_at > timezone.now() + timedelta(seconds=50)
    assert "451" in temporary.last_error
    permanent = OutboxMessage.objects.get(to="person3@example.org")
    assert permanent.status == Status.FAILED and "550" in permanent.last_error
    # Too many temporary refusals of the same message: it fails and waits for a person.
    settings.OUTBOX_MAX_ATTEMPTS = 2
    OutboxMessage.objects.filter(pk=temporary.pk).update(due_at=timezone.now())
    send_due_messages()
    temporary.refresh_from_db()
    assert temporary.status == Status.FAILED and temporary.attempts == 2


def test_a_link_broken_mid_message_puts_that_message_before_the_secretariat(queued, smtp_sink):
    smtp_sink.hang_up_after_data.add("person3@example.org")
    report = send_due_messages()
    assert (report.sent, report.flagged_for_review, report.released) == (2, 1, 2)
    in_doubt = OutboxMessage.objects.get(to="person3@example.org")
    assert in_doubt.status == Status.SENDING and in_doubt.needs_review
    assert "disconnected" in in_doubt.last_error
    smtp_sink.hang_up_after_data.clear()
    assert send_due_messages().sent == 2  # the two behind it; the doubtful one waits
    assert sorted(smtp_sink.outbox_ids()) == sorted(m.pk for m in queued)
    in_doubt.refresh_from_db()
    assert in_doubt.needs_review  # not silently resent, not released by a later run


def test_smtp_down_keeps_messages_pending_until_it_is_back(queued, smtp_sink):
    smtp_sink.stop()
    report = send_due_messages()
    assert (report.sent, report.retry_later) == (0, 5)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.PENDING}
    assert "unreachable" in OutboxMessage.objects.first().last_error
    smtp_sink.start()
    assert send_due_messages().sent == 0  # backing off
    OutboxMessage.objects.update(due_at=timezone.now())  # the back-off has elapsed
    assert send_due_messages().sent == 5
    assert len(smtp_sink.messages) == 5


def _dsn() -> str:
    params = connection.get_connection_params()
    return psycopg.conninfo.make_conninfo(
        **{k: v for k, v in params.items() if k in ("host", "port", "dbname", "user", "password")}
    )


def _wait_until_the_server_drops_the_lock(token: int) -> None:
    """PostgreSQL ends a closed client's backend (and frees its locks) a moment later."""
    for _ in range(250):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid = %s AND objid = %s",
                [ADVISORY_LOCK_NAMESPACE, token],
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.02)
    raise AssertionError("the closed connection's lock was never released")


@pytest.mark.django_db(transaction=True)
def test_a_dead_senders_claim_is_released_except_the_message_in_doubt(test_templates, smtp_sink):
    ids = [queue(n).pk for n in range(10)]
    # Another process claims six of them, delivers the first two and dies while handing over
    # the third: its connection (and advisory lock) disappears with it.
    dead = psycopg.connect(_dsn(), autocommit=True)
    dead.execute("SELECT pg_advisory_lock(%s, %s)", [ADVISORY_LOCK_NAMESPACE, 4242])
    claimed = ids[:6]
    dead.execute(
        "UPDATE outbox_outboxmessage SET status='sending', claim_token=4242, claimed_at=now() "
        "WHERE id = ANY(%s)",
        [claimed],
    )
    dead.execute(
        "UPDATE outbox_outboxmessage SET status='sent', sent_at=now(), claim_token=NULL "
        "WHERE id = ANY(%s)",
        [claimed[:2]],
    )
    # While the other sender lives, its claim is left alone.
    assert sending.recover_abandoned_claims() == (0, 0)
    dead.close()
    _wait_until_the_server_drops_the_lock(4242)
    report = send_due_messages()
    assert report.flagged_for_review == 1
    in_doubt = OutboxMessage.objects.get(needs_review=True)
    assert in_doubt.pk == claimed[2] and in_doubt.status == Status.SENDING
    assert sorted(smtp_sink.outbox_ids()) == sorted(set(ids) - set(claimed[:3]))
    # The secretariat resends it after checking: it goes out (once more).
    services.resend(in_doubt, by=None)
    assert send_due_messages().sent == 1
    assert smtp_sink.outbox_ids().count(in_doubt.pk) == 1


def test_the_sender_refuses_to_run_inside_a_callers_transaction(queued):
    from django.db import transaction

    with transaction.atomic(), pytest.raises(RuntimeError):
        send_due_messages()


def test_an_error_in_the_sender_itself_releases_what_it_had_not_handed_over(queued, smtp_sink):
    def broken_progress(report):
        raise RuntimeError("the progress display broke")

    with pytest.raises(RuntimeError):
        send_due_messages(progress=broken_progress)
    assert smtp_sink.count() == 1
    assert not OutboxMessage.objects.filter(needs_review=True).exists()
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 1
    assert OutboxMessage.objects.filter(status=Status.PENDING).count() == 4
    assert send_due_messages().sent == 4
