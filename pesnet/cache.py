"""The cache backend, cache generations, and the one registry of what makes cached things stale.

- `FallbackRedisCache`: Redis, with a per-process memory fallback while Redis is unreachable.
- `Generation`: a key every relevant change bumps; `lookup`/`store` cache things under them.
- `watch(...)` / `GenerationQuerySet`: each app's cache.py declares which models move which
  generation; saves, deletes and bulk queryset writes all move it (see the end of the module).

django-redis can ignore errors, but then `cache.add` answers "no" and allauth's rate limiter
(which locks with `add`) treats every login as over the limit: a Redis outage would lock
everybody out. Falling back to local memory keeps sign-in working, still rate-limited per
process, and a short circuit breaker stops each request from waiting on a dead server.
"""

import logging
import pickle
import sys
import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from pathlib import Path

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import QuerySet
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

# What removes entries from the cache removes this process's validated copies of them too.
_FORGETTING = {
    "delete": lambda copies, key, *args, **kwargs: copies.discard(key),
    "delete_many": lambda copies, keys, *args, **kwargs: [copies.discard(k) for k in keys],
    "clear": lambda copies, *args, **kwargs: copies.clear(),
}


def _with_fallback(name):
    redis_calls = CACHE_CALLS.labels(name, "redis")
    memory_calls = CACHE_CALLS.labels(name, "memory")

    def method(self, *args, **kwargs):
        if name in _FORGETTING:
            _FORGETTING[name](self.copies, *args, **kwargs)
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


