""" "Waiting for you" on the admin's home page, for craft cards: cards to print and printed cards
not yet collected (cards/queue.py)."""

import datetime

import pytest
from django.utils import timezone, translation

from cards import services
from cards.models import ArtisanCard

TO_PRINT, READY = "Craft cards to print", "Printed craft cards not yet collected"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _waiting(client):
    response = client.get("/en/admin/")
    assert response.status_code == 200
    return response, {item.label: item for item in response.context["waiting"]}


def test_a_registrar_is_shown_cards_to_print_and_to_collect_of_their_governorate(
    client, dhofar_registrar, registrar, artisan, muscat_artisan
):
    today = timezone.localdate()
    waiting = services.card_issue(
        artisan=artisan, by=registrar, today=today - datetime.timedelta(days=9)
    )
    services.card_issue(artisan=muscat_artisan, by=registrar)  # Muscat: not theirs
    client.force_login(dhofar_registrar)

    response, items = _waiting(client)

    assert (items[TO_PRINT].count, items[READY].count) == (1, 0)
    assert items[TO_PRINT].oldest_days() == 9
    assert "oldest: 9 days" in response.content.decode()
    listing = client.get(items[TO_PRINT].url)
    assert list(listing.context["cl"].result_list) == [waiting]

    services.cards_mark_printed(cards=[waiting], by=dhofar_registrar)
    response, items = _waiting(client)
    assert (items[TO_PRINT].count, items[READY].count) == (0, 1)
    assert "since today" in response.content.decode()
    assert list(client.get(items[READY].url).context["cl"].result_list) == [waiting]


def test_a_viewer_who_prints_but_does_not_record_sees_no_card_rows(
    client, viewer, registrar, artisan
):
    services.card_issue(artisan=artisan, by=registrar)
    client.force_login(viewer)
    _response, items = _waiting(client)
    assert not {TO_PRINT, READY} & set(items)
    assert ArtisanCard.objects.to_print().count() == 1
