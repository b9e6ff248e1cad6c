"""Who may see which design — written once for every public view.

The public sees deposited designs only. Any other status (draft, filed, returned, withdrawn) is
answered with 404, exactly as a number that does not exist, so the catalogue never reveals that
an unpublished design exists. Images and downloads go through the same helpers.
"""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404

from designs.models import Design, DesignImage

DESIGN_NUMBER = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{4}")
# Primary keys are 64-bit; a longer number in a URL is simply not found (and never overflows).
MAX_PK = 2**63 - 1


def _check_number(number: str) -> None:
    # A malformed number (or a NUL byte, which PostgreSQL refuses) never reaches the query.
    if not DESIGN_NUMBER.fullmatch(number):
        raise Http404("No such design.")


def get_public_design_or_404(number: str) -> Design:
    _check_number(number)
    return get_object_or_404(
        Design.objects.public().select_related(
            "batch", "product_kind", "locarno_class", "creator_artisan", "holder_artisan"
        ),
        number=number,
    )


def get_public_image_or_404(number: str, pk: int, extension: str | None = None) -> DesignImage:
    _check_number(number)
    if not 0 < pk <= MAX_PK:
        raise Http404("No such image.")
    image = get_object_or_404(
        DesignImage.objects.select_related("design").filter(design__status=Design.Status.DEPOSITED),
        pk=pk,
        design__number=number,
    )
    if extension is not None and image.extension != extension:
        raise Http404("No such image.")
    return image


def may_print_batch_certificates(user) -> bool:
    """A deposit batch's certificates printed as one file (designs.tasks): design officers and
    superusers — whoever may see the register's designs in the admin. The certificates are
    those of deposited designs, already public one by one. Checked when the job is asked for
    and again when it runs."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("designs.view_depositbatch")
        and user.has_perm("designs.view_design")
    )