class ValidatedCopies:
    """This process's copies of entries `lookup()` found valid, each with the generation stamps
    it was built at: the next request served at the same stamps takes the copy without a round
    trip to Redis (nor the transfer of a whole page). A copy is only ever served when the
    generations, read from Redis in the same request, still have its stamps, so a change in any
    process makes it stale exactly when it makes the shared entry stale. Kept pickled (each
    request gets objects of its own), least recently used first out beyond `max_bytes`, and
    never longer than `max_seconds` (the shared entry's timeout is a safety net; so is this)."""

    def __init__(self, max_bytes: int, max_seconds: int):
        self.max_bytes = max_bytes
        self.max_seconds = max_seconds
        self._entries: OrderedDict[str, tuple[list[str], bytes, float]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str, stamps: list[str]):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] != stamps or found[2] <= time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
        return pickle.loads(found[1])

    def put(self, key: str, stamps: list[str], value, timeout: int | None) -> None:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.max_bytes // 8:
            return
        seconds = self.max_seconds if timeout is None else min(timeout, self.max_seconds)
        with self._lock:
            self._drop(key)
            self._entries[key] = (list(stamps), data, time.monotonic() + seconds)
            self._size += len(data)
            while self._size > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def discard(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def _drop(self, key: str) -> None:
        found = self._entries.pop(key, None)
        if found is not None:
            self._size -= len(found[1])


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}), IGNORE_EXCEPTIONS=False)
        copies = options.pop("VALIDATED_COPIES", {})
        super().__init__(server, {**params, "OPTIONS": options})
        self._fallback = LocMemCache(f"fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._fallback.key_prefix = self.key_prefix
        self._redis_down_until = 0.0
        self._missed_bumps = False
        self.copies = ValidatedCopies(
            copies.get("MAX_BYTES", 32 * 1024 * 1024), copies.get("MAX_SECONDS", 60)
        )

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
        self.copies.clear()
        try:
            return super().delete_pattern(*args, **kwargs)
        except (ConnectionInterrupted, RedisError, OSError):
            self._fallback.clear()
            return 0


for _name in _FALLBACK_METHODS:
    setattr(FallbackRedisCache, _name, _with_fallback(_name))


class EvictableRedisCache(FallbackRedisCache):
    """The `pages` cache (CACHE_URL): a Redis that evicts under `maxmemory`. It holds no
    generation (they stay in the default cache, which never evicts), so there is none to
    renew there after an outage."""

    def _renew_generations(self):
        pass


def is_shared(backend=None) -> bool:
    """Whether the cache is one store for every process (Redis up), not a per-process copy."""
    check = getattr(cache if backend is None else backend, "is_shared", None)
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
        value = uuid.uuid4().hex
        cache.set(self.key, value, None)
        snapshot = _SNAPSHOT.get()
        if snapshot:  # this request sees its own change at once
            snapshot[self.key] = value

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


# The generations as a request read them: see `generations_snapshot`.
_SNAPSHOT: ContextVar[dict | None] = ContextVar("pesnet_generations", default=None)


@contextmanager
def generations_snapshot():
    """Within the block (a GET request: `pesnet.middleware.GenerationSnapshotMiddleware`), the
    first `lookup()` reads every registered generation in one round trip, and the later ones
    take them from there: the signed-in user, the page and its fragments are then checked
    against one reading, made when the request began. What the request itself bumps is seen
    at once; what another process bumps meanwhile is seen by the next request, as if this one
    had come a moment earlier. Outside the block every lookup reads Redis."""
    token = _SNAPSHOT.set({})
    try:
        yield
    finally:
        _SNAPSHOT.reset(token)


def _read_snapshot(snapshot: dict, *keys: str) -> dict:
    """Fill the request's snapshot with every generation, reading `keys` in the same round
    trip; what was found at `keys`."""
    names = [generation.key for generation in Generation.registry]
    found = cache.get_many([*keys, *names])
    snapshot.update((name, found[name]) for name in names if name in found)
    snapshot.setdefault("", "loaded")  # an empty reading (a new cache) is still a reading
    return {key: found[key] for key in keys if key in found}


def get_with_generations(backend, key: str):
    """`backend.get(key)`; when it is the first read of a request's snapshot from the default
    cache, the generations come in the same round trip (the session: pesnet.sessions)."""
    from django.core.cache import caches

    snapshot = _SNAPSHOT.get()
    if snapshot is None or snapshot or backend is not caches["default"] or not is_shared():
        return backend.get(key)
    return _read_snapshot(snapshot, key).get(key)


def _stamps(generations, found: dict) -> list[str]:
    stamps = []
    for generation in generations:
        value = found.get(generation.key)
        if value is None:
            value = found[generation.key] = generation.current()
        stamps.append(value)
    return stamps


def lookup(key: str, generations, *, in_cache=None) -> tuple[object | None, list[str]]:
    """What `store()` put at `key`, if the generations still have the values it was built at,
    and their current values. Outside a request's snapshot: one round trip to Redis (two when
    the entry is `in_cache`, another cache than the generations' default one). Within one: the
    generations come from the snapshot (read once per request), the entry from this process's
    validated copy when it has one at these stamps, else from Redis."""
    backend = cache if in_cache is None else in_cache
    snapshot = _SNAPSHOT.get()
    if snapshot is None or not is_shared() or not is_shared(backend):
        found = cache.get_many(
            [*([key] if in_cache is None else []), *(generation.key for generation in generations)]
        )
        stamps = [found.get(g.key) or g.current() for g in generations]
        entry = found.get(key) if in_cache is None else in_cache.get(key)
        if entry is not None and entry[0] == stamps:
            return entry[1], stamps
        return None, stamps
    if not snapshot:
        _read_snapshot(snapshot)
    stamps = _stamps(generations, snapshot)
    copies = getattr(backend, "copies", None)
    if copies is not None:
        value = copies.get(key, stamps)
        if value is not None:
            return value, stamps
    entry = backend.get(key)
    if entry is not None and entry[0] == stamps:
        if copies is not None:
            copies.put(key, stamps, entry[1], None)
        return entry[1], stamps
    return None, stamps


def store(key: str, stamps: list[str], value, timeout: int, *, in_cache=None) -> None:
    """Cache `value`, built when the generations had the values `stamps` (read beforehand: a
    bump while building makes the entry stale at once rather than wrongly fresh)."""
    backend = cache if in_cache is None else in_cache
    backend.set(key, (stamps, value), timeout)
    copies = getattr(backend, "copies", None)
    if copies is not None and _SNAPSHOT.get() is not None and is_shared(backend):
        copies.put(key, stamps, value, timeout)


def cached_fragment(
    namespace: str, generations, name: str, build, *parts, bucket_seconds=0, timeout=600, keep=None
):
    """`build()`'s value (a rendered piece of a page, a table's rows), cached under
    `generations` per language, time bucket and `parts`: the same for every viewer, so a
    viewer whose page is not cached yet does not build it again either. `keep(value)`, when
    given, says whether a value just built is stored (not: built again next time)."""
    import hashlib

    from django.utils import timezone
    from django.utils.translation import get_language

    bucket = int(timezone.now().timestamp() // bucket_seconds) if bucket_seconds else 0
    raw = "|".join(str(part) for part in (get_language(), bucket, *parts))
    key = f"{namespace}:fragment:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"
    value, stamps = lookup(key, generations)
    if value is None:
        value = build()
        if keep is None or keep(value):
            store(key, stamps, value, timeout)
    return value


# --- Which writes move which generation: one registry ------------------------------------
#
# Each app declares in its own `cache.py` which of its models move which generations:
#
#     watch("members.FocalPoint", "members.MemberState", moves=[USERS, DIRECTORY])
#
# `connect_watchers()` (pesnet's AppConfig.ready, after every app's cache.py is imported)
# connects them: a save or a delete of an instance (signals), a change of an auto-created
# many-to-many table (m2m_changed), and — for the project's own models, whose default
# queryset is a `GenerationQuerySet` — a queryset `update()`, `delete()`, `bulk_create()` or
# `bulk_update()`, which send no signal. The check `pesnet.E001` refuses a watched model of
# the project whose default manager would let a bulk update pass silently.

_WATCHED: dict[str, list[Generation]] = {}


def watch(*models, moves) -> None:
    """Writes to `models` (labels "app.Model", or model classes) bump every generation in
    `moves`."""
    for model in models:
        label = model if isinstance(model, str) else model._meta.label
        generations = _WATCHED.setdefault(label.lower(), [])
        generations.extend(g for g in moves if g not in generations)


def generations_for(model) -> list[Generation]:
    return _WATCHED.get(model._meta.label_lower, [])


@contextmanager
def deferred_for(*models):
    """Writes to `models` in the block bump each of their generations once, at its end (see
    `Generation.deferred`): a batch names the models it writes, not each generation they
    move, so a generation declared later for one of them (`watch`) is deferred too."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        for generation in dict.fromkeys(g for model in models for g in generations_for(model)):
            stack.enter_context(generation.deferred())
        yield


def bump_for(model) -> None:
    for generation in generations_for(model):
        generation.bump()


def _changed(sender, raw=False, **kwargs) -> None:
    if not raw:
        bump_for(sender)


def _m2m_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump_for(sender)


def connect_watchers() -> None:
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label in _WATCHED:
        model = apps.get_model(label)
        uid = f"pesnet-cache-{label}"
        if model._meta.auto_created:  # a many-to-many table, e.g. User.groups.through
            m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=uid)
            continue
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")


class GenerationQuerySet(QuerySet):
    """The default queryset of a watched model: bulk writes move its generations too."""

    def update(self, **kwargs):
        count = super().update(**kwargs)
        bump_for(self.model)
        return count

    def delete(self):
        result = super().delete()
        bump_for(self.model)
        return result

    def bulk_create(self, *args, **kwargs):
        objects = super().bulk_create(*args, **kwargs)
        bump_for(self.model)
        return objects

    # bulk_update() runs update() on a filtered queryset: covered above.


def check_watched_managers(app_configs=None, **kwargs):
    """System check: a watched model of the project must use a GenerationQuerySet."""
    from django.apps import apps
    from django.conf import settings
    from django.core import checks

    errors = []
    project = Path(settings.BASE_DIR).resolve()
    for label in _WATCHED:
        model = apps.get_model(label)
        if model._meta.auto_created:
            continue
        module = sys.modules.get(model.__module__)
        source = Path(getattr(module, "__file__", "") or "/").resolve()
        if not source.is_relative_to(project) or ".venv" in source.parts:
            continue  # third-party models (users, groups, authenticators): signals only
        if not isinstance(model._default_manager.get_queryset(), GenerationQuerySet):
            errors.append(
                checks.Error(
                    f"{model._meta.label} is watched by the cache but its default manager's "
                    "queryset is not a pesnet.cache.GenerationQuerySet: a bulk update() would "
                    "leave cached pages stale.",
                    id="pesnet.E001",
                )
            )
    return errors
