"""Issuing, renewing, replacing and revoking craft cards.

Every act locks the artisan's row first, so two registrars pressing "issue" at the same moment
give one card, not two (the one-current-card constraint would refuse the second anyway). Each act
is recorded in the card's history with the user and a reason.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import Artisan
from cards.models import ArtisanCard


def _locked_artisan(artisan) -> Artisan:
    return Artisan.objects.select_for_update().get(pk=artisan.pk)


def _new_card(*, artisan, by, today, replaces=None) -> ArtisanCard:
    if artisan.status != Artisan.Status.ACTIVE:
        raise ValidationError(
            _("A card is issued only to an artisan whose registration is active."),
            code="inactive",
        )
    last = artisan.cards.aggregate(last=Max("sequence"))["last"] or 0
    card = ArtisanCard(
        artisan=artisan,
        sequence=last + 1,
        issued_on=today,
        valid_until=ArtisanCard.validity_end(today),
        replaces=replaces,
        issued_by=by,
    )
    card._change_reason = (
        _("Issued in place of card %(number)s") % {"number": replaces.number}
        if replaces
        else _("Issued")
    )
    card._history_user = by
    card.full_clean()
    card.save()
    return card


@transaction.atomic
def card_issue(*, artisan, by, today=None) -> ArtisanCard:
    """The artisan's first card, or a new one after the last was revoked."""
    artisan = _locked_artisan(artisan)
    if artisan.cards.current().exists():
        raise ValidationError(
            _("This artisan already holds a current card: renew or replace it instead."),
            code="has_card",
        )
    return _new_card(artisan=artisan, by=by, today=today or timezone.localdate())


def _replace(*, card, by, reason, today) -> ArtisanCard:
    artisan = _locked_artisan(card.artisan)
    card = ArtisanCard.objects.select_for_update().get(pk=card.pk)
    if not card.is_current:
        raise ValidationError(
            _("Only the current card can be renewed or replaced."), code="not_current"
        )
    today = today or timezone.localdate()
    card.status = ArtisanCard.Status.REPLACED
    card.replacement = reason
    card.status_changed_on = today
    card._change_reason = ArtisanCard.Replacement(reason).label
    card.save()
    return _new_card(artisan=artisan, by=by, today=today, replaces=card)


@transaction.atomic
def card_renew(*, card, by, today=None) -> ArtisanCard:
    """A new card with a new validity; the old one answers "replaced" from today."""
    return _replace(card=card, by=by, reason=ArtisanCard.Replacement.RENEWAL, today=today)


@transaction.atomic
def card_replace(*, card, by, today=None) -> ArtisanCard:
    """A lost or damaged card: a new card, and the lost one can no longer pass as current."""
    return _replace(card=card, by=by, reason=ArtisanCard.Replacement.LOST, today=today)


@transaction.atomic
def card_revoke(*, card, by, reason: str, today=None) -> ArtisanCard:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the card is revoked; the reason is kept in its history.")},
            code="reason_required",
        )
    _locked_artisan(card.artisan)
    card = ArtisanCard.objects.select_for_update().get(pk=card.pk)
    if not card.is_current:
        raise ValidationError(_("Only the current card can be revoked."), code="not_current")
    card.status = ArtisanCard.Status.REVOKED
    card.revocation_reason = reason
    card.status_changed_on = today or timezone.localdate()
    card._change_reason = reason
    card.save()
    return card


def cards_issue_many(*, artisans, by, today=None) -> tuple[list[ArtisanCard], list]:
    """Cards for every active artisan in ``artisans`` that has none; returns (issued, skipped).

    Each card is its own transaction: one artisan that cannot get a card does not stop the rest,
    and the registrar is told who was skipped and why.
    """
    issued, skipped = [], []
    for artisan in artisans:
        try:
            issued.append(card_issue(artisan=artisan, by=by, today=today))
        except ValidationError as error:
            skipped.append((artisan, " ".join(error.messages)))
    return issued, skipped


# --- delivery ------------------------------------------------------------------------------------


@transaction.atomic
def cards_mark_printed(*, cards, by, today=None) -> int:
    """Record ``cards`` as printed today; returns how many were not recorded so before.

    Only current cards: a card replaced or revoked before it was printed is never printed (its
    QR code already reads "replaced"). Already-printed cards keep their first date.
    """
    today = today or timezone.localdate()
    marked = 0
    for card in (
        ArtisanCard.objects.select_for_update()
        .to_print()
        .filter(pk__in=[card.pk for card in cards])
        .select_related("artisan")
    ):
        card.printed_on = today
        card._change_reason = _("Printed")
        card._history_user = by
        card.save(update_fields=["printed_on"])
        marked += 1
    return marked


@transaction.atomic
def card_hand_over(*, card, by, collected_by: str = "", today=None) -> ArtisanCard:
    """Record that the card left the office: the date, the officer and, when not the artisan in
    person, who collected it. A card handed over without being recorded as printed was printed
    by then, so it is recorded as printed the same day."""
    card = ArtisanCard.objects.select_for_update().select_related("artisan").get(pk=card.pk)
    if not card.is_current:
        raise ValidationError(
            _("Only the current card can be handed over: this one is %(status)s.")
            % {"status": card.get_status_display().lower()},
            code="not_current",
        )
    if card.handed_over_on:
        raise ValidationError(
            _("This card was handed over on %(date)s.") % {"date": card.handed_over_on},
            code="handed_over",
        )
    today = today or timezone.localdate()
    card.printed_on = card.printed_on or today
    card.handed_over_on = today
    card.handed_over_by = by
    card.collected_by = " ".join((collected_by or "").split())
    card._change_reason = (
        _("Handed over to %(name)s") % {"name": card.collected_by}
        if card.collected_by
        else _("Handed over to the artisan in person")
    )
    card._history_user = by
    card.full_clean()
    card.save()
    return card
