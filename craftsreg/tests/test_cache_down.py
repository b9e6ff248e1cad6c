"""Redis is a cache, never a reason for a page to fail: with CACHE_URL pointing at a Redis that
does not answer, every page is computed from the database and sessions live in their table."""

import logging

import pytest
from django.urls import reverse

from artisans.tests.factories import ArtisanFactory
from craftsreg.cache import ResilientRedisCache
from craftsreg.tests.html import stat

pytestmark = pytest.mark.django_db

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {"BACKEND": "craftsreg.cache.ResilientRedisCache", "LOCATION": DOWN}
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield


@pytest.mark.parametrize(
    "url",
    [
        "/ar/",
        "/en/",
        "/en/statistics/",
        "/ar/statistics/governorates/OM-ZU/",
        "/en/statistics/crafts/cotton-weaving/",
        "/en/statistics/governorates.csv",
        "/en/designs/",
        "/en/awards/",
    ],
)
def test_public_pages_answer_with_redis_down(client, redis_down, url, caplog):
    ArtisanFactory.create_batch(3)
    with caplog.at_level(logging.WARNING, logger="craftsreg.cache"):
        response = client.get(url, follow=True)
    assert response.status_code == 200
    if url in ("/ar/", "/en/"):
        # Computed from the database, not from a cache that is not there.
        assert stat(response.content.decode(), "artisans") == "3"


def test_the_error_is_logged_once_per_outage_not_per_call(client, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="craftsreg.cache"):
        client.get("/en/statistics/")
        client.get("/en/")
    warnings = [r for r in caplog.records if r.name == "craftsreg.cache"]
    assert len(warnings) == 1
    assert "failed" in warnings[0].getMessage()


def test_staff_sign_in_and_stay_signed_in_with_redis_down(client, redis_down, superuser):
    response = client.post(
        reverse("admin:login"),
        {"username": "root", "password": "pw", "next": "/en/admin/"},
        follow=True,
    )
    assert response.status_code == 200 and response.context["user"].is_authenticated
    # The session was read back from the database on the next request.
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:artisans_artisan_changelist")).status_code == 200


def test_a_down_cache_answers_like_a_miss():
    backend = ResilientRedisCache(DOWN, {})
    assert backend.get("key", "default") == "default"
    assert backend.add("key", 1) is False
    assert backend.get_many(["a", "b"]) == {}
    assert backend.set("key", 1) is None
    with pytest.raises(ValueError):
        backend.incr("key")
    # Left alone for a few seconds after the failure: no connection attempt at all.
    assert not backend._available()
