import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from artisans.models import Artisan
from cards import services
from cards.models import ArtisanCard


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


DAY = datetime.date(2026, 3, 1)


def test_a_card_is_numbered_after_the_registration_and_valid_for_the_setting(
    artisan, registrar, settings
):
    settings.CRAFTSREG_CARD_VALIDITY_YEARS = 3
    card = services.card_issue(artisan=artisan, by=registrar, today=DAY)

    assert card.number == f"{artisan.registration_number}/1"
    assert (card.issued_on, card.valid_until) == (DAY, datetime.date(2029, 3, 1))
    assert card.status == ArtisanCard.Status.CURRENT
    assert len(card.token) == 32
    assert card.history.get().history_change_reason == "Issued"


def test_an_artisan_holds_one_current_card(artisan, registrar):
    services.card_issue(artisan=artisan, by=registrar, today=DAY)

    with pytest.raises(ValidationError, match="already holds a current card"):
        services.card_issue(artisan=artisan, by=registrar, today=DAY)
    # …and the database says so too, whatever path writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        ArtisanCard.objects.create(
            artisan=artisan, sequence=9, issued_on=DAY, valid_until=DAY.replace(year=2030)
        )
    assert artisan.cards.count() == 1


def test_renewal_issues_a_new_card_and_the_old_one_reads_replaced(artisan, registrar):
    first = services.card_issue(artisan=artisan, by=registrar, today=DAY)
    later = DAY.replace(year=2028)

    second = services.card_renew(card=first, by=registrar, today=later)

    first.refresh_from_db()
    assert (first.status, first.replacement, first.status_changed_on) == (
        ArtisanCard.Status.REPLACED,
        ArtisanCard.Replacement.RENEWAL,
        later,
    )
    assert second.sequence == 2 and second.replaces == first
    assert second.valid_until == datetime.date(2031, 3, 1)
    assert first.public_status(today=later) == ("replaced", later)
    assert second.token != first.token


def test_a_lost_card_is_replaced_and_cannot_be_renewed_again(artisan, registrar):
    first = services.card_issue(artisan=artisan, by=registrar, today=DAY)
    services.card_replace(card=first, by=registrar, today=DAY)
    first.refresh_from_db()

    assert first.replacement == ArtisanCard.Replacement.LOST
    with pytest.raises(ValidationError, match="Only the current card"):
        services.card_renew(card=first, by=registrar, today=DAY)
    assert artisan.cards.count() == 2


def test_revoking_needs_a_reason_and_is_kept_in_the_history(artisan, registrar):
    card = services.card_issue(artisan=artisan, by=registrar, today=DAY)

    with pytest.raises(ValidationError):
        services.card_revoke(card=card, by=registrar, reason="  ", today=DAY)
    card.refresh_from_db()
    assert card.is_current

    services.card_revoke(card=card, by=registrar, reason="Registration cancelled", today=DAY)
    card.refresh_from_db()
    assert card.public_status(today=DAY) == ("revoked", DAY)
    assert card.history.first().history_change_reason == "Registration cancelled"
    # A new card may be issued after a revocation (e.g. the decision was reversed).
    assert services.card_issue(artisan=artisan, by=registrar, today=DAY).sequence == 2


def test_an_expired_card_says_so(artisan, registrar):
    card = services.card_issue(artisan=artisan, by=registrar, today=DAY)

    assert card.public_status(today=card.valid_until) == ("valid", None)
    after = card.valid_until + datetime.timedelta(days=1)
    assert card.public_status(today=after) == ("expired", card.valid_until)


def test_an_inactive_artisan_gets_no_card(artisan, registrar):
    Artisan.objects.filter(pk=artisan.pk).update(status=Artisan.Status.INACTIVE)
    artisan.refresh_from_db()

    with pytest.raises(ValidationError, match="active"):
        services.card_issue(artisan=artisan, by=registrar, today=DAY)
    assert not artisan.cards.exists()


