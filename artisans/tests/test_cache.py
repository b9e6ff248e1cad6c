from django.core.cache import cache

from artisans.cache import _KEY, _bump, registry_version


def test_a_change_gives_a_newer_version():
    before = registry_version()
    _bump()
    assert registry_version() > before


def test_a_lost_version_never_comes_back_as_an_older_number():
    # Pages were cached under this version, then Redis lost the key (eviction, flush, restart).
    _bump()
    seen = registry_version()
    cache.delete(_KEY)
    assert registry_version() > seen
    cache.delete(_KEY)
    _bump()  # a change arriving while the key is missing
    assert registry_version() > seen
