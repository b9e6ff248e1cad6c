"""Writes of the artisans' change and card requests (portal.models.changes).

The artisan's side (submit, withdraw) is called by the portal's views with the artisan that
``portal.access`` found for the signed-in user; the registrar's side (approve, decline, meet a
card request) by the admin, which has already applied the governorate scope. Each function
checks that the act is allowed now, runs in one transaction and tells the artisan by e-mail
once a decision is committed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from artisans.models import Artisan
from cards import services as card_services
from cards.models import ArtisanCard
from portal.models import (
    CardRequest,
    CardRequestKind,
    ChangeKind,
    ChangeRequest,
    RequestStatus,
)

logger = logging.getLogger(__name__)


def snapshot(artisan: Artisan) -> dict:
    """What a change request records of the record as it was when asked."""
    return {
        "phone": artisan.phone,
        "wilayat": artisan.wilayat_id,
        "workshop_address": artisan.workshop_address,
        "primary_craft": artisan.primary_craft_id,
        "other_crafts": sorted(artisan.other_crafts.values_list("pk", flat=True)),
        "photo": bool(artisan.photo),
    }


def _unchanged(kind: str, current: dict, values: dict) -> bool:
    if kind == ChangeKind.PHONE:
        return values.get("phone") == current["phone"]
    if kind == ChangeKind.ADDRESS:
        wilayat = values.get("wilayat")
        return (
            getattr(wilayat, "pk", None) == current["wilayat"]
            and (values.get("workshop_address") or "").strip() == current["workshop_address"]
        )
    if kind == ChangeKind.CRAFTS:
        primary = values.get("primary_craft")
        others = sorted(c.pk for c in values.get("other_crafts") or [])
        return (
            getattr(primary, "pk", None) == current["primary_craft"]
            and others == current["other_crafts"]
        )
    return False  # a new photo is always a change


@transaction.atomic
def change_request_submit(*, artisan: Artisan, by, kind: str, **values) -> ChangeRequest:
    """Ask for a change of one kind. Refused when the same kind is already waiting, when nothing
    would change, or when the new wilayat is in another governorate (a move between
    governorates is handled by the offices, which hand the record over)."""
    artisan = Artisan.objects.select_for_update().get(pk=artisan.pk)
    if ChangeRequest.objects.pending().filter(artisan=artisan, kind=kind).exists():
        raise ValidationError(
            _("You already have a request for this change waiting for the registrar."),
            code="pending",
        )
    current = snapshot(artisan)
    if _unchanged(kind, current, values):
        raise ValidationError(
            _("What you entered is what your record already holds: nothing to change."),
            code="unchanged",
        )
    wilayat = values.get("wilayat")
    if kind == ChangeKind.ADDRESS and wilayat and wilayat.governorate_id != artisan.governorate_id:
        raise ValidationError(
            {
                "wilayat": _(
                    "Choose a wilayat of %(governorate)s. To move to another governorate, "
                    "visit your governorate's office."
                )
                % {"governorate": artisan.governorate.name}
            },
            code="other_governorate",
        )
    request = ChangeRequest(
        artisan=artisan,
        requested_by=by,
        kind=kind,
        current=current,
        seen_version=artisan.version,
        submitted_at=timezone.now(),
        note=(values.get("note") or "").strip(),
    )
    if kind == ChangeKind.PHONE:
        request.phone = values.get("phone") or ""
    elif kind == ChangeKind.ADDRESS:
        request.wilayat = wilayat
        request.workshop_address = (values.get("workshop_address") or "").strip()
    elif kind == ChangeKind.CRAFTS:
        request.primary_craft = values.get("primary_craft")
    elif kind == ChangeKind.PHOTO:
        request.photo = values.get("photo")
    request.full_clean()
    request.save()
    if kind == ChangeKind.CRAFTS:
        others = [c for c in values.get("other_crafts") or [] if c != request.primary_craft]
        request.other_crafts.set(others)
    return request


@transaction.atomic
def change_request_withdraw(*, change: ChangeRequest, by) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if not change.is_pending:
        raise ValidationError(_("This request has already been decided."), code="decided")
    change.status = RequestStatus.WITHDRAWN
    change.save(update_fields=["status"])
    return change


def _locked_pending(model, pk):
    obj = model.objects.select_for_update().get(pk=pk)
    if not obj.is_pending:
        raise ValidationError(
            _("This request has already been decided or withdrawn."), code="decided"
        )
    return obj


@transaction.atomic
def change_request_approve(*, change: ChangeRequest, by, seen_version: int | None) -> Artisan:
    """Write the change to the record through its normal save path.

    ``seen_version`` is the record's version the registrar had in front of them when deciding:
    the same optimistic lock as the artisan's change form, so a record someone saved meanwhile
    is never overwritten unseen (the registrar looks again and decides on the current record).
    """
    artisan = Artisan.objects.select_for_update().get(pk=change.artisan_id)
    change = _locked_pending(ChangeRequest, change.pk)
    if seen_version is None or artisan.version != seen_version:
        raise ValidationError(
            _(
                "The record was changed while you were looking at this request. Open the "
                "request again to compare with the current record, then decide."
            ),
            code="stale",
        )
    if change.kind == ChangeKind.PHONE:
        artisan.phone = change.phone
    elif change.kind == ChangeKind.ADDRESS:
        artisan.wilayat = change.wilayat
        artisan.workshop_address = change.workshop_address
    elif change.kind == ChangeKind.CRAFTS:
        artisan.primary_craft = change.primary_craft
        # Set before the save, so the version the save records holds the new crafts.
        artisan.other_crafts.set(change.other_crafts.all())
    elif change.kind == ChangeKind.PHOTO:
        with change.photo.open("rb") as source:
            artisan.photo = ContentFile(source.read(), name=change.photo.name.rsplit("/", 1)[-1])
    artisan._change_reason = _("Changed from portal request %(number)s") % {"number": change.pk}
    try:
        artisan.full_clean()
    except ValidationError as error:
        raise ValidationError(
            _("The change cannot be written to the record: %(errors)s")
            % {"errors": " ".join(error.messages)},
            code="invalid",
        ) from None
    artisan.save()
    change.save(update_fields=change.record_decision(RequestStatus.APPROVED, by=by))
    _tell_artisan(change, "change_request")
    return artisan


def _decline(model, obj, *, by, reason: str, template: str):
    """Decline a pending request of ``model`` with the reason the artisan reads, and tell them
    (the e-mail ``portal/email/<template>``)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the request is declined: the artisan reads the reason.")},
            code="reason_required",
        )
    obj = _locked_pending(model, obj.pk)
    obj.record_decision(RequestStatus.DECLINED, by=by, reason=reason)
    obj.full_clean()
    obj.save()
    _tell_artisan(obj, template)
    return obj


