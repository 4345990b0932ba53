"""The cache backend: Redis, with a per-process memory fallback while Redis is unreachable.

django-redis can ignore errors, but then `cache.add` answers "no" and allauth's rate limiter
(which locks with `add`) treats every login as over the limit: a Redis outage would lock
everybody out. Falling back to local memory keeps sign-in working, still rate-limited per
process, and a short circuit breaker stops each request from waiting on a dead server.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

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
    def method(self, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            try:
                return getattr(super(FallbackRedisCache, self), name)(*args, **kwargs)
            except (ConnectionInterrupted, RedisError, OSError) as error:
                self._redis_down_until = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning("Redis cache unreachable, using local memory: %s", error)
        return getattr(self._fallback, name)(*args, **kwargs)

    return wraps(getattr(RedisCache, name))(method)


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}), IGNORE_EXCEPTIONS=False)
        super().__init__(server, {**params, "OPTIONS": options})
        self._fallback = LocMemCache(f"fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._fallback.key_prefix = self.key_prefix
        self._redis_down_until = 0.0

    def delete_pattern(self, *args, **kwargs):
        try:
            return super().delete_pattern(*args, **kwargs)
        except (ConnectionInterrupted, RedisError, OSError):
            self._fallback.clear()
            return 0


for _name in _FALLBACK_METHODS:
    setattr(FallbackRedisCache, _name, _with_fallback(_name))
