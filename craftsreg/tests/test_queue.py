""" "Waiting for you" on the admin's home page: the core collects what each app's
``AppConfig.work_queue`` says waits for the user (craftsreg/queue.py) and shows it. Each app's
own items are tested in its tests (``<app>/tests/test_queue.py``)."""

import datetime

import pytest
from django.utils import timezone, translation

from craftsreg import queue
from craftsreg.queue import Waiting

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _page(client, user):
    client.force_login(user)
    response = client.get("/en/admin/")
    assert response.status_code == 200
    return response


def test_the_oldest_item_has_waited_whole_days():
    item = Waiting("x", 2, NOW - datetime.timedelta(days=12, hours=23), "/")

    assert item.oldest_days(NOW) == 12
    assert Waiting("x", 0, None, "").oldest_days(NOW) is None
    # A clock a little behind the database never shows a negative age.
    assert Waiting("x", 1, NOW + datetime.timedelta(minutes=1), "/").oldest_days(NOW) == 0


def test_every_app_naming_a_work_queue_is_asked_in_installed_apps_order():
    assert [provider.__module__ for provider in queue._providers()] == [
        "artisans.queue",
        "awards.queue",
        "cards.queue",
        "portal.queue",
    ]


def test_a_waiting_day_counts_whole_days_in_local_time():
    assert (
        Waiting("x", 1, timezone.localdate(NOW) - datetime.timedelta(days=3), "/").oldest_days(NOW)
        == 3
    )


def test_the_rows_with_work_are_shown_with_count_age_and_link(client, staff, monkeypatch):
    def provider(request, site):
        return [
            Waiting("Kind with work", 1234, NOW - datetime.timedelta(days=12), "/en/admin/x/"),
            Waiting("Kind without work", 0, None, ""),
        ]

    monkeypatch.setattr(queue, "_providers", lambda: (provider,))

    body = _page(client, staff["registrar"][0]).content.decode()

    assert "Waiting for you" in body
    assert '<a href="/en/admin/x/">Kind with work</a>' in body
    assert '<bdi dir="ltr" class="number">1,234</bdi>' in body
    assert "oldest: 12 days" in body
    assert "Kind without work" not in body
    assert "Nothing is waiting for you." not in body


def test_a_registrar_with_nothing_waiting_is_told_so(client, staff):
    body = _page(client, staff["dhofar-registrar"][0]).content.decode()

    assert "Waiting for you" in body and "Nothing is waiting for you." in body


def test_staff_who_may_act_on_no_kind_see_no_section(client, staff):
    response = _page(client, staff["design-officer"][0])

    assert response.context["waiting"] == []
    assert "waiting-for-you" not in response.content.decode()
