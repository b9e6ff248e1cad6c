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
