"""The one way any app queues a Celery task: by name, after the transaction commits, and
without ever failing the caller when Redis is down.

Tasks are named (`"outbox.send_due_messages"`), so a service never imports a tasks module
and no import cycle is dodged inside a function. Every task the portal queues is also safe to
run late: beat (or the command that does the same work) catches up on what an outage dropped.
"""

import logging
import socket
from urllib.parse import urlsplit

from django.db import transaction

logger = logging.getLogger(__name__)


def broker_reachable(timeout: float = 0.5) -> bool:
    """A quick TCP check of Celery's broker: its client retries for seconds when it is down,
    and a web request should not wait that long for a task that beat will run anyway."""
    from .celery import app

    url = urlsplit(app.conf.broker_url or "")
    if url.scheme not in ("redis", "rediss", "amqp", "amqps", "pyamqp"):
        return True
    default_port = 6379 if url.scheme.startswith("redis") else 5672
    try:
        with socket.create_connection((url.hostname, url.port or default_port), timeout):
            return True
    except OSError:
        return False


def enqueue(task_name: str, *args, task_id: str | None = None, **options) -> bool:
    """Publish the named task now; False (logged) when the broker could not take it."""
    from .celery import app

    if app.conf.task_always_eager:  # CELERY_TASK_ALWAYS_EAGER: run it here, as .delay() would
        app.tasks[task_name].apply(args=args, task_id=task_id)
        return True
    if not broker_reachable():
        logger.warning("Celery's broker is unreachable; %s was not enqueued", task_name)
        return False
    try:
        app.send_task(task_name, args=list(args), task_id=task_id, retry=False, **options)
    except Exception as error:  # the broker went away meanwhile; beat will catch up
        logger.warning("Could not enqueue %s: %s", task_name, error)
        return False
    return True


def enqueue_on_commit(task_name: str, *args, task_id: str | None = None, **options) -> None:
    """Queue the named task once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task_name, *args, task_id=task_id, **options))
