"""Pairs of artisans checked by a registrar and found to be different people."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from artisans.models.artisan import Artisan
from craftsreg.fields import acting_user


class NotDuplicate(models.Model):
    """Two artisans a registrar has checked and found to be different people.

    Remembered so the possible-duplicates list does not offer the pair again. The pair is
    stored with the smaller id first, once.
    """

    first = models.ForeignKey(
        Artisan, on_delete=models.CASCADE, related_name="+", verbose_name=_("artisan")
    )
    second = models.ForeignKey(
        Artisan, on_delete=models.CASCADE, related_name="+", verbose_name=_("artisan")
    )
    decided_by = acting_user(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("checked pair: not a duplicate")
        verbose_name_plural = _("checked pairs: not duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="not_duplicate_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="not_duplicate_ordered"
            ),
        ]
