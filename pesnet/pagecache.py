"""Whole pages cached per viewer, for the pages the network reads most (the directories).

Rendering a page (base layout, menu, filters, tables) costs several times what the rest of a
request does. `@cached_page(...)` keeps the rendered HTML in Redis under a key made of:

- the viewer (user id) and the `auth:users` generation: their name in the menu, their roles;
- the language, the full path with its query string, and whether htmx asked;
- the generations of the data the page shows (e.g. the members directory), and optionally a
  time bucket for what depends on the clock (expiry dates, "not confirmed for 12 months").

A cached page is therefore only served to the same viewer, with the same roles, over the same
data the view checked when it rendered it: what the view allowed then, it would allow now.
Put the decorator under `@login_required` so that signing in is still checked first.

Forms that post carry a CSRF token, which must be the viewer's current one: pages are rendered
with a placeholder (`csrf_placeholder` context processor) that each response replaces. Pages
that show flash messages are not cached (nor served from the cache), and nothing is cached
while Redis is down (a per-process copy could not be invalidated by the other processes).
"""

import hashlib
from functools import wraps

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from .auth import USERS
from .cache import is_shared, lookup, store

CSRF_PLACEHOLDER = "pesnet-csrf-token-placeholder"
TIMEOUT = 600
_RENDERING = "_pesnet_caching_page"


def csrf_placeholder(request):
    """Context processor (after Django's `csrf`): the placeholder while a page is cached."""
    if getattr(request, _RENDERING, False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and (len(storage) > 0 or storage.used or storage.added_new)


def _key(request, bucket_seconds) -> str:
    user = request.user
    bucket = int(timezone.now().timestamp() // bucket_seconds) if bucket_seconds else 0
    parts = (
        user.pk if user.is_authenticated else "-",
        get_language(),
        request.get_full_path(),
        bool(request.headers.get("HX-Request")),
        bucket,
    )
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return f"page:{digest}"


def _with_token(content: str, request) -> str:
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    return content


def cached_page(*generations, bucket_seconds: int | None = None):
    """Cache the view's 200 HTML responses to GET (see the module's docstring)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or _has_messages(request) or not is_shared():
                return view(request, *args, **kwargs)
            key = _key(request, bucket_seconds)
            cached, stamps = lookup(key, [USERS, *generations])
            if cached is not None:
                content_type, content = cached
                return HttpResponse(_with_token(content, request), content_type=content_type)
            setattr(request, _RENDERING, True)
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            finally:
                setattr(request, _RENDERING, False)
            if response.streaming:
                return response
            content = response.content.decode(response.charset)
            content_type = response.get("Content-Type", "")
            if (
                response.status_code == 200
                and content_type.startswith("text/html")
                and not _has_messages(request)
                and not response.cookies
            ):
                store(key, stamps, (content_type, content), TIMEOUT)
            response.content = _with_token(content, request)
            return response

        return wrapper

    return decorator
