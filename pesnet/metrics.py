"""Prometheus metrics at /metrics, for the addresses in METRICS_ALLOWED_IPS only.

- Requests by view, method and status, and their latency (`MetricsMiddleware`).
- Database queries (an execute wrapper on every connection) and cache calls (pesnet/cache.py),
  counted in the process that makes them.
- Celery task outcomes: counted by the worker in Redis, so that any web process reports them.
- Gauges that other apps register with `@metric_source` (the outbox's messages by status, due
  and oldest pending; the last backup; the heartbeats), read when Prometheus scrapes.

Under gunicorn each worker process counts its own requests; set PROMETHEUS_MULTIPROC_DIR to an
empty folder shared by the processes for one view of them all (prometheus-client's multiprocess
mode).
"""

import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable
from functools import lru_cache

import redis
from django.conf import settings
from django.db.backends.signals import connection_created
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily

from . import redis as pesnet_redis

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "pesnet_http_requests",
    "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "pesnet_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
DB_QUERIES = Counter("pesnet_db_queries", "Database queries executed.", ["alias"])
DB_ERRORS = Counter("pesnet_db_query_errors", "Database queries that raised.", ["alias"])
CACHE_CALLS = Counter(
    "pesnet_cache_calls",
    "Cache calls, by operation and by the store that answered.",
    ["operation", "store"],
)

_TASKS_HASH = "metrics:celery-tasks"
_sources: list[Callable[[], Iterable]] = []


def metric_source(function: Callable[[], Iterable]):
    """Register a function yielding prometheus_client metric families, called at each scrape."""
    if function not in _sources:
        _sources.append(function)
    return function


def count_task_outcome(task: str, state: str) -> None:
    try:
        pesnet_redis.client().hincrby(pesnet_redis.key(_TASKS_HASH), f"{task}\t{state}", 1)
    except redis.RedisError as error:
        logger.warning("Celery task outcome not counted: %s", error)


class _ScrapeCollector:
    """The registered sources and the Celery counters, read at each scrape."""

    def collect(self):
        tasks = CounterMetricFamily(
            "pesnet_celery_tasks",
            "Celery tasks finished, by task and outcome.",
            labels=["task", "state"],
        )
        try:
            counts = pesnet_redis.client().hgetall(pesnet_redis.key(_TASKS_HASH))
        except redis.RedisError:
            counts = {}
        for field, value in sorted(counts.items()):
            task, _, state = field.decode().partition("\t")
            tasks.add_metric([task, state], float(value))
        yield tasks
        for source in _sources:
            try:
                yield from source()
            except Exception:  # one broken source must not hide the others
                logger.exception("Metric source %s failed", source.__name__)


def _count_query(execute, sql, params, many, context):
    alias = context["connection"].alias
    DB_QUERIES.labels(alias).inc()
    try:
        return execute(sql, params, many, context)
    except Exception:
        DB_ERRORS.labels(alias).inc()
        raise


def _watch_connection(sender, connection, **kwargs):
    if _count_query not in connection.execute_wrappers:
        connection.execute_wrappers.append(_count_query)


connection_created.connect(_watch_connection, dispatch_uid="pesnet-metrics-queries")


class MetricsMiddleware:
    """Counts each request by the name of the view that answered it (not by path: bounded)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else "<unresolved>"
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        return response


@lru_cache(maxsize=8)
def _networks(allowed: tuple[str, ...]):
    return [ipaddress.ip_network(value, strict=False) for value in allowed]


def address_allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.METRICS_ALLOWED_IPS)))


_scrape = _ScrapeCollector()
REGISTRY.register(_scrape)


def _registry():
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(_scrape)
    return registry


@never_cache
@require_GET
def metrics(request):
    # The peer address, never X-Forwarded-For: the proxy does not forward /metrics at all
    # (see the Caddyfile), Prometheus scrapes the web containers directly.
    if not address_allowed(request.META.get("REMOTE_ADDR", "")):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
