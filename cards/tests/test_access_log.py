"""Printing craft cards and opening an artisan's photo are recorded in the access log
(craftsreg.access_log): one row per card printed, none for what was refused."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from artisans.tests.factories import ArtisanFactory
from cards import services
from craftsreg.models import AccessAction, PersonalDataAccess
from designs.tests.factories import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _url(artisan, name):
    return reverse(f"admin:artisans_artisan_{name}", args=[artisan.pk])


def _rows():
    return list(
        PersonalDataAccess.objects.order_by("object_id").values_list(
            "user__username", "action", "object_id", "batch_size"
        )
    )


def test_printing_one_card_writes_one_row(client, viewer, registrar, artisan):
    services.card_issue(artisan=artisan, by=registrar)
    client.force_login(viewer)

    assert client.get(_url(artisan, "card_print")).status_code == 200

    assert _rows() == [("viewer", AccessAction.PRINTED_CARD, str(artisan.pk), 1)]


def test_a_batch_print_writes_one_row_per_card_printed(client, registrar, artisan):
    others = ArtisanFactory.create_batch(2)
    for holder in (artisan, *others):
        services.card_issue(artisan=holder, by=registrar)
    without_card = ArtisanFactory()
    client.force_login(registrar)
    selected = [str(a.pk) for a in (artisan, *others, without_card)]

    response = client.post(
        reverse("admin:artisans_artisan_changelist"),
        {"action": "print_cards", "_selected_action": selected},
    )

    assert response.content.decode().count('class="craft-card"') == 3
    assert _rows() == sorted(
        ("registrar", AccessAction.PRINTED_CARD, str(a.pk), 3) for a in (artisan, *others)
    )


def test_printing_from_the_cards_list_writes_one_row_per_current_card(client, registrar, artisan):
    first = services.card_issue(artisan=artisan, by=registrar)
    revoked = services.card_issue(artisan=ArtisanFactory(), by=registrar)
    services.card_revoke(card=revoked, by=registrar, reason="lost")
    client.force_login(registrar)

    client.post(
        reverse("admin:cards_artisancard_changelist"),
        {"action": "print_selected", "_selected_action": [str(first.pk), str(revoked.pk)]},
    )

    assert _rows() == [("registrar", AccessAction.PRINTED_CARD, str(artisan.pk), 1)]


def test_nothing_printed_writes_nothing(client, registrar, artisan):
    client.force_login(registrar)
    # No current card: a message, no print file.
    assert client.get(_url(artisan, "card_print")).status_code == 302
    client.post(
        reverse("admin:artisans_artisan_changelist"),
        {"action": "print_cards", "_selected_action": [str(artisan.pk)]},
    )

    assert _rows() == []


def test_opening_the_photo_writes_one_row(client, viewer, artisan):
    artisan.photo = ContentFile(image_bytes(), name="p.jpg")
    artisan.save()
    client.force_login(viewer)

    assert client.get(_url(artisan, "photo")).status_code == 200

    assert _rows() == [("viewer", AccessAction.OPENED_PHOTO, str(artisan.pk), 1)]


def test_a_refused_or_missing_photo_writes_nothing(
    client, dhofar_registrar, muscat_artisan, viewer, artisan, registrar
):
    muscat_artisan.photo = ContentFile(image_bytes(), name="p.jpg")
    muscat_artisan.save()
    services.card_issue(artisan=muscat_artisan, by=registrar)
    client.force_login(dhofar_registrar)
    assert client.get(_url(muscat_artisan, "photo")).status_code == 404
    assert client.get(_url(muscat_artisan, "card_print")).status_code == 404
    client.force_login(viewer)
    assert client.get(_url(artisan, "photo")).status_code == 404  # no photo at all

    assert _rows() == []
