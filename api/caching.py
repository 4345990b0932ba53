"""The API's answers: cached like the pages (one generation for the public data), with an
ETag for conditional requests, and a rate limit per client address."""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers

from pesnet.cache import Generation, is_shared, lookup, store

PUBLIC_DATA = Generation("api:public-data")
TIMEOUT = 600
WINDOW_SECONDS = 60


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _over_limit(request) -> bool:
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if not limit:
        return False
    key = f"api:rate:{client_address(request)}:{int(time.time() // WINDOW_SECONDS)}"
    cache.add(key, 0, WINDOW_SECONDS + 5)
    try:
        return cache.incr(key) > limit
    except ValueError:  # the key expired between add and incr
        return False


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _not_modified(request, etag: str) -> bool:
    wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    return etag in wanted or "*" in wanted


def _answer(request, status, content_type, body, etag, cached):
    if _not_modified(request, etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, status=status, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache" if cached else "private, no-cache"
    response["X-Cache"] = cached
    patch_vary_headers(response, ["Authorization"])
    return response


def api_view(view):
    """Wrap one of the API's Django views: rate limit, cache of public answers, ETag."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if _over_limit(request):
            response = JsonResponse(
                {"detail": "Too many requests from this address; try again in a minute."},
                status=429,
            )
            response["Retry-After"] = str(WINDOW_SECONDS)
            return response
        personal = "Authorization" in request.headers
        cacheable = request.method == "GET" and not personal and is_shared()
        key = "api:v1:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        if cacheable:
            found, stamps = lookup(key, [PUBLIC_DATA])
            if found is not None:
                return _answer(request, *found, cached="hit")
        response = view(request, *args, **kwargs)
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return response
        body = response.content
        etag = _etag(body)
        content_type = response.get("Content-Type", "application/json")
        if cacheable:
            store(key, stamps, (200, content_type, body, etag), TIMEOUT)
        answer = _answer(request, 200, content_type, body, etag, "miss" if cacheable else "no")
        for header in ("Content-Disposition",):
            if header in response:
                answer[header] = response[header]
        return answer

    wrapper.csrf_exempt = getattr(view, "csrf_exempt", False)
    return wrapper
