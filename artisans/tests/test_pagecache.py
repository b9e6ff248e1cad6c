"""The two-level cache of rendered statistics responses."""

import pytest
from django.core.cache import cache

from artisans import pagecache
from artisans.cache import _bump, registry_version


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def pages(settings, clock):
    settings.CRAFTSREG_STATISTICS_VERSION_SECONDS = 1.0
    cache.clear()
    yield pagecache.PageCache()
    cache.clear()


def test_a_page_is_served_for_the_version_it_was_built_from(pages):
    version, frozen = pages.get("k")
    assert frozen is None
    pages.set("k", version, {"content": b"v1"})

    assert pages.get("k") == (version, {"content": b"v1"})


def test_a_registry_change_reaches_the_process_within_the_interval(pages, clock):
    version, _ = pages.get("k")
    pages.set("k", version, {"content": b"old"})
    _bump()  # another worker saved an artisan

    clock[0] += 0.5
    assert pages.get("k")[1] == {"content": b"old"}  # within the interval: not re-read yet
    clock[0] += 0.6
    assert pages.get("k") == (registry_version(), None)


def test_another_worker_finds_pages_in_the_shared_cache(pages):
    version, _ = pages.get("k")
    pages.set("k", version, {"content": b"shared"})

    other_worker = pagecache.PageCache()
    assert other_worker.get("k")[1] == {"content": b"shared"}


def test_local_copies_expire_and_are_bounded(pages, clock, monkeypatch):
    version, _ = pages.get("k")
    pages.set("k", version, {"content": b"x"})
    cache.delete("k")  # only the local copy is left

    clock[0] += 0.1
    assert pages.get("k")[1] == {"content": b"x"}
    clock[0] += pagecache.LOCAL_SECONDS
    assert pages.get("k")[1] is None

    monkeypatch.setattr(pagecache, "LOCAL_ENTRIES", 3)
    version, _ = pages.get("a")
    for key in "abcde":
        pages.set(key, version, {"content": key.encode()})
    assert list(pages._local) == ["c", "d", "e"]
