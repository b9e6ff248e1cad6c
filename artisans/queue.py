"""What waits for the signed-in member of staff in the registry (craftsreg.queue): import files
they previewed and have not confirmed, for those who may import.

Only the person who uploaded a file may confirm it, on the file's preview page (the record of
imports is a superusers' list, without a filter by uploader): the row leads to the preview of the
oldest file waiting, where it is confirmed or replaced by a corrected one.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan, ImportBatch
from craftsreg.queue import Waiting


def waiting(request, site) -> list[Waiting]:
    if not site.get_model_admin(Artisan).has_import_permission(request):
        return []
    batches = ImportBatch.objects.awaiting_confirmation(request.user)
    oldest = batches.order_by("created_at", "pk").only("pk", "created_at").first()
    if oldest is None:
        return [Waiting(label=str(_("Imports to confirm")), count=0, oldest=None, url="")]
    return [
        Waiting(
            label=str(_("Imports to confirm")),
            count=batches.count(),
            oldest=oldest.created_at,
            url=reverse(
                f"{site.name}:artisans_artisan_import_preview",
                args=[oldest.pk],
                current_app=site.name,
            ),
        )
    ]
