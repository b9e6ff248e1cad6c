"""Abstract parts that several award models share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InitialDecision(models.Model):
    """A decision on a nomination taken after the initial evaluation: a governorate committee's
    recommendation (``CommitteeRecommendation``) or the chair's shortlist decision
    (``ShortlistDecision``). Each keeps the initial total it was taken against and, when it goes
    against that total, the reason (``services.decision_against_scores`` decides when one is
    needed)."""

    initial_total = models.DecimalField(
        _("initial total"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        abstract = True
