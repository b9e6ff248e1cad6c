"""A Redis cache that is never a reason for a page to fail.

Redis holds cached figures, pages and (through ``cached_db``) copies of sessions; the database
holds the truth. When Redis does not answer, every call here behaves like a cache miss — reads
return the default, writes are dropped — and the error is logged, so each page is computed
from the database and sessions are read from their table. After an error the backend leaves
Redis alone for ``RETRY_SECONDS``: a page with a dozen cache calls would otherwise wait for a
dozen connection time-outs.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("craftsreg.cache")

RETRY_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # A Redis that is down or unreachable must cost a page milliseconds, not the default
        # of waiting for the operating system's TCP time-out.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_until = 0.0

    # --- the circuit ---

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, error: Exception) -> None:
        with self._lock:
            first = self._available()
            self._down_until = time.monotonic() + RETRY_SECONDS
        if first:  # once per outage window, not once per call
            logger.warning(
                "cache %s failed (%s: %s); serving without the cache for %.0f s",
                operation,
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )

    def _call(self, operation: str, default, *args, **kwargs):
        if not self._available():
            return default
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            self._failed(operation, error)
            return default

    # --- Django's cache API ---

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        if not self._available():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._failed("incr", error)
            # What a missing key raises: callers already handle it.
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)") from error

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
