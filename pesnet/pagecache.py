"""Whole pages cached per viewer, for the pages the network reads most (the directories).

Rendering a page (base layout, menu, filters, tables) costs several times what the rest of a
request does. `@cached_page(...)` keeps the rendered HTML in the `pages` cache (its own Redis,
which may evict: see below) under a key made of:

- the viewer (user id) and the `auth:users` generation: their name in the menu, their roles;
- the language, the path, whether htmx asked, and the query parameters the view reads — each
  use declares them (`params=("q", "status")`), and they enter the key in that order, with the
  value the view reads (the last one given);
- the generations of the data the page shows (e.g. the members directory), and optionally a
  time bucket for what depends on the clock (expiry dates, "not confirmed for 12 months").

A request with any other query parameter (`?x=1`, `?utm_source=…`) is rendered and never
stored: a crawler or an attacker cannot grow the cache with junk query strings.

A cached page is therefore only served to the same viewer, with the same roles, over the same
data the view checked when it rendered it: what the view allowed then, it would allow now.
Put the decorator under `@login_required` so that signing in is still checked first.

Forms that post carry a CSRF token, which must be the viewer's current one: a page is rendered
with a marker drawn at random for that rendering (`csrf_placeholder` context processor) in
place of the token, and each response replaces that marker, and only it, with the token. User
data cannot contain a marker nobody has seen (one fixed string would be replaced inside a
name or an e-mail address too, showing the viewer's token in the text). Pages that show flash
messages are not cached (nor served from the cache), and nothing is cached while Redis is
down (a per-process copy could not be invalidated by the other processes).

Where things live: the generations stay in the default cache (REDIS_URL, never evicting, with
the broker, sessions and allauth's rate limits); the pages go to the `pages` cache (CACHE_URL,
`maxmemory` with `allkeys-lru`). An evicted page is a miss; an evicted generation cannot
happen. Each process also keeps copies of the pages (and users, fragments) it has found valid
(`pesnet.cache.ValidatedCopies`), served only while the generations read in the same request
still have their stamps: with the session read in that same round trip (pesnet.sessions), a
cached signed-in page costs one round trip to Redis and no transfer of the page.
"""

import hashlib
import secrets
from functools import wraps
from urllib.parse import urlencode

from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from .auth import USERS
from .cache import is_shared, lookup, store

PAGES = "pages"
TIMEOUT = 600
_RENDERING = "_pesnet_caching_page"


def csrf_placeholder(request):
    """Context processor (after Django's `csrf`): this rendering's marker while a page is
    rendered for the cache."""
    marker = getattr(request, _RENDERING, None)
    if marker:
        return {"csrf_token": marker}
    return {}


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and (len(storage) > 0 or storage.used or storage.added_new)


def _query(request, params) -> str | None:
    """The declared parameters as the view reads them, in the declared order; None when the
    request has any other parameter (not cached)."""
    if any(name not in params for name in request.GET):
        return None
    return urlencode([(name, request.GET[name]) for name in params if name in request.GET])


def _key(request, query, bucket_seconds, vary=None) -> str:
    user = request.user
    bucket = int(timezone.now().timestamp() // bucket_seconds) if bucket_seconds else 0
    parts = (
        user.pk if user.is_authenticated else "-",
        vary(request) if vary else "",
        get_language(),
        request.path,
        query,
        bool(request.headers.get("HX-Request")),
        bucket,
    )
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return f"page:{digest}"


def _with_token(content: str, marker: str, request) -> str:
    if marker in content:
        content = content.replace(marker, get_token(request))
    return content


def cached_page(
    *generations,
    params: tuple[str, ...] = (),
    bucket_seconds: int | None = None,
    vary=None,
):
    """Cache the view's 200 HTML responses to GET (see the module's docstring); `params` are
    the query parameters the view reads; `vary(request)`, when given, enters the key too (what
    the viewer may see, said explicitly by a page whose content depends on it)."""
    params = tuple(params)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            pages = caches[PAGES]
            if (
                request.method != "GET"
                or _has_messages(request)
                or not is_shared()
                or not is_shared(pages)
            ):
                return view(request, *args, **kwargs)
            query = _query(request, params)
            if query is None:
                return view(request, *args, **kwargs)
            key = _key(request, query, bucket_seconds, vary)
            cached, stamps = lookup(key, [USERS, *generations], in_cache=pages)
            if cached is not None:
                content_type, content, marker = cached
                return HttpResponse(
                    _with_token(content, marker, request), content_type=content_type
                )
            marker = f"csrf-{secrets.token_urlsafe(24)}"
            setattr(request, _RENDERING, marker)
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            finally:
                setattr(request, _RENDERING, None)
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
                store(key, stamps, (content_type, content, marker), TIMEOUT, in_cache=pages)
            response.content = _with_token(content, marker, request)
            return response

        return wrapper

    return decorator
