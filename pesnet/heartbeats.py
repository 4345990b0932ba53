"""Heartbeats of the background processes: is Celery beat ticking, is a worker working?

Beat sends the `pesnet.tick` task every minute (a stored schedule, see ops/schedules.py). When
it publishes the tick, beat records its own heartbeat (`before_task_publish` runs in the
publishing process); the worker that executes the tick records the worker's. Each heartbeat is
written to Redis (one hash that /healthz reads in a single round trip) and to PostgreSQL (which
survives a Redis restart: the next read copies it back to Redis).

Before the very first tick of a deployment nothing is known and /healthz reports nothing about
the background (a fresh database, a test run, a benchmark). From the first heartbeat on, every
process named in `PROCESSES` is expected: one that has never been seen counts from that first
heartbeat, so a worker that never started shows as silent too.
"""

import logging
import time

import redis
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from . import redis as pesnet_redis

logger = logging.getLogger(__name__)

BEAT = "beat"
WORKER = "worker"
PROCESSES = (BEAT, WORKER)
TICK_TASK = "pesnet.tick"
_HASH = "heartbeats"
# Marks "PostgreSQL has no heartbeat either" in Redis for a minute, so that a deployment
# whose beat never ran costs /healthz no query.
_NOTHING_YET = "-"
_NOTHING_YET_SECONDS = 60


def _hash_key() -> str:
    return pesnet_redis.key(_HASH)


def record(name: str) -> None:
    """`name` is alive now."""
    from .models import Heartbeat

    now = timezone.now()
    try:
        Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})
        for other in PROCESSES:
            if other != name:
                Heartbeat.objects.get_or_create(name=other, defaults={"seen_at": now})
    except DatabaseError as error:
        logger.warning("Heartbeat of %s not stored in PostgreSQL: %s", name, error)
    try:
        pipe = pesnet_redis.client().pipeline()
        pipe.hdel(_hash_key(), _NOTHING_YET)
        pipe.persist(_hash_key())
        pipe.hset(_hash_key(), name, now.timestamp())
        for other in PROCESSES:
            if other != name:
                pipe.hsetnx(_hash_key(), other, now.timestamp())
        pipe.execute()
    except redis.RedisError as error:
        logger.warning("Heartbeat of %s not stored in Redis: %s", name, error)


def forget() -> None:
    """Remove every heartbeat (tests; a deployment that retires its background processes)."""
    from .models import Heartbeat

    Heartbeat.objects.all().delete()
    pesnet_redis.client().delete(_hash_key())


def read() -> tuple[bool, dict[str, float]]:
    """(Redis answered, {process: last seen as a Unix time}); empty before the first tick."""
    try:
        stored = pesnet_redis.client().hgetall(_hash_key())
        redis_ok = True
    except redis.RedisError:
        stored, redis_ok = {}, False
    if stored:
        return redis_ok, {
            name.decode(): float(value) for name, value in stored.items() if name != b"-"
        }
    from .models import Heartbeat

    try:
        seen = {
            name: seen_at.timestamp()
            for name, seen_at in Heartbeat.objects.values_list("name", "seen_at")
        }
    except DatabaseError:
        return redis_ok, {}
    if redis_ok:
        try:
            pipe = pesnet_redis.client().pipeline()
            if seen:
                pipe.hset(_hash_key(), mapping=seen)
            else:
                pipe.hset(_hash_key(), _NOTHING_YET, 1)
                pipe.expire(_hash_key(), _NOTHING_YET_SECONDS)
            pipe.execute()
        except redis.RedisError:
            pass
    return redis_ok, seen


def ages(seen: dict[str, float], now: float | None = None) -> dict[str, float]:
    """Seconds since each process was last seen; {} before the first heartbeat."""
    if not seen:
        return {}
    now = time.time() if now is None else now
    first = min(seen.values())
    return {name: max(0.0, now - seen.get(name, first)) for name in PROCESSES}


def states(seen: dict[str, float], now: float | None = None) -> dict[str, str]:
    """ "ok" or "silent" for each process, {} before the first heartbeat."""
    limit = settings.HEARTBEAT_MAX_SILENCE
    return {name: "ok" if age <= limit else "silent" for name, age in ages(seen, now).items()}
