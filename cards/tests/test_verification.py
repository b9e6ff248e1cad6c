"""The public verification page: what it shows, what it never shows, and who it answers."""

import datetime

import pytest
from django.urls import reverse

from cards import services

DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def card(artisan, registrar):
    return services.card_issue(artisan=artisan, by=registrar)


def _verify(client, token, language="en"):
    return client.get(f"/{language}/verify/{token}/")


def test_a_stranger_sees_a_valid_card_with_only_public_facts(client, card, artisan):
    response = _verify(client, card.token)

    assert response.status_code == 200
    doc = response.context["doc"]
    assert (doc.status, doc.holder, doc.document_number) == ("valid", artisan.name_en, card.number)
    assert doc.registration_number == artisan.registration_number
    assert doc.crafts == ("Cotton weaving",)
    html = response.content.decode()
    assert "Valid" in html and artisan.name_en in html
    assert response["Cache-Control"] == "public, no-cache"


def test_a_cache_revalidates_cheaply_and_never_keeps_a_revoked_card_valid(client, card, registrar):
    first = _verify(client, card.token)
    etag = first["ETag"]

    assert client.get(f"/en/verify/{card.token}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.card_revoke(card=card, by=registrar, reason="Cancelled")
    again = client.get(f"/en/verify/{card.token}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again.context["doc"].status == "revoked"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_private_field_is_ever_shown(client, card, artisan, language):
    html = _verify(client, card.token, language).content.decode()

    for private in (
        artisan.civil_number,
        "99123456",  # the phone, however it is written
        "1980",  # the birth year (the factory's birth date is 17 May 1980)
        "17/05",
    ):
        assert private not in html


def test_the_arabic_page_names_the_holder_in_arabic(client, card, artisan):
    response = _verify(client, card.token, "ar")

    assert response.context["doc"].holder == artisan.name_ar
    assert "صالحة" in response.content.decode()


def test_a_revoked_card_keeps_answering_revoked(client, card, registrar):
    services.card_revoke(card=card, by=registrar, reason="Registration cancelled")

    response = _verify(client, card.token)

    assert response.context["doc"].status == "revoked"
    assert "Registration cancelled" not in response.content.decode()  # the reason is internal


def test_a_renewed_cards_old_qr_says_replaced_and_the_new_one_valid(client, card, registrar):
    new = services.card_renew(card=card, by=registrar)

    assert _verify(client, card.token).context["doc"].status == "replaced"
    assert _verify(client, new.token).context["doc"].status == "valid"


@pytest.mark.parametrize(
    "token",
    [
        "x" * 32,  # well-formed, unknown
        "short",
        "a" * 31 + "!",
        "a" * 33,
        "%00" * 4,
    ],
)
def test_an_unknown_or_tampered_token_is_a_plain_404(client, card, token):
    assert _verify(client, token).status_code == 404


def test_a_token_with_one_character_changed_is_not_found(client, card):
    tampered = card.token[:-1] + ("A" if card.token[-1] != "A" else "B")

    assert _verify(client, tampered).status_code == 404


def test_the_page_is_rate_limited_per_address(client, card, settings):
    settings.CRAFTSREG_VERIFY_RATE_PER_MINUTE = 3

    answers = [_verify(client, card.token).status_code for _ in range(5)]

    assert answers == [200, 200, 200, 429, 429]


def test_only_get_and_head_are_answered(client, card):
    assert client.post(reverse("verify", args=[card.token])).status_code == 405


@pytest.mark.parametrize(("browser", "language"), [("ar-OM,ar", "ar"), ("en-GB,en", "en")])
def test_the_printed_address_opens_in_the_scanners_language(client, card, browser, language):
    from craftsreg.verification import verification_path

    response = client.get(verification_path(card.token), HTTP_ACCEPT_LANGUAGE=browser)

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/verify/{card.token}/"
