"""One version number for "the registry changed", shared by every cache of registry figures.

Pages that show registry figures (home, statistics) put ``registry_version()`` in their cache
keys. Any write to artisans calls ``registry_changed()`` — signals do it for ordinary saves and
deletes; bulk writes (imports, the demo seeder) call it themselves — and every cached page built
from older data is simply never read again. With a shared cache (Redis) this works across app
servers without deleting keys one by one.
"""

import time

from django.core.cache import cache
from django.db import transaction

_KEY = "artisans:registry-version"


def _fresh_version() -> int:
    # When the key is lost (evicted, Redis flushed or restarted) the version starts again from the
    # clock in microseconds, never from a small number: pages cached under an older version
    # must not become current again.
    return time.time_ns() // 1000


def registry_version() -> int:
    version = cache.get(_KEY)
    if version is None:
        # add() so two servers starting at once agree on the first value.
        cache.add(_KEY, _fresh_version(), timeout=None)
        version = cache.get(_KEY)
        if version is None:  # a cache that keeps nothing (dummy): never serve a cached page
            return _fresh_version()
    return version


def _bump() -> None:
    try:
        cache.incr(_KEY)
    except ValueError:  # key missing: a fresh version is newer than any it had
        cache.set(_KEY, _fresh_version(), timeout=None)


def registry_changed() -> None:
    """Invalidate cached registry figures once the current transaction commits."""
    transaction.on_commit(_bump)
