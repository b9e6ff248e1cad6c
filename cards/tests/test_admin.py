"""The card pages in the admin: who may print, who may act, and the photo."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from artisans.tests.factories import ArtisanFactory
from cards import services
from cards.models import ArtisanCard


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _png(size=(60, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _change_data(client, change, **extra):
    """What the artisan's change form posts as it stands, plus ``extra``."""
    form = client.get(change).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("other_crafts", "photo")
    }
    data.update(
        {
            "seen_version": form.instance.version,
            "date_of_birth": "1980-05-17",
            "registered_on": "2017-06-01",
            **extra,
        }
    )
    return data


def _card_url(artisan, name="card"):
    return reverse(f"admin:artisans_artisan_{name}", args=[artisan.pk])


def test_a_registrar_issues_a_card_and_prints_it_with_its_qr_and_address(
    client, registrar, artisan
):
    client.force_login(registrar)

    response = client.post(_card_url(artisan), {"act": "issue"}, follow=True)

    card = artisan.cards.get()
    assert card.issued_by == registrar
    assert card.number in response.content.decode()
    printed = client.get(_card_url(artisan, "card_print")).content.decode()
    # Printed under the QR code without a language: the site picks the scanner's own.
    assert f"http://testserver/verify/{card.token}/<" in printed
    assert 'class="segno"' in printed
    assert artisan.name_ar in printed and artisan.name_en in printed


def test_a_viewer_prints_but_cannot_issue_or_revoke(client, viewer, registrar, artisan):
    card = services.card_issue(artisan=artisan, by=registrar)
    client.force_login(viewer)

    assert client.get(_card_url(artisan, "card_print")).status_code == 200
    response = client.post(_card_url(artisan), {"act": "revoke", "reason": "x"})

    assert response.status_code == 403
    card.refresh_from_db()
    assert card.is_current


def test_another_governorates_registrar_gets_404_for_the_card_and_photo(
    client, dhofar_registrar, muscat_artisan, registrar
):
    services.card_issue(artisan=muscat_artisan, by=registrar)
    client.force_login(dhofar_registrar)

    for name in ("card", "card_print", "photo"):
        assert client.get(_card_url(muscat_artisan, name)).status_code == 404
    assert (
        client.post(_card_url(muscat_artisan), {"act": "revoke", "reason": "x"}).status_code == 404
    )
    assert muscat_artisan.cards.current().exists()


def test_revoking_without_a_reason_changes_nothing_and_says_why(client, registrar, artisan):
    card = services.card_issue(artisan=artisan, by=registrar)
    client.force_login(registrar)

    response = client.post(_card_url(artisan), {"act": "revoke", "reason": ""}, follow=True)

    card.refresh_from_db()
    assert card.is_current
    assert any("Say why the card is revoked" in str(m) for m in response.context["messages"])


@pytest.mark.parametrize("posted", [{"act": "explode"}, {}, {"act": "renew"}])
def test_bad_acts_change_nothing(client, registrar, artisan, posted):
    client.force_login(registrar)

    response = client.post(_card_url(artisan), posted, follow=True)

    assert response.status_code == 200
    assert not ArtisanCard.objects.exists()


def test_the_photo_is_reencoded_and_served_only_through_the_admin(client, registrar, artisan):
    client.force_login(registrar)
    change = reverse("admin:artisans_artisan_change", args=[artisan.pk])
    data = _change_data(client, change, photo=SimpleUploadedFile("me.png", _png(), "image/png"))

    response = client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    artisan.refresh_from_db()
    assert artisan.photo.name.startswith("artisans/photos/") and "me" not in artisan.photo.name
    photo = client.get(_card_url(artisan, "photo"))
    assert photo.status_code == 200 and photo["Content-Type"].startswith("image/")
    client.logout()
    assert client.get(_card_url(artisan, "photo")).status_code == 302  # to the sign-in page


