"""Cache of rendered statistics responses (HTML, CSV, JSON), two levels deep.

Entries live in the shared cache (Redis in production) tagged with the registry version they
were built from, and the last few also in this process's memory. The registry version is read
from the shared cache at most once per ``CRAFTSREG_STATISTICS_VERSION_SECONDS`` (1 s) per
process, so a popular page is served without leaving the process: every round trip to Redis
costs a context switch, which on a busy host is most of a cached page's time. A change to the
registry therefore reaches every worker within that second (the worker that made the change
sees it at once). Tests set the interval to 0.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

from artisans.cache import statistics_version

CACHE_SECONDS = 24 * 60 * 60  # an upper bound: entries of an older version are never served
LOCAL_ENTRIES = 64  # about 60 kB each: a few MB per worker at most
# Local copies are also dropped after a minute. The version alone keeps stale pages out: a lost
# version restarts from the clock in microseconds (artisans.cache._fresh_version), never from a
# number an older page was stored under. The minute bounds what a server whose clock was set
# back could bring back.
LOCAL_SECONDS = 60.0


def _version_interval() -> float:
    return float(settings.CRAFTSREG_STATISTICS_VERSION_SECONDS)


class PageCache:
    def __init__(self):
        self._lock = threading.Lock()
        self._local: OrderedDict[str, tuple[int, dict, float]] = OrderedDict()
        self._version: int | None = None
        self._version_read_at = 0.0

    def version(self) -> int:
        now = time.monotonic()
        with self._lock:
            if self._version is not None and now - self._version_read_at < _version_interval():
                return self._version
        version = statistics_version()
        with self._lock:
            self._version, self._version_read_at = version, now
        return version

    def get(self, key: str) -> tuple[int, dict | None]:
        """(registry version, the response stored for it or None)."""
        version = self.version()
        with self._lock:
            local = self._local.get(key)
            if (
                local is not None
                and local[0] == version
                and time.monotonic() - local[2] < LOCAL_SECONDS
            ):
                self._local.move_to_end(key)
                return version, local[1]
        stored = cache.get(key)
        if stored is None or stored[0] != version:
            return version, None
        self._remember(key, *stored)
        return version, stored[1]

    def set(self, key: str, version: int, frozen: dict) -> None:
        """Store a response built from ``version`` (read before building it, so a change made
        meanwhile makes it out of date at once)."""
        cache.set(key, (version, frozen), CACHE_SECONDS)
        self._remember(key, version, frozen)

    def _remember(self, key: str, version: int, frozen: dict) -> None:
        with self._lock:
            self._local[key] = (version, frozen, time.monotonic())
            self._local.move_to_end(key)
            while len(self._local) > LOCAL_ENTRIES:
                self._local.popitem(last=False)

    def clear_local(self) -> None:
        with self._lock:
            self._local.clear()
            self._version = None


pages = PageCache()
