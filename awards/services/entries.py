"""Award entries from the artisans' portal: submitted, edited and withdrawn by the entrant,
accepted as a nomination or declined by award staff.

The portal's views decide whose entry it is (``portal.access``); the admin decides which staff
may review it (governorate scope). These functions check that the act is allowed *now* and who
is asking for the staff acts, and tell the entrant by e-mail of a decision once it is committed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from awards.models import (
    AwardEntry,
    AwardEntryPhoto,
    EntryStatus,
    Nomination,
    NominationPhoto,
    Stage,
    entry_refusals,
)
from awards.models.entry import ENTRANT_FIELDS
from awards.services.base import _now
from craftsreg.i18n import active_language

logger = logging.getLogger(__name__)


def _refuse(refusals: list[str]) -> None:
    if refusals:
        raise ValidationError(refusals, code="not_eligible")


def _photo_limit_check(entry: AwardEntry, adding: int, removing: int = 0) -> None:
    limit = entry.category.edition.entry_photo_limit
    kept = (entry.photos.count() if entry.pk else 0) - removing
    if kept + adding > limit:
        raise ValidationError(
            _("An entry has at most %(limit)s photos; this one would have %(count)s.")
            % {"limit": limit, "count": kept + adding},
            code="too_many_photos",
        )
    if kept + adding < 1:
        raise ValidationError(_("Add at least one photo of the work."), code="no_photo")


def _add_photos(entry: AwardEntry, photos) -> None:
    start = (entry.photos.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    for offset, image in enumerate(photos):
        AwardEntryPhoto.objects.create(entry=entry, image=image, position=start + offset)


@transaction.atomic
def entry_submit(*, artisan, category, by, photos, **fields) -> AwardEntry:
    """A new entry of ``artisan`` in ``category``, with its (already re-encoded) photos.

    Eligibility is checked again here, whatever the form showed: the edition may have left its
    nominations stage, or another tab may have entered the same category a moment ago (the
    artisan's row is locked, and the database's unique constraint stands behind both)."""
    from artisans.models import Artisan

    artisan = Artisan.objects.select_for_update().get(pk=artisan.pk)
    _refuse(entry_refusals(artisan=artisan, category=category))
    entry = AwardEntry(
        category=category,
        artisan=artisan,
        governorate_id=artisan.governorate_id,
        submitted_by=by,
        submitted_at=_now(),
        language=active_language(),
        **{name: fields.get(name) for name in ENTRANT_FIELDS},
    )
    _photo_limit_check(entry, len(photos))
    entry._change_reason = _("Submitted from the portal")
    entry.full_clean()
    entry.save()
    _add_photos(entry, photos)
    return entry


def _locked_open_to_entrant(entry: AwardEntry, refusal: str) -> AwardEntry:
    """The entry, locked, if the entrant may still change it; ``refusal`` says why not."""
    entry = (
        AwardEntry.objects.select_for_update().select_related("category__edition").get(pk=entry.pk)
    )
    if not entry.is_open_to_entrant:
        raise ValidationError(refusal, code="closed")
    return entry


@transaction.atomic
def entry_update(*, entry: AwardEntry, by, photos=(), remove_photo_ids=(), **fields) -> AwardEntry:
    """The entrant's change to an entry still waiting for review."""
    entry = _locked_open_to_entrant(
        entry, _("This entry can no longer be changed: it has been reviewed or nominations closed.")
    )
    _refuse(entry_refusals(artisan=entry.artisan, category=entry.category, entry=entry))
    removing = list(entry.photos.filter(pk__in=list(remove_photo_ids)))
    _photo_limit_check(entry, len(photos), removing=len(removing))
    for name in ENTRANT_FIELDS:
        setattr(entry, name, fields.get(name))
    entry._change_reason = _("Changed from the portal")
    entry.full_clean()
    entry.save()
    for photo in removing:
        photo.image.delete(save=False)
        photo.delete()
    _add_photos(entry, photos)
    return entry


@transaction.atomic
def entry_withdraw(*, entry: AwardEntry, by) -> AwardEntry:
    """The entrant takes an entry back before it is reviewed; the category is free again."""
    entry = _locked_open_to_entrant(
        entry,
        _("This entry can no longer be withdrawn: it has been reviewed or nominations closed."),
    )
    entry.status = EntryStatus.WITHDRAWN
    entry._change_reason = _("Withdrawn from the portal")
    entry.save(update_fields=["status", "updated_at"])
    return entry


