"""The cache backend: Redis, with a per-process memory fallback while Redis is unreachable.

django-redis can ignore errors, but then `cache.add` answers "no" and allauth's rate limiter
(which locks with `add`) treats every login as over the limit: a Redis outage would lock
everybody out. Falling back to local memory keeps sign-in working, still rate-limited per
process, and a short circuit breaker stops each request from waiting on a dead server.
"""

import logging
import threading
import time
import uuid
from contextlib import contextmanager
from functools import wraps

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from .metrics import CACHE_CALLS

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
_FALLBACK_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "incr",
    "decr",
    "clear",
    "get_or_set",
)


def _with_fallback(name):
    redis_calls = CACHE_CALLS.labels(name, "redis")
    memory_calls = CACHE_CALLS.labels(name, "memory")

    def method(self, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            redis_calls.inc()
            try:
                result = getattr(super(FallbackRedisCache, self), name)(*args, **kwargs)
            except (ConnectionInterrupted, RedisError, OSError) as error:
                self._redis_down_until = time.monotonic() + RETRY_AFTER_SECONDS
                self._missed_bumps = True
                logger.warning("Redis cache unreachable, using local memory: %s", error)
            else:
                if self._missed_bumps:
                    self._missed_bumps = False
                    self._renew_generations()
                return result
        memory_calls.inc()
        return getattr(self._fallback, name)(*args, **kwargs)

    return wraps(getattr(RedisCache, name))(method)


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}), IGNORE_EXCEPTIONS=False)
        super().__init__(server, {**params, "OPTIONS": options})
        self._fallback = LocMemCache(f"fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._fallback.key_prefix = self.key_prefix
        self._redis_down_until = 0.0
        self._missed_bumps = False

    def is_shared(self) -> bool:
        """True while Redis answers: what one process caches, the others see (and invalidate)."""
        return time.monotonic() >= self._redis_down_until

    def _renew_generations(self):
        """Back from an outage: a change this process made meanwhile bumped a generation in
        local memory only, so Redis may still hold what it replaced. Renew every generation."""
        for generation in Generation.registry:
            try:
                RedisCache.set(self, generation.key, uuid.uuid4().hex, None)
            except (ConnectionInterrupted, RedisError, OSError):
                self._missed_bumps = True
                return

    def delete_pattern(self, *args, **kwargs):
        try:
            return super().delete_pattern(*args, **kwargs)
        except (ConnectionInterrupted, RedisError, OSError):
            self._fallback.clear()
            return 0


for _name in _FALLBACK_METHODS:
    setattr(FallbackRedisCache, _name, _with_fallback(_name))


def is_shared() -> bool:
    """Whether the cache is one store for every process (Redis up), not a per-process copy."""
    check = getattr(cache, "is_shared", None)
    return check() if check is not None else True


class Generation:
    """A cache key whose value changes whenever the data it stands for changes.

    Cached things built from that data carry the generation they were built at, so one
    `bump()` makes all of them stale at once. Call it after the write. It takes effect at once
    (so the rest of this transaction sees it) and, inside a transaction, once more after the
    commit (so a concurrent request that cached the old data before the commit is not kept);
    many bumps in one transaction share that one renewal.
    """

    registry: list["Generation"] = []

    def __init__(self, key: str):
        self.key = key
        self._local = threading.local()
        Generation.registry.append(self)

    def current(self) -> str:
        value = cache.get(self.key)
        if value is None:
            cache.add(self.key, uuid.uuid4().hex, None)
            value = cache.get(self.key) or "unset"
        return value

    def bump(self) -> None:
        if getattr(self._local, "depth", 0):
            self._local.dirty = True
            return
        self._renew()
        connection = transaction.get_connection()
        if connection.in_atomic_block and not any(
            entry[1] == self._renew for entry in connection.run_on_commit
        ):
            transaction.on_commit(self._renew)

    def _renew(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, None)

    @contextmanager
    def deferred(self):
        """Writes in the block bump once, at its end (a batch of a thousand e-mails is one
        change for the pages, not a thousand round trips to Redis)."""
        self._local.depth = getattr(self._local, "depth", 0) + 1
        try:
            yield
        finally:
            self._local.depth -= 1
            if not self._local.depth and getattr(self._local, "dirty", False):
                self._local.dirty = False
                self.bump()


def lookup(key: str, generations) -> tuple[object | None, list[str]]:
    """What `store()` put at `key`, if the generations still have the values it was built at,
    and their current values; one round trip to Redis."""
    found = cache.get_many([key, *(generation.key for generation in generations)])
    stamps = [found.get(g.key) or g.current() for g in generations]
    entry = found.get(key)
    if entry is not None and entry[0] == stamps:
        return entry[1], stamps
    return None, stamps


def store(key: str, stamps: list[str], value, timeout: int) -> None:
    """Cache `value`, built when the generations had the values `stamps` (read beforehand: a
    bump while building makes the entry stale at once rather than wrongly fresh)."""
    cache.set(key, (stamps, value), timeout)
