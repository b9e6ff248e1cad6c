"""What waits for a registrar in the craft cards (craftsreg.queue): cards to print, and printed
cards the artisans have not collected yet (the office may call them).

Only for those who record delivery (ArtisanCardAdmin.has_deliver_permission), counted with the
cards admin's own queryset (its governorate scope) and linked to its delivery filter.
"""

from django.utils.translation import gettext_lazy as _

from cards.models import ArtisanCard
from craftsreg.queue import Waiting, changelist_waiting

# What waits (the QuerySet method), since when, and the label.
_KINDS = [
    (ArtisanCard.Delivery.TO_PRINT, "to_print", "issued_on", _("Craft cards to print")),
    (
        ArtisanCard.Delivery.READY,
        "awaiting_collection",
        "printed_on",
        _("Printed craft cards not yet collected"),
    ),
]


def waiting(request, site) -> list[Waiting]:
    model_admin = site.get_model_admin(ArtisanCard)
    if not model_admin.has_deliver_permission(request):
        return []
    return [
        changelist_waiting(
            model_admin,
            request,
            lambda cards, method=method: getattr(cards, method)(),
            query={"delivery": delivery.value},
            label=label,
            since=since,
        )
        for delivery, method, since, label in _KINDS
    ]
