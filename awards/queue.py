"""What waits for the signed-in member of staff in the award (craftsreg.queue): the artisans'
entries from the portal awaiting review, for those who may accept or decline them, counted in the
entries admin's own scope (a governorate's staff count their governorate's entries)."""

from django.utils.translation import gettext_lazy as _

from awards.models import AwardEntry, EntryStatus
from craftsreg.queue import Waiting, changelist_waiting


def waiting(request, site) -> list[Waiting]:
    model_admin = site.get_model_admin(AwardEntry)
    if not model_admin.may_decide(request, None):
        return []
    return [
        changelist_waiting(
            model_admin,
            request,
            lambda entries: entries.awaiting_review(),
            query={"status__exact": EntryStatus.SUBMITTED.value},
            label=_("Award entries to review"),
        )
    ]
