"""What waits for the signed-in member of staff in the portal (craftsreg.queue): registration
applications to decide, change requests to decide and card requests to fulfil.

Each kind only for those who may decide it in its admin, counted with that admin's own queryset
(so with its governorate scope), and linked to its list filtered to the same items.
"""

from django.utils.translation import gettext_lazy as _

from craftsreg.queue import Waiting, changelist_waiting
from portal.models import Application, CardRequest, ChangeRequest, RequestStatus
from portal.models.applications import ApplicationStatus

# The model, what waits (its QuerySet method), the list's filter for the same items, the label.
_KINDS = [
    (
        Application,
        lambda applications: applications.waiting(),
        {"status__exact": ApplicationStatus.SUBMITTED.value},
        _("Registration applications to decide"),
    ),
    (
        ChangeRequest,
        lambda requests: requests.pending(),
        {"status__exact": RequestStatus.PENDING.value},
        _("Change requests to decide"),
    ),
    (
        CardRequest,
        lambda requests: requests.pending(),
        {"status__exact": RequestStatus.PENDING.value},
        _("Card requests to fulfil"),
    ),
]


def waiting(request, site) -> list[Waiting]:
    items = []
    for model, waiting_items, query, label in _KINDS:
        model_admin = site.get_model_admin(model)
        if model_admin.may_decide(request, None):
            items.append(
                changelist_waiting(model_admin, request, waiting_items, query=query, label=label)
            )
    return items
