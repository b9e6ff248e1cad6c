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

    def for_artisans(self, artisans):
        return self.filter(artisan__in=artisans)


# At module level so that Meta.constraints can name them; ArtisanCard.Status is the name to use.
class CardStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    REPLACED = "replaced", _("Replaced")
    REVOKED = "revoked", _("Revoked")


class ArtisanCard(models.Model):
    Status = CardStatus

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
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT

    def is_expired(self, today=None) -> bool:
        return self.valid_until < (today or timezone.localdate())

    def clean(self):
        if self.issued_on and self.valid_until and self.valid_until <= self.issued_on:
            raise ValidationError(
                {"valid_until": _("A card must be valid after the day it is issued.")}
            )
