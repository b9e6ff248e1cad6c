""" "Waiting for you" on the admin's home page, for the portal's work: registration applications,
change requests and card requests waiting for a registrar (portal/queue.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from artisans.models import Wilayat
from artisans.tests.factories import ArtisanFactory
from portal import services_requests as services
from portal.models import Application, CardRequest, ChangeKind, ChangeRequest
from portal.models.applications import ApplicationStatus
from portal.tests.factories import ApplicationFactory, linked_user

pytestmark = pytest.mark.django_db

LABELS = {
    Application: "Registration applications to decide",
    ChangeRequest: "Change requests to decide",
    CardRequest: "Card requests to fulfil",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _linked(django_user_model, artisan):
    return linked_user(f"a{artisan.pk}", artisan)


def _requests(django_user_model, wilayat_name="Salalah", n=1):
    """``n`` artisans of ``wilayat_name``, each with a pending change request and card request."""
    made = []
    for _ in range(n):
        artisan = ArtisanFactory(wilayat=Wilayat.objects.get(name_en=wilayat_name))
        user = _linked(django_user_model, artisan)
        change = services.change_request_submit(
            artisan=artisan,
            by=user,
            kind=ChangeKind.PHONE,
            phone=f"+9689911{artisan.pk % 10_000:04d}",
        )
        card = services.card_request_submit(artisan=artisan, by=user, kind="issue")
        made.append((change, card))
    return made


def _waiting(client):
    response = client.get("/en/admin/")
    assert response.status_code == 200
    return response, {item.label: item for item in response.context["waiting"]}


def test_a_governorates_registrar_counts_only_their_governorates_work(
    client, dhofar_registrar, muscat, django_user_model
):
    ApplicationFactory()  # Dhofar
    ApplicationFactory(wilayat=muscat.wilayats.get(name_en="Muscat"))
    ApplicationFactory(wilayat=muscat.wilayats.get(name_en="Muscat"))
    _requests(django_user_model, "Salalah", n=2)
    _requests(django_user_model, "Muscat", n=3)
    client.force_login(dhofar_registrar)

    _response, items = _waiting(client)

    assert {label: items[label].count for label in LABELS.values()} == {
        LABELS[Application]: 1,
        LABELS[ChangeRequest]: 2,
        LABELS[CardRequest]: 2,
    }


def test_each_link_lists_exactly_the_items_counted(client, registrar, django_user_model):
    waiting_application = ApplicationFactory()
    ApplicationFactory(status=ApplicationStatus.REJECTED, decision_message="Not a craft.")
    (change, card), (declined_change, withdrawn_card) = _requests(django_user_model, n=2)
    ChangeRequest.objects.filter(pk=declined_change.pk).update(
        status="declined", decline_reason="no"
    )
    CardRequest.objects.filter(pk=withdrawn_card.pk).update(status="withdrawn")
    client.force_login(registrar)

    _response, items = _waiting(client)

    expected = {
        Application: [waiting_application],
        ChangeRequest: [change],
        CardRequest: [card],
    }
    for model, objects in expected.items():
        item = items[LABELS[model]]
        listing = client.get(item.url)
        assert listing.status_code == 200, item.url
        assert list(listing.context["cl"].result_list) == objects
        assert item.count == len(objects)


def test_the_oldest_items_age_is_shown_in_days(client, registrar):
    now = timezone.now()
    old, recent = ApplicationFactory(), ApplicationFactory()
    Application.objects.filter(pk=old.pk).update(submitted_at=now - datetime.timedelta(days=12))
    Application.objects.filter(pk=recent.pk).update(submitted_at=now - datetime.timedelta(hours=3))
    client.force_login(registrar)

    response, items = _waiting(client)

    item = items[LABELS[Application]]
    assert item.count == 2 and item.oldest_days(now) == 12
    assert "oldest: 12 days" in response.content.decode()


def test_a_viewer_who_may_not_decide_sees_no_portal_rows(client, viewer, django_user_model):
    ApplicationFactory()
    _requests(django_user_model)
    client.force_login(viewer)

    response, items = _waiting(client)

    assert not set(items) & set(LABELS.values())
    assert "Waiting for you" not in response.content.decode()


def test_the_home_pages_query_count_does_not_grow_with_the_work_waiting(
    client, registrar, django_user_model, django_assert_num_queries
):
    client.force_login(registrar)
    client.get("/en/admin/")  # the first page view records the session's start
    ApplicationFactory()
    _requests(django_user_model, n=1)
    with CaptureQueriesContext(connection) as small:
        client.get("/en/admin/")
    for _ in range(4):
        ApplicationFactory()
    _requests(django_user_model, n=4)

    with django_assert_num_queries(len(small)):
        response = client.get("/en/admin/")

    counts = {item.label: item.count for item in response.context["waiting"]}
    assert [counts[label] for label in LABELS.values()] == [5, 5, 5]
