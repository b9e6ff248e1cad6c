"""What the registry knows about a staff user beyond Django's user."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from artisans.models.reference import Governorate
from craftsreg.fields import optional_foreign_key
from craftsreg.i18n import localized_value


class StaffProfile(models.Model):
    """What the registry needs to know about a staff user beyond Django's user.

    A staff user with a governorate works on that governorate's artisans only (a regional
    department); without one they work on the whole registry. Superusers are never limited.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    governorate = optional_foreign_key(
        Governorate,
        related_name="staff_profiles",
        verbose_name=_("governorate"),
        help_text=_(
            "Limits the user to this governorate's artisans. Leave empty for staff who work "
            "on the whole registry."
        ),
    )

    # How the person is named on award pages, minutes and certificates: never their login name.
    # Required for anyone on an award committee or jury (awards.CommitteeMembership.clean).
    display_name_ar = models.CharField(_("display name (Arabic)"), max_length=150, blank=True)
    display_name_en = models.CharField(_("display name (English)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return self.display_name or str(self.user)

    @property
    def display_name(self) -> str:
        """The name in the active language, else the other one ("" when neither is set)."""
        return localized_value(self, "display_name") or self.display_name_en

    @property
    def is_named(self) -> bool:
        return bool(self.display_name_ar.strip() and self.display_name_en.strip())
