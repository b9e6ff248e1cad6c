"""One version number for "the registry changed", shared by every cache of registry figures.

Pages that show registry figures (home, statistics) put ``registry_version()`` in their cache
keys. Any write to artisans calls ``registry_changed()`` — signals do it for ordinary saves and
deletes; bulk writes (imports, the demo seeder) call it themselves — and every cached page built
from older data is simply never read again. With a shared cache (Redis) this works across app
servers without deleting keys one by one.
"""

from django.core.cache import cache
from django.db import transaction

_KEY = "artisans:registry-version"


def registry_version() -> int:
    version = cache.get(_KEY)
    if version is None:
        # add() so two servers starting at once agree on the first value.
        cache.add(_KEY, 1, timeout=None)
        version = cache.get(_KEY, 1)
    return version


def _bump() -> None:
    try:
        cache.incr(_KEY)
    except ValueError:  # key missing (evicted or never set)
        cache.set(_KEY, 2, timeout=None)


def registry_changed() -> None:
    """Invalidate cached registry figures once the current transaction commits."""
    transaction.on_commit(_bump)
