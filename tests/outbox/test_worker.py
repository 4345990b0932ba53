"""The outbox's tasks through a real Celery worker and Redis."""

import pytest
from celery.contrib.testing.worker import start_worker

from outbox.models import OutboxMessage
from outbox.tasks import send_due_messages
from pesnet.celery import app

from .test_sender import queue


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_due_messages_once_even_when_asked_twice(test_templates, smtp_sink):
    ids = [queue(n).pk for n in range(20)]
    app.control.purge()  # tasks other tests left in the queue (they would share the work)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        first = send_due_messages.apply_async(ignore_result=False)
        second = send_due_messages.apply_async(ignore_result=False)
        results = [first.get(timeout=30), second.get(timeout=30)]
    assert sum(result["sent"] for result in results) == 20
    assert sorted(smtp_sink.outbox_ids()) == sorted(ids)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
