"""What every request staff decide has in common: the portal's change and card requests, the
award's entries (and, for the decision fields, registration applications).

Someone sends the request (``submitted_at``); a member of staff decides it once — who and when
(``decided_by``, ``decided_at``) and, when the answer is no, why (``decline_reason``, which the
person who asked reads). :class:`DecidedRequest` holds these columns and the one rule that writes
them, :meth:`DecidedRequest.record_decision`, so every decision service records a decision the
same way. The columns, their names and options are exactly those the apps' migrations created.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from craftsreg.fields import optional_foreign_key


def decided_by_field(**options) -> models.ForeignKey:
    """The member of staff who decided (empty until someone has)."""
    return optional_foreign_key(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("decided by"), **options
    )


def decline_has_reason_constraint(name: str, declined: str = "declined") -> models.CheckConstraint:
    """A declined request says why: the person who asked reads the reason."""
    return models.CheckConstraint(
        condition=~Q(status=declined) | ~Q(decline_reason=""),
        name=name,
    )


class DecidedRequest(models.Model):
    """Abstract base of a request staff decide. The concrete model adds ``status`` (its own
    choices) and whatever the request is about; it keeps its own ``history`` and ``objects``."""

    submitted_at = models.DateTimeField(_("submitted"), editable=False)
    decided_by = decided_by_field(editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decline_reason = models.TextField(_("reason for declining"), blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-submitted_at", "-pk"]

    @property
    def is_pending(self) -> bool:
        """Whether the request still waits for a decision: the concrete model's status says."""
        raise NotImplementedError

    def record_decision(self, status: str, *, by, reason: str | None = None, now=None) -> list:
        """Mark the request decided: its new ``status``, who decided and when, and the reason
        when it is declined. Saves nothing: returns the names of the fields it set, for
        ``save(update_fields=...)`` (the caller may set more, e.g. the card issued)."""
        self.status = status
        self.decided_by = by
        self.decided_at = now or timezone.now()
        fields = ["status", "decided_by", "decided_at"]
        if reason is not None:
            self.decline_reason = reason
            fields.append("decline_reason")
        return fields
