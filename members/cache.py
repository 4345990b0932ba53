"""Rendered directory tables, cached in Redis under a version that every change bumps.

The directory pages render one row per member state; Django's templates make that the bulk of
the request. The tables are the same for everyone in a role, so they are rendered once per
(version, language, filters, audience) and reused until a member state, institution, focal
point or invitation changes (members.signals bumps the version), or the time bucket turns
(the "not confirmed for 12 months" flag and invitation expiry depend on the clock).
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "members:directory:version"
TIMEOUT = 600
BUCKET_SECONDS = 600


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        cache.add(VERSION_KEY, current, None)
        current = cache.get(VERSION_KEY) or current
    return current


def bump() -> None:
    """Now (so this request and tests see it) and again after commit (so a concurrent request
    that cached the old data before the commit is not kept)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def cached_fragment(name: str, render, *parts) -> str:
    bucket = int(timezone.now().timestamp() // BUCKET_SECONDS)
    raw = "|".join(str(part) for part in (version(), get_language(), bucket, *parts))
    key = f"members:fragment:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, TIMEOUT)
    return html