def test_a_renamed_non_image_is_refused_as_a_photo(client, registrar, artisan):
    client.force_login(registrar)
    change = reverse("admin:artisans_artisan_change", args=[artisan.pk])
    data = _change_data(
        client, change, photo=SimpleUploadedFile("me.png", b"%PDF-1.4 not a picture", "image/png")
    )

    response = client.post(change, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    artisan.refresh_from_db()
    assert not artisan.photo


def test_the_artisan_record_says_whether_a_card_was_issued(client, registrar, artisan):
    client.force_login(registrar)
    change = reverse("admin:artisans_artisan_change", args=[artisan.pk])

    assert "No current card" in client.get(change).content.decode()
    card = services.card_issue(artisan=artisan, by=registrar)
    assert card.number in client.get(change).content.decode()


def test_printing_a_batch_of_cards_from_the_list(client, registrar, artisan, muscat_artisan):
    client.force_login(registrar)
    changelist = reverse("admin:artisans_artisan_changelist")
    ids = [str(artisan.pk), str(muscat_artisan.pk)]

    client.post(changelist, {"action": "issue_cards", "_selected_action": ids})
    response = client.post(changelist, {"action": "print_cards", "_selected_action": ids})

    assert ArtisanCard.objects.current().count() == 2
    html = response.content.decode()
    assert html.count('class="craft-card"') == 2


def test_the_cards_list_is_scoped_to_the_governorate(
    client, dhofar_registrar, registrar, artisan, muscat_artisan
):
    services.card_issue(artisan=artisan, by=registrar)
    services.card_issue(artisan=muscat_artisan, by=registrar)
    client.force_login(dhofar_registrar)

    response = client.get(reverse("admin:cards_artisancard_changelist"))

    assert [c.artisan for c in response.context["cl"].result_list] == [artisan]


def test_a_registrar_records_a_card_printed_then_handed_over_to_a_relative(
    client, registrar, artisan
):
    card = services.card_issue(artisan=artisan, by=registrar)
    client.force_login(registrar)
    page = client.get(_card_url(artisan)).content.decode()
    assert 'data-delivery="to_print"' in page

    client.post(_card_url(artisan), {"act": "printed"})
    card.refresh_from_db()
    assert card.printed_on and card.delivery == ArtisanCard.Delivery.READY

    response = client.post(
        _card_url(artisan), {"act": "hand_over", "collected_by": "Hamad, her son"}, follow=True
    )
    card.refresh_from_db()
    assert (card.handed_over_by, card.collected_by) == (registrar, "Hamad, her son")
    page = response.content.decode()
    assert "collected by Hamad, her son" in page
    # Nothing left to record: the forms are gone, and a second hand-over posted anyway is refused.
    assert 'value="hand_over"' not in page
    response = client.post(_card_url(artisan), {"act": "hand_over"}, follow=True)
    assert "This card was handed over on" in response.content.decode()
    assert card.history.count() == 3


def test_a_viewer_cannot_record_delivery(client, viewer, registrar, artisan):
    card = services.card_issue(artisan=artisan, by=registrar)
    client.force_login(viewer)
    assert client.post(_card_url(artisan), {"act": "hand_over"}).status_code == 403
    changelist = reverse("admin:cards_artisancard_changelist")
    client.post(changelist, {"action": "mark_printed", "_selected_action": [str(card.pk)]})
    card.refresh_from_db()
    assert card.printed_on is None
    choices = client.get(changelist).context["action_form"].fields["action"].choices
    assert [name for name, _label in choices if name] == ["print_selected"]


def test_the_cards_list_is_a_print_and_collection_queue(client, registrar, artisan, muscat_artisan):
    first = services.card_issue(artisan=artisan, by=registrar)
    second = services.card_issue(artisan=muscat_artisan, by=registrar)
    client.force_login(registrar)
    changelist = reverse("admin:cards_artisancard_changelist")

    def listed(delivery):
        response = client.get(changelist, {"delivery": delivery})
        return {card.pk for card in response.context["cl"].result_list}

    assert listed("to_print") == {first.pk, second.pk}
    # Each row leads to the artisan's card page, where the hand-over is recorded.
    page = client.get(changelist, {"delivery": "to_print"}).content.decode()
    assert reverse("admin:artisans_artisan_card", args=[artisan.pk]) in page
    printed = client.post(
        changelist, {"action": "print_selected", "_selected_action": [str(first.pk)]}
    )
    assert printed.content.decode().count('class="craft-card"') == 1
    client.post(
        changelist,
        {"action": "mark_printed", "_selected_action": [str(first.pk), str(second.pk)]},
    )
    assert listed("to_print") == set()
    assert listed("ready") == {first.pk, second.pk}
    services.card_hand_over(card=first, by=registrar)
    assert listed("ready") == {second.pk}
    assert listed("handed_over") == {first.pk}


def test_the_cards_queue_runs_constant_queries(client, registrar):
    client.force_login(registrar)
    changelist = reverse("admin:cards_artisancard_changelist")
    client.get(changelist)  # the first request fills the per-process caches (content types)
    counts = []
    for size in (2, 8):
        for _ in range(size):
            services.card_issue(artisan=ArtisanFactory(), by=registrar)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(changelist, {"delivery": "to_print"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