def _locked_for_review(entry: AwardEntry) -> AwardEntry:
    entry = (
        AwardEntry.objects.select_for_update(of=("self",))
        .select_related("category__edition", "artisan", "submitted_by")
        .get(pk=entry.pk)
    )
    if not entry.is_pending:
        raise ValidationError(_("This entry has already been decided or withdrawn."), code="done")
    return entry


@transaction.atomic
def entry_accept(*, entry: AwardEntry, by) -> Nomination:
    """Turn an entry into a nomination of its category: the entry's text, craft and project
    facts, and copies of its photos (the nomination's own files, so each record keeps its
    photos whatever happens to the other). The entry is marked accepted and linked to it; both
    records' histories say so. The entrant is told by e-mail once this is committed."""
    entry = _locked_for_review(entry)
    edition = entry.category.edition
    if edition.stage != Stage.NOMINATIONS:
        raise ValidationError(
            _("Nominations are registered while the edition is in the nominations stage."),
            code="stage",
        )
    if entry.artisan.status != entry.artisan.Status.ACTIVE:
        raise ValidationError(
            _("The artisan's registration is no longer active: decline the entry instead."),
            code="inactive",
        )
    in_english = entry.language == "en"
    nomination = Nomination(
        category=entry.category,
        artisan=entry.artisan,
        craft=entry.craft,
        # Nominations carry Arabic text first: an English entry fills both until staff
        # translate it in the nomination's admin page.
        title_ar=entry.title,
        title_en=entry.title if in_english else "",
        description_ar="" if in_english else entry.description,
        description_en=entry.description if in_english else "",
        workforce=entry.workforce,
        trainees=entry.trainees,
        omani_materials_percent=entry.omani_materials_percent,
        submitted_on=entry.submitted_at.date(),
    )
    nomination._change_reason = _("Created from award entry %(number)s") % {"number": entry.pk}
    nomination.full_clean()
    nomination.save()
    for photo in entry.photos.all():
        with photo.image.open("rb") as source:
            copy = ContentFile(source.read(), name=photo.image.name.rsplit("/", 1)[-1])
        NominationPhoto.objects.create(nomination=nomination, image=copy)
    entry.nomination = nomination
    entry.record_decision(EntryStatus.ACCEPTED, by=by, now=_now())
    entry._change_reason = _("Accepted as nomination %(number)s") % {"number": nomination.pk}
    entry.full_clean()
    entry.save()
    _tell_entrant(entry)
    return nomination


@transaction.atomic
def entry_decline(*, entry: AwardEntry, by, reason: str) -> AwardEntry:
    """Decline an entry with a reason the entrant reads."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the entry is declined: the artisan reads the reason.")},
            code="reason_required",
        )
    entry = _locked_for_review(entry)
    entry.record_decision(EntryStatus.DECLINED, by=by, reason=reason, now=_now())
    entry._change_reason = _("Declined")
    entry.full_clean()
    entry.save()
    _tell_entrant(entry)
    return entry


def _entrant_message(entry: AwardEntry) -> tuple[str, str]:
    """Subject and body in Arabic then English: the entrant reads either."""
    parts = {}
    for language in ("ar", "en"):
        with translation.override(language):
            facts = {
                "number": entry.pk,
                "title": entry.title,
                "edition": entry.category.edition.title,
                "reason": entry.decline_reason,
            }
            if entry.status == EntryStatus.ACCEPTED:
                body = _(
                    "Your entry %(number)s, “%(title)s”, in %(edition)s has been accepted as a "
                    "nomination. The committees will now evaluate it; the results are published "
                    "when the edition is announced. Follow it in the portal under My award "
                    "entries."
                )
            else:
                body = _(
                    "Your entry %(number)s, “%(title)s”, in %(edition)s has been declined. "
                    "Reason: %(reason)s"
                )
            subject = _("Your award entry %(number)s") % facts
            parts[language] = (subject, body % facts)
    return f"{parts['ar'][0]} / {parts['en'][0]}", f"{parts['ar'][1]}\n\n{parts['en'][1]}\n"


def _tell_entrant(entry: AwardEntry) -> None:
    address = entry.submitted_by.email
    if not address:
        return
    subject, body = _entrant_message(entry)

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:  # the decision stands; the office follows up by phone
            logger.exception("Could not e-mail the entrant of award entry %s", entry.pk)

    # Only once the decision is committed: a rolled-back decision must not be announced.
    transaction.on_commit(send)
