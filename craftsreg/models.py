"""The core's own table: one-time codes that let a user enrol an authenticator (craftsreg.mfa)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from craftsreg.fields import acting_user


class MfaEnrolmentCode(models.Model):
    """A one-time code an administrator issues so that one user may enrol an authenticator.

    Without it a stolen password would let the thief bind their own phone to an account that
    has none yet (penetration test, issue 11). Only a hash is stored; the code is shown once,
    to the administrator who issued it. It expires, works once, and stops working after a few
    wrong tries. Used codes stay as the record of who enabled whose enrolment.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mfa_enrolment_codes",
        verbose_name=_("user"),
    )
    code_hash = models.CharField(_("code hash"), max_length=128)
    # Blank: manage.py mfa_enrolment_code issues the first superuser's, from the server.
    issued_by = acting_user(_("issued by"), blank=True)
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("wrong codes entered"), default=0)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("two-factor enrolment code")
        verbose_name_plural = _("two-factor enrolment codes")
        constraints = [
            # Issuing a new code replaces the user's unused one.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True),
                name="mfa_enrolment_one_unused_code_per_user",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("issued_at")),
                name="mfa_enrolment_code_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issued_at:%Y-%m-%d %H:%M})"
