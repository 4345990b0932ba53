from dataclasses import dataclass, field


@dataclass
class Page:
    name: str
    path: str
    headers: dict = field(default_factory=dict)
    baseline: bool = False  # /healthz: every other page is compared with it
    queries: int | None = None  # SQL queries per request (caches warm), counted in-process
    cold_queries: int | None = None  # the same with the cache emptied first (a first visit)
    group: str = "pages"


class Context:
    """What a page module gets: a way to sign a user in for wrk's requests."""

    def session_cookie(self, user) -> dict:
        from importlib import import_module

        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}

    def warm(self, path: str, headers: dict | None = None) -> None:
        """One request as a returning visitor, without emptying the cache: counting the next
        page empties it (new generations), which left the pages counted earlier stale, and
        wrk's requests carry no CSRF cookie, so the first of them all rendered at once."""
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        cookie = (headers or {}).get("Cookie")
        if cookie:
            name, value = cookie.split("=", 1)
            client.cookies[name] = value
        client.get(path)
        client.get(path)

    def count_queries(self, path: str, headers: dict | None = None) -> tuple[int, int]:
        """SQL queries one request to the page makes, measured in-process: with the cache
        emptied first (cold), then again (warm, as the server's later requests)."""
        from django.core.cache import cache
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        cookie = (headers or {}).get("Cookie")
        if cookie:
            name, value = cookie.split("=", 1)
            client.cookies[name] = value
        cache.delete_pattern("*")  # this run's prefix only (CACHE_KEY_PREFIX)
        cold = _statements(client, path)
        return cold, _statements(client, path)


def _statements(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code} in-process")
    return sum(
        1
        for query in captured
        if not query["sql"].startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"))
    )
