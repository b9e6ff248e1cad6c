"""What the public verification page may say about a design's deposit certificate.

A deposited design's certificate verifies as valid; one that left the deposited state after its
certificate was recorded (withdrawn, say) answers "revoked" from that day. A design that never
reached deposit has no certificate: its token answers nothing (404), as its page does.
"""

from django.utils.translation import gettext as _

from craftsreg import verification


def resolve_deposit_certificate(token: str):
    from designs.models import Design

    design = (
        Design.objects.select_related("product_kind", "creator_artisan", "holder_artisan", "batch")
        .filter(certificate_token=token)
        .first()
    )
    if design is None:
        return None
    if design.is_public:
        status, status_date = verification.Status.VALID, None
    elif design.certificate_number:
        status, status_date = verification.Status.REVOKED, design.status_date
    else:
        return None
    return verification.Verified(
        kind=_("Deposit certificate of a craft design"),
        holder=design.holder_public_name(),
        status=status,
        document_number=design.certificate_number,
        issued_on=design.certificate_date,
        status_date=status_date,
        details=(
            (_("Design number"), design.number),
            (_("Design"), design.title),
            (_("Product kind"), str(design.product_kind)),
            (_("Creator"), design.creator_public_name()),
        ),
    )