@transaction.atomic
def change_request_decline(*, change: ChangeRequest, by, reason: str) -> ChangeRequest:
    return _decline(ChangeRequest, change, by=by, reason=reason, template="change_request")


# --- card requests ------------------------------------------------------------------------------


def card_request_refusals(artisan: Artisan, kind: str | None = None) -> list[str]:
    """Why the artisan cannot ask for a card now (shown before the form and checked on submit)."""
    refusals = []
    if artisan.status != Artisan.Status.ACTIVE:
        refusals.append(
            _(
                "A card is issued only while your registration is active. Ask your governorate's "
                "office to renew your registration first."
            )
        )
    if CardRequest.objects.pending().filter(artisan=artisan).exists():
        refusals.append(_("You already have a card request waiting for the registrar."))
    has_card = ArtisanCard.objects.filter(artisan=artisan).current().exists()
    if kind in (CardRequestKind.RENEWAL, CardRequestKind.LOST) and not has_card:
        refusals.append(_("You hold no current card to renew or replace: ask for a card instead."))
    if kind == CardRequestKind.ISSUE and has_card:
        refusals.append(_("You already hold a current card: ask to renew or replace it."))
    return refusals


@transaction.atomic
def card_request_submit(*, artisan: Artisan, by, kind: str, note: str = "") -> CardRequest:
    artisan = Artisan.objects.select_for_update().get(pk=artisan.pk)
    refusals = card_request_refusals(artisan, kind)
    if refusals:
        raise ValidationError(refusals, code="not_allowed")
    request = CardRequest(
        artisan=artisan,
        requested_by=by,
        kind=kind,
        note=(note or "").strip(),
        card=ArtisanCard.objects.filter(artisan=artisan).current().first(),
        submitted_at=timezone.now(),
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def card_request_withdraw(*, card_request: CardRequest, by) -> CardRequest:
    card_request = _locked_pending(CardRequest, card_request.pk)
    card_request.status = RequestStatus.WITHDRAWN
    card_request.save(update_fields=["status"])
    return card_request


@transaction.atomic
def card_request_fulfil(*, card_request: CardRequest, by) -> ArtisanCard:
    """Meet the request with the cards app's own act: renew, replace or issue."""
    card_request = _locked_pending(CardRequest, card_request.pk)
    artisan = card_request.artisan
    current = ArtisanCard.objects.filter(artisan=artisan).current().first()
    if card_request.kind == CardRequestKind.ISSUE or current is None:
        card = card_services.card_issue(artisan=artisan, by=by)
    elif card_request.kind == CardRequestKind.LOST:
        card = card_services.card_replace(card=current, by=by)
    else:
        card = card_services.card_renew(card=current, by=by)
    card_request.issued_card = card
    decided = card_request.record_decision(RequestStatus.APPROVED, by=by)
    card_request.save(update_fields=[*decided, "issued_card"])
    _tell_artisan(card_request, "card_request")
    return card


@transaction.atomic
def card_request_decline(*, card_request: CardRequest, by, reason: str) -> CardRequest:
    return _decline(CardRequest, card_request, by=by, reason=reason, template="card_request")


# --- telling the artisan ------------------------------------------------------------------------


def _tell_artisan(obj, template: str) -> None:
    """An e-mail in the language the artisan signed up in, sent once the decision commits."""
    user = obj.requested_by
    if not user.email:
        return
    account = getattr(user, "artisan_account", None)
    language = account.language if account else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "obj": obj,
            "name": account.name if account else obj.artisan.name,
            "status": obj.get_status_display(),
            "portal_url": (getattr(settings, "CRAFTSREG_PUBLIC_URL", "") or "").rstrip("/")
            + reverse("portal:requests"),
        }
        subject = " ".join(
            render_to_string(f"portal/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"portal/email/{template}.txt", context)

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:  # the decision stands; the office follows up by phone
            logger.exception("Could not e-mail the artisan about %s", obj)

    transaction.on_commit(send)
