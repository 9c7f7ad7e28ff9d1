"""Django's cache in Redis that degrades instead of failing when Redis is away.

The default cache holds what can be lost: rate-limit counts, sign-in codes in flight, the replica-stickiness marks.
With Redis stopped, Django's own Redis backend raises on every call, and every request that counts a rate limit
(a search, a sign-in) would answer 500. This one answers "nothing there" to reads and drops writes, logging a
warning at most once a minute per process: rate limits do not count meanwhile (nginx's limit_req still does in
the operator profile), a code sent then must be asked for again. The page cache has its own fall-back
(core/pagecache.py) and keeps Django's backend.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)
_WARN_EVERY = 60.0
_last_warning = 0.0


def _unavailable(operation: str, error: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= _WARN_EVERY:
        _last_warning = now
        logger.warning("Redis cache unavailable (%s: %s); going on without it.", operation, error)


class ResilientRedisCacheClient(RedisCacheClient):
    def _guard(self, operation: str, call, fallback):
        try:
            return call()
        except (self._lib.exceptions.ConnectionError, self._lib.exceptions.TimeoutError) as error:
            _unavailable(operation, error)
            return fallback

    def add(self, key, value, timeout):
        # True: a lock taken with add() (allauth's rate limits) goes ahead, as with no cache to coordinate through.
        return self._guard("add", lambda: super(ResilientRedisCacheClient, self).add(key, value, timeout), True)

    def get(self, key, default):
        return self._guard("get", lambda: super(ResilientRedisCacheClient, self).get(key, default), default)

    def set(self, key, value, timeout):
        return self._guard("set", lambda: super(ResilientRedisCacheClient, self).set(key, value, timeout), None)

    def touch(self, key, timeout):
        return self._guard("touch", lambda: super(ResilientRedisCacheClient, self).touch(key, timeout), False)

    def delete(self, key):
        return self._guard("delete", lambda: super(ResilientRedisCacheClient, self).delete(key), False)

    def get_many(self, keys):
        return self._guard("get_many", lambda: super(ResilientRedisCacheClient, self).get_many(keys), {})

    def has_key(self, key):
        return self._guard("has_key", lambda: super(ResilientRedisCacheClient, self).has_key(key), False)

    def incr(self, key, delta):
        return self._guard("incr", lambda: super(ResilientRedisCacheClient, self).incr(key, delta), delta)

    def set_many(self, data, timeout):
        return self._guard("set_many", lambda: super(ResilientRedisCacheClient, self).set_many(data, timeout), [])

    def delete_many(self, keys):
        return self._guard("delete_many", lambda: super(ResilientRedisCacheClient, self).delete_many(keys), None)

    def clear(self):
        return self._guard("clear", lambda: super(ResilientRedisCacheClient, self).clear(), False)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
