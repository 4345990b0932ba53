"""Sessions as Django's `cached_db` engine keeps them (read from Redis, written through to
PostgreSQL), with one difference: a GET's session is read in the same round trip as the cache
generations (pesnet.cache.generations_snapshot), so a signed-in page served from the cache
costs one round trip to Redis, not two."""

from django.contrib.sessions.backends import cached_db

from .cache import get_with_generations


class SessionStore(cached_db.SessionStore):
    def load(self):
        # Django's cached_db.SessionStore.load, reading the cache through get_with_generations.
        try:
            data = get_with_generations(self._cache, self.cache_key)
        except Exception:  # an invalid cache key resets the session, as Django does (#17810)
            data = None
        if data is None:
            stored = self._get_session_from_db()
            if stored:
                data = self.decode(stored.session_data)
                self._cache.set(
                    self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date)
                )
            else:
                data = {}
        return data
