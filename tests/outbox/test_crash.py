"""A real `celery -A pesnet worker` process killed with SIGKILL in the middle of a batch of 500.

After a restart every message is in the SMTP sink exactly once, except the one the outbox flags
for the secretariat's review (handed to the server, answer never recorded), which is there at
most once.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from outbox.models import OutboxMessage
from outbox.tasks import send_due_messages
from pesnet.celery import app

from .factories import OutboxMessageFactory

ROOT = Path(__file__).resolve().parents[2]
Status = OutboxMessage.Status


def _database_url() -> str:
    params = connection.settings_dict
    user = params["USER"] or "postgres"
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host = params["HOST"] or "127.0.0.1"
    port = params["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


def _start_worker(sink, log_path) -> subprocess.Popen:
    env = dict(
        os.environ,
        # pytest-django's test database, not the development one.
        DATABASE_URL=_database_url(),
        EMAIL_URL=sink.email_url,
        OUTBOX_BATCH_SIZE="500",
        CONN_MAX_AGE="0",
    )
    celery = str(Path(sys.executable).with_name("celery"))
    return subprocess.Popen(
        [celery, "-A", "pesnet", "worker", "--pool", "prefork", "--concurrency", "1"]
        + ["--loglevel", "INFO", "--without-mingle", "--without-gossip"],
        cwd=ROOT,
        env=env,
        stdout=open(log_path, "ab"),  # noqa: SIM115 (closed with the process)
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: main process and pool child
    )


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"Timed out waiting for {what}")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_delivers_every_message_once_after_restart(smtp_sink, tmp_path):
    now = timezone.now()
    ids = [m.pk for m in OutboxMessageFactory.create_batch(500, due_at=now)]
    smtp_sink.delay = 0.005  # a batch takes a few seconds: time to kill it in the middle
    app.control.purge()
    log = tmp_path / "worker.log"
    worker = _start_worker(smtp_sink, log)
    try:
        send_due_messages.apply_async()
        _wait(lambda: smtp_sink.count() >= 150, 90, "the first 150 messages")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    delivered_before_restart = smtp_sink.count()
    assert 150 <= delivered_before_restart < 500, "killed in the middle of the batch"
    assert OutboxMessage.objects.filter(status=Status.SENDING).exists()

    smtp_sink.delay = 0
    worker = _start_worker(smtp_sink, log)
    try:

        def settled():
            left = OutboxMessage.objects.filter(
                status__in=[Status.PENDING, Status.SENDING], needs_review=False
            ).exists()
            if left:
                send_due_messages.apply_async()  # what beat does every minute
                time.sleep(0.5)
            return not left

        _wait(settled, 120, "the restarted worker to send the rest")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)

    copies = Counter(smtp_sink.outbox_ids())
    review = set(OutboxMessage.objects.filter(needs_review=True).values_list("pk", flat=True))
    assert len(review) <= 1, "one message at most was in the server's hands at the kill"
    for pk in ids:
        if pk in review:
            assert copies[pk] <= 1
        else:
            assert copies[pk] == 1, (pk, copies[pk], log.read_text()[-3000:])
    assert set(copies) <= set(ids)
    statuses = Counter(OutboxMessage.objects.values_list("status", flat=True))
    assert statuses[Status.SENT] == 500 - len(review)


@pytest.mark.django_db(transaction=True)
def test_two_sender_processes_at_once_deliver_each_message_once(smtp_sink):
    ids = [m.pk for m in OutboxMessageFactory.create_batch(300, due_at=timezone.now())]
    env = dict(
        os.environ,
        DATABASE_URL=_database_url(),
        EMAIL_URL=smtp_sink.email_url,
        OUTBOX_BATCH_SIZE="25",
    )
    command = [sys.executable, "manage.py", "send_reminders", "--no-plan"]
    senders = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [sender.communicate(timeout=120)[0] for sender in senders]
    assert all(sender.returncode == 0 for sender in senders), outputs
    assert sorted(smtp_sink.outbox_ids()) == sorted(ids)
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 300
