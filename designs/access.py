"""Who may see which design — written once for every public view.

The public sees deposited designs only. Any other status (draft, filed, returned, withdrawn) is
answered with 404, exactly as a number that does not exist, so the catalogue never reveals that
an unpublished design exists. Images and downloads go through the same helpers.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from designs.models import Design, DesignImage


def get_public_design_or_404(number: str) -> Design:
    return get_object_or_404(
        Design.objects.public().select_related(
            "batch", "product_kind", "locarno_class", "creator_artisan", "holder_artisan"
        ),
        number=number,
    )


def get_public_image_or_404(number: str, pk: int, extension: str | None = None) -> DesignImage:
    image = get_object_or_404(
        DesignImage.objects.select_related("design").filter(design__status=Design.Status.DEPOSITED),
        pk=pk,
        design__number=number,
    )
    if extension is not None and image.extension != extension:
        raise Http404("No such image.")
    return image
