"""The craft card (بطاقة حرفي): proof of registration an artisan carries and anyone can verify.

A card is never edited once issued. Renewing or replacing a lost card issues a new one and marks
the old one replaced; revoking marks it revoked with a reason. Each card keeps its own random
verification token, so the QR code on an old card keeps telling the truth about that card.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from craftsreg import verification
from craftsreg.fields import optional_foreign_key, protected_fk, protected_one_to_one, status_field


class ArtisanCardQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=ArtisanCard.Status.CURRENT)

    def to_print(self):
        """Current cards not yet recorded as printed."""
        return self.current().filter(printed_on__isnull=True)

    def awaiting_collection(self):
        """Current cards printed and waiting at the office for the artisan."""
        return self.current().filter(printed_on__isnull=False, handed_over_on__isnull=True)

    def for_artisans(self, artisans):
        return self.filter(artisan__in=artisans)


# At module level so that Meta.constraints can name them; ArtisanCard.Status is the name to use.
class CardStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    REPLACED = "replaced", _("Replaced")
    REVOKED = "revoked", _("Revoked")


class CardDelivery(models.TextChoices):
    TO_PRINT = "to_print", _("To be printed")
    READY = "ready", _("Printed, ready for collection")
    HANDED_OVER = "handed_over", _("Handed over")


class ArtisanCard(models.Model):
    Status = CardStatus
    Delivery = CardDelivery

    class Replacement(models.TextChoices):
        RENEWAL = "renewal", _("Renewed")
        LOST = "lost", _("Lost or damaged")

    artisan = protected_fk("artisans.Artisan", _("artisan"), related_name="cards")
    # The artisan's first card is 1, the next 2…: the card number is the registration number
    # followed by this, so it reads at a glance whose card it is and how many came before.
    sequence = models.PositiveSmallIntegerField(_("card sequence"), editable=False)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    status = status_field(Status, default=Status.CURRENT, max_length=8)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    replacement = models.CharField(
        _("replaced because"), max_length=8, choices=Replacement.choices, blank=True
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    replaces = protected_one_to_one(
        "self", _("replaces card"), null=True, blank=True, related_name="replaced_by"
    )
    token = models.CharField(
        _("verification token"),
        max_length=43,
        unique=True,
        editable=False,
        default=verification.new_token,
    )
    issued_by = optional_foreign_key(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("issued by")
    )
    # Delivery: a card is printed at the governorate's office and waits there until the artisan
    # (or someone for them) collects it; the hand-over is the proof of receipt.
    printed_on = models.DateField(_("printed on"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    handed_over_by = optional_foreign_key(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("handed over by")
    )
    collected_by = models.CharField(
        _("collected by"),
        max_length=200,
        blank=True,
        help_text=_(
            "Name of whoever collected the card for the artisan, and how they are related; "
            "empty when the artisan collected it in person."
        ),
    )

    history = HistoricalRecords()
    objects = ArtisanCardQuerySet.as_manager()

    class Meta:
        ordering = ["artisan", "-sequence"]
        verbose_name = _("craft card")
        verbose_name_plural = _("craft cards")
        constraints = [
            models.UniqueConstraint(
                fields=["artisan", "sequence"], name="artisancard_unique_sequence"
            ),
            models.UniqueConstraint(
                fields=["artisan"],
                condition=Q(status=CardStatus.CURRENT),
                name="artisancard_one_current_card",
                violation_error_message=_("This artisan already holds a current card."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("issued_on")),
                name="artisancard_valid_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(status=CardStatus.CURRENT) | Q(status_changed_on__isnull=False),
                name="artisancard_status_change_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status=CardStatus.REVOKED) | ~Q(revocation_reason=""),
                name="artisancard_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=CardStatus.REPLACED) | ~Q(replacement=""),
                name="artisancard_replacement_has_reason",
            ),
            # A card is printed after it is issued and handed over once printed, by someone.
            models.CheckConstraint(
                condition=Q(printed_on__isnull=True) | Q(printed_on__gte=models.F("issued_on")),
                name="artisancard_printed_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(
                    handed_over_on__isnull=True, handed_over_by__isnull=True, collected_by=""
                )
                | Q(
                    handed_over_on__isnull=False,
                    handed_over_by__isnull=False,
                    printed_on__isnull=False,
                    handed_over_on__gte=models.F("printed_on"),
                ),
                name="artisancard_handed_over_after_print",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{self.artisan.registration_number}/{self.sequence}"

    @staticmethod
    def validity_end(issued_on: datetime.date) -> datetime.date:
        years = settings.CRAFTSREG_CARD_VALIDITY_YEARS
        try:
            return issued_on.replace(year=issued_on.year + years)
        except ValueError:  # 29 February in a year that has none
            return issued_on.replace(year=issued_on.year + years, day=28)

    def public_status(self, today=None) -> tuple[str, datetime.date | None]:
        return verification.lifetime_status(
            revoked_on=self.status_changed_on if self.status == self.Status.REVOKED else None,
            replaced_on=self.status_changed_on if self.status == self.Status.REPLACED else None,
            valid_until=self.valid_until,
            today=today,
        )

    @property
    def delivery(self) -> str:
        if self.handed_over_on:
            return self.Delivery.HANDED_OVER
        return self.Delivery.READY if self.printed_on else self.Delivery.TO_PRINT

    def get_delivery_display(self) -> str:
        return self.Delivery(self.delivery).label

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT

    def is_expired(self, today=None) -> bool:
        return self.valid_until < (today or timezone.localdate())

    def clean(self):
        if self.issued_on and self.valid_until and self.valid_until <= self.issued_on:
            raise ValidationError(
                {"valid_until": _("A card must be valid after the day it is issued.")}
            )