def test_issuing_many_skips_who_cannot_have_one(artisan, muscat_artisan, registrar):
    Artisan.objects.filter(pk=muscat_artisan.pk).update(status=Artisan.Status.INACTIVE)

    issued, skipped = services.cards_issue_many(
        artisans=Artisan.objects.order_by("pk"), by=registrar, today=DAY
    )

    assert [card.artisan_id for card in issued] == [artisan.pk]
    assert [a.pk for a, _reason in skipped] == [muscat_artisan.pk]


# --- delivery ------------------------------------------------------------------------------------


def test_a_card_moves_from_printing_to_collection_to_handed_over(artisan, registrar):
    card = services.card_issue(artisan=artisan, by=registrar, today=DAY)
    assert card.delivery == ArtisanCard.Delivery.TO_PRINT
    assert list(ArtisanCard.objects.to_print()) == [card]

    assert services.cards_mark_printed(cards=[card], by=registrar, today=DAY) == 1
    # Printing again keeps the first date.
    later = DAY + datetime.timedelta(days=3)
    assert services.cards_mark_printed(cards=[card], by=registrar, today=later) == 0
    card.refresh_from_db()
    assert (card.printed_on, card.delivery) == (DAY, ArtisanCard.Delivery.READY)
    assert list(ArtisanCard.objects.awaiting_collection()) == [card]

    services.card_hand_over(card=card, by=registrar, collected_by="  Hamad,  her son ", today=later)
    card.refresh_from_db()
    assert (card.handed_over_on, card.handed_over_by, card.collected_by) == (
        later,
        registrar,
        "Hamad, her son",
    )
    assert card.delivery == ArtisanCard.Delivery.HANDED_OVER
    assert not ArtisanCard.objects.awaiting_collection().exists()
    assert [h.history_change_reason for h in card.history.order_by("history_id")] == [
        "Issued",
        "Printed",
        "Handed over to Hamad, her son",
    ]
    with pytest.raises(ValidationError, match="was handed over on"):
        services.card_hand_over(card=card, by=registrar, today=later)


def test_a_card_handed_over_unrecorded_as_printed_is_printed_that_day(artisan, registrar):
    card = services.card_issue(artisan=artisan, by=registrar, today=DAY)
    services.card_hand_over(card=card, by=registrar, today=DAY)
    card.refresh_from_db()
    assert (card.printed_on, card.handed_over_on, card.collected_by) == (DAY, DAY, "")
    assert card.history.latest().history_change_reason == "Handed over to the artisan in person"


def test_a_replaced_card_is_neither_printed_nor_handed_over(artisan, registrar):
    old = services.card_issue(artisan=artisan, by=registrar, today=DAY)
    new = services.card_renew(card=old, by=registrar, today=DAY)
    assert services.cards_mark_printed(cards=[old, new], by=registrar, today=DAY) == 1
    old.refresh_from_db()
    assert old.printed_on is None
    with pytest.raises(ValidationError, match="Only the current card can be handed over"):
        services.card_hand_over(card=old, by=registrar, today=DAY)


@pytest.mark.parametrize(
    "values",
    [
        {"printed_on": DAY - datetime.timedelta(days=1)},  # before it was issued
        {"handed_over_on": DAY},  # handed over, never printed, by nobody
        {"printed_on": DAY, "handed_over_on": DAY},  # handed over by nobody
        {"collected_by": "Hamad"},  # collected, never handed over
    ],
)
def test_the_database_refuses_an_impossible_delivery(artisan, registrar, values):
    card = services.card_issue(artisan=artisan, by=registrar, today=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArtisanCard.objects.filter(pk=card.pk).update(**values)
    # Handed over before it was printed.
    with pytest.raises(IntegrityError), transaction.atomic():
        ArtisanCard.objects.filter(pk=card.pk).update(
            printed_on=DAY + datetime.timedelta(days=2),
            handed_over_on=DAY,
            handed_over_by=registrar,
        )
