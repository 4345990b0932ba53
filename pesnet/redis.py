"""One Redis client per URL for the core's own reads and writes outside the cache.

The broker's Redis (`REDIS_URL`, never evicting) holds what must not vanish under memory
pressure: heartbeats and the Celery task counters of /metrics.
"""

import redis
from django.conf import settings

_clients: dict[str, redis.Redis] = {}


def client(url: str | None = None) -> redis.Redis:
    url = url or settings.REDIS_URL
    found = _clients.get(url)
    if found is None:
        found = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        _clients[url] = found
    return found


def key(name: str) -> str:
    """A key under this deployment's prefix (test runs and benchmarks use their own)."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX") or "pesnet"
    return f"{prefix}:{name}"
