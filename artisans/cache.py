"""One version number for "the registry changed", shared by every cache of registry figures.

Pages that show registry figures (home, statistics) put ``registry_version()`` in their cache
keys. Any write to artisans calls ``registry_changed()`` — signals do it for ordinary saves and
deletes; bulk writes (imports, the demo seeder) call it themselves — and every cached page built
from older data is simply never read again. With a shared cache (Redis) this works across app
servers without deleting keys one by one.

Statistics pages read ``statistics_version()`` instead. With a shared cache and workers
(``CRAFTSREG_STATISTICS_REFRESH_JOB``), a change queues a refresh job that computes the new
figures; until it has published them, visitors keep getting the figures of the version before,
already cached, so no visitor waits for a million-row scan. If no worker has published within
``CRAFTSREG_STATISTICS_REFRESH_WAIT`` seconds (none is running), or the job cannot be queued,
the pages follow the registry version again and the next visitor computes the figures.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("craftsreg.statistics")

_KEY = "artisans:registry-version"
_STATISTICS_KEY = "artisans:statistics-version"
_PENDING_KEY = "artisans:statistics-pending-since"
_QUEUED_KEY = "artisans:statistics-refresh-queued"


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
    transaction.on_commit(_changed)


def _refresh_by_job() -> bool:
    return settings.CRAFTSREG_STATISTICS_REFRESH_JOB


def _changed() -> None:
    if not _refresh_by_job():
        _bump()
        return
    # The figures visitors see stay those of the version before the change (add: only the
    # first change of a series records it), until the refresh job publishes newer ones.
    cache.add(_STATISTICS_KEY, registry_version(), timeout=None)
    _bump()
    cache.add(_PENDING_KEY, time.time(), timeout=None)
    if cache.add(_QUEUED_KEY, 1, timeout=300):  # one refresh queued at a time
        from artisans.tasks import refresh_statistics

        try:
            refresh_statistics.delay()
        except Exception as error:  # the broker is down: visitors compute the figures
            logger.warning("statistics refresh not queued (%s); computed on demand", error)
            cache.delete_many([_QUEUED_KEY, _PENDING_KEY, _STATISTICS_KEY])


def refresh_started() -> int:
    """Called by the refresh job as it starts: changes from now on queue another refresh.
    Returns the registry version to compute."""
    cache.delete(_QUEUED_KEY)
    return registry_version()


def statistics_published(version: int) -> None:
    """The figures of ``version`` are cached: statistics pages may show them."""
    published = cache.get(_STATISTICS_KEY)
    if published is None or published < version:
        cache.set(_STATISTICS_KEY, version, timeout=None)
    if registry_version() <= version:
        cache.delete(_PENDING_KEY)


def statistics_version() -> int:
    """The registry version whose figures the statistics pages show (see the module's note)."""
    current = registry_version()
    if not _refresh_by_job():
        return current
    values = cache.get_many([_STATISTICS_KEY, _PENDING_KEY])
    published, pending_since = values.get(_STATISTICS_KEY), values.get(_PENDING_KEY)
    if published is None or published >= current:
        return current
    if pending_since is None:
        return current
    if time.time() - pending_since > settings.CRAFTSREG_STATISTICS_REFRESH_WAIT:
        return current  # no worker refreshed in time: visitors compute the figures
    return published
