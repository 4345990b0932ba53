import redis
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import heartbeats
from .navigation import HOME, HOME_WORK, entries_for, home_sections, needs_for
from .pagecache import cached_page

_redis_clients: dict[str, redis.Redis] = {}


def _redis_client() -> redis.Redis:
    url = settings.REDIS_URL
    client = _redis_clients.get(url)
    if client is None:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        _redis_clients[url] = client
    return client


def _database_ok() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _redis_ok() -> bool:
    try:
        return bool(_redis_client().ping())
    except redis.RedisError:
        return False


def service_state() -> dict[str, bool]:
    return {"database": _database_ok(), "redis": _redis_ok()}


@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    """Liveness of the stack for load balancers and monitoring; the benchmarks' floor.

    One query (SELECT 1) and one Redis read (the heartbeats' hash, which also proves Redis
    answers). Beat and the worker are reported from their first heartbeat on (see
    pesnet/heartbeats.py); either silent for more than HEARTBEAT_MAX_SILENCE seconds is a 503.
    """
    redis_ok, seen = heartbeats.read()
    state = {"database": _database_ok(), "redis": redis_ok}
    background = heartbeats.states(seen)
    ok = all(state.values()) and all(value == "ok" for value in background.values())
    body = {"status": "ok" if ok else "unavailable"}
    body.update({name: "ok" if up else "down" for name, up in state.items()})
    if background:
        body.update(background)
        body["seconds_since"] = {name: round(age, 1) for name, age in heartbeats.ages(seen).items()}
    return JsonResponse(body, status=200 if ok else 503)


def _home(request):
    user = request.user
    return render(
        request,
        "home.html",
        {
            "needs": needs_for(user),
            "network": home_sections(request, "network"),
            "offers": entries_for(user),
            "sections": home_sections(request),
        },
    )


# Cached until what it shows changes (HOME), or the clock turns what is next (the next
# meeting, invitations about to expire): visitors share one copy per language; a signed-in
# user's copy is their own, with their work (HOME_WORK).
_home_for_visitors = cached_page(HOME, bucket_seconds=600)(_home)
_home_for_users = cached_page(HOME, HOME_WORK, bucket_seconds=300)(_home)


def home(request):
    if request.user.is_authenticated:
        return _home_for_users(request)
    return _home_for_visitors(request)


def favicon(request):
    # Resolved per request: the hashed static name exists only after collectstatic.
    return redirect(static("favicon.svg"), permanent=True)
