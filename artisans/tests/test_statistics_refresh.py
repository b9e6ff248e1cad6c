"""After a registry change, a background job recomputes the statistics figures; visitors keep
the previous figures meanwhile and never wait for the scan (artisans.cache)."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from artisans import statistics
from artisans.cache import _PENDING_KEY, registry_version, statistics_version
from artisans.models import Artisan, Craft, Governorate
from artisans.pagecache import pages
from artisans.tasks import refresh_statistics
from artisans.tests.factories import ArtisanFactory
from artisans.tests.test_views_statistics import registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def refresh_by_job(settings):
    settings.CRAFTSREG_STATISTICS_REFRESH_JOB = True
    settings.CRAFTSREG_STATISTICS_VERSION_SECONDS = 0
    cache.clear()
    pages.clear_local()
    yield
    pages.clear_local()


@pytest.fixture
def no_worker(monkeypatch):
    """Refresh jobs are queued but no worker runs them (yet)."""
    queued = []
    monkeypatch.setattr(refresh_statistics, "delay", lambda: queued.append(1))
    return queued


def _cube_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "GROUP BY" in q["sql"] and "artisans_artisan" in q["sql"]]


def test_warmed_cubes_equal_the_cubes_each_page_computes():
    registry(40)

    cubes = statistics.scope_cubes()

    def rows(cube):
        return sorted(cube.rows)

    everyone = Artisan.objects.registered()
    assert rows(cubes["cube:registry:governorate_id"]) == rows(statistics.Cube.of(everyone))
    for governorate in Governorate.objects.all():
        expected = statistics.Cube.of(everyone.in_governorate(governorate), "wilayat_id")
        assert rows(cubes[f"cube:governorate:{governorate.pk}:wilayat_id"]) == rows(expected)
    for craft in Craft.objects.all():
        expected = statistics.Cube.of(everyone.filter(primary_craft=craft))
        assert rows(cubes[f"cube:craft:{craft.pk}:governorate_id"]) == rows(expected)


def test_visitors_keep_the_previous_figures_until_the_refresh_job_has_run(
    client, refresh_by_job, no_worker, django_capture_on_commit_callbacks
):
    ArtisanFactory.create_batch(2)
    before = client.get("/en/statistics/").content  # computed and cached
    with django_capture_on_commit_callbacks(execute=True):
        ArtisanFactory()
    assert no_worker == [1]  # one refresh queued

    with CaptureQueriesContext(connection) as queries:
        during = client.get("/en/statistics/").content
    # Served from the cache: no scan of the registry, the figures of before the change.
    assert during == before
    assert not _cube_queries(queries.captured_queries)

    refresh_statistics()  # the worker's turn

    with CaptureQueriesContext(connection) as queries:
        after = client.get("/en/statistics/")
    assert after.content != before
    # The first visitor after the refresh reads figures the job computed, the crafts' table
    # (from the cube with birth years) included: no scan of the registry.
    assert not _cube_queries(queries.captured_queries)
    assert statistics_version() == registry_version()
    assert cache.get(_PENDING_KEY) is None
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/statistics/governorates/OM-ZU/")
    # The governorate's cube was computed by the job as well.
    assert not _cube_queries(queries.captured_queries)


def test_the_warmed_cube_with_birth_years_is_the_one_the_pages_compute():
    registry(40)
    version = registry_version()

    statistics.warm(version)

    warmed = cache.get(f"statistics:data:{version}:{statistics.cube_key('registry', ages=True)}")
    computed = statistics.Cube.of(Artisan.objects.registered(), ages=True)
    assert sorted(warmed.rows) == sorted(computed.rows)


def test_a_series_of_changes_queues_one_refresh(
    refresh_by_job, no_worker, django_capture_on_commit_callbacks
):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            ArtisanFactory()
    assert no_worker == [1]


def test_with_no_worker_for_too_long_the_next_visitor_computes_the_figures(
    client, settings, refresh_by_job, no_worker, django_capture_on_commit_callbacks
):
    client.get("/en/statistics/")
    with django_capture_on_commit_callbacks(execute=True):
        ArtisanFactory()
    settings.CRAFTSREG_STATISTICS_REFRESH_WAIT = 60
    cache.set(_PENDING_KEY, time.time() - 61, timeout=None)

    assert statistics_version() == registry_version()
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/statistics/")
    assert _cube_queries(queries.captured_queries)


def test_when_the_refresh_cannot_be_queued_the_figures_follow_at_once(
    client, refresh_by_job, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down():
        raise ConnectionError("broker down")

    monkeypatch.setattr(refresh_statistics, "delay", broker_down)
    client.get("/en/statistics/")
    with django_capture_on_commit_callbacks(execute=True):
        ArtisanFactory()

    assert statistics_version() == registry_version()


def test_with_refresh_jobs_off_a_change_shows_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CRAFTSREG_STATISTICS_REFRESH_JOB = False
    settings.CRAFTSREG_STATISTICS_VERSION_SECONDS = 0
    before = client.get("/en/statistics/").content
    with django_capture_on_commit_callbacks(execute=True):
        ArtisanFactory()
    assert client.get("/en/statistics/").content != before


def test_the_warmed_span_is_the_one_the_pages_read(django_assert_num_queries):
    # The job stored it under a name the pages did not read: after every refresh the first
    # visitor scanned the whole table for it (0.25 s at 1 M artisans).
    registry(5)
    statistics.warm(statistics_version())

    with django_assert_num_queries(0):
        span = statistics.cached_registry_span()
    assert span == statistics.registry_span()


def test_the_refresh_also_computes_the_crafts_figures_the_overview_shows_by_default(
    client, monkeypatch
):
    from artisans import viability

    registry(12)
    statistics.warm(statistics_version())
    computed = []
    original = viability.craft_viability
    monkeypatch.setattr(
        viability, "craft_viability", lambda *a, **k: computed.append(1) or original(*a, **k)
    )

    for language in ("ar", "en"):
        assert client.get(f"/{language}/statistics/").status_code == 200
        assert client.get(f"/{language}/statistics/crafts.json").status_code == 200
    assert computed == []  # every default page read the figures the refresh computed
    client.get("/en/statistics/", {"gender": "female"})
    assert computed == [1]  # a filtered view computes its own, once
