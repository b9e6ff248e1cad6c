"""What the public verification page may say about a craft card (craftsreg.verification)."""

from django.utils.translation import gettext as _

from craftsreg import verification


def resolve_card(token: str):
    from cards.models import ArtisanCard

    card = (
        ArtisanCard.objects.select_related(
            "artisan__governorate", "artisan__wilayat", "artisan__primary_craft"
        )
        .prefetch_related("artisan__other_crafts")
        .filter(token=token)
        .first()
    )
    if card is None:
        return None
    artisan = card.artisan
    status, status_date = card.public_status()
    crafts = [artisan.primary_craft, *artisan.other_crafts.all()]
    return verification.Verified(
        kind=_("Craft card"),
        holder=artisan.name,
        status=status,
        registration_number=artisan.registration_number,
        crafts=tuple(str(craft) for craft in crafts if craft is not None),
        governorate=f"{artisan.governorate} — {artisan.wilayat}",
        document_number=card.number,
        issued_on=card.issued_on,
        valid_until=card.valid_until,
        status_date=status_date,
    )
