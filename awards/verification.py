"""What the public verification page may say about an award certificate (craftsreg.verification).

A certificate exists for the finalists and winners of an announced edition; for any other
nomination the token answers nothing (404), exactly as the certificate page itself does. Should
an audited correction take a work out of the finalists after printing, the old certificate's
QR code answers "revoked".
"""

from django.utils.translation import gettext as _

from awards.models import FINALIST_STATUSES, Nomination, NominationStatus
from craftsreg import verification
from craftsreg.i18n import active_language, localized_value


def resolve_certificate(token: str):
    nomination = (
        Nomination.objects.select_related("category__edition", "artisan", "governorate", "craft")
        .filter(certificate_token=token)
        .first()
    )
    if nomination is None or not nomination.category.edition.is_announced:
        return None
    edition = nomination.category.edition
    if nomination.status == NominationStatus.WINNER:
        # The place in words, as the certificate prints it: "المركز الأول", "First place".
        if active_language() == "ar":
            place = f"المركز {nomination.rank_in_words_ar}"
        else:
            place = f"{nomination.rank_in_words_en} place"
    elif nomination.status in FINALIST_STATUSES:
        place = _("Finalist")
    else:
        place = ""
    status = verification.Status.VALID if place else verification.Status.REVOKED
    details = [
        (
            _("Edition"),
            f"{localized_value(edition, 'title')} — {edition.number} ({edition.year})",
        ),
        (_("Category"), localized_value(nomination.category, "name")),
        (_("Work"), localized_value(nomination, "title")),
    ]
    if place:
        details.insert(1, (_("Result"), place))
    return verification.Verified(
        kind=_("Certificate of the Sultan Qaboos Award for Craft Excellence"),
        holder=nomination.artisan.name,
        status=status,
        registration_number=nomination.artisan.registration_number,
        crafts=(str(nomination.craft),) if nomination.craft_id else (),
        governorate=str(nomination.governorate),
        document_number=nomination.certificate_serial,
        issued_on=edition.announced_at.date() if edition.announced_at else None,
        details=tuple(details),
    )
