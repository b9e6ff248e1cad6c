"""Portal accounts: an artisan's (or applicant's) own sign-in, and the one-time codes that link an
account to a record already in the registry.

A portal account is an ordinary Django user (never staff) with an :class:`ArtisanAccount` beside
it holding what the person gave when signing up. The account reaches registry data only through
``ArtisanAccount.artisan``, set in two ways: a registrar approves the account's registration
application, or the person enters a one-time code the registrar issued for their record. A civil
number typed at sign-up links nothing: anyone can type anyone's civil number.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.models import civil_number_length
from craftsreg.digits import DigitsField, normalize_number
from craftsreg.fields import (
    optional_foreign_key,
    protected_fk,
    protected_one_to_one,
    user_reference,
)
from craftsreg.phones import PhoneField, canonical_phone


class ArtisanAccount(models.Model):
    user = protected_one_to_one(settings.AUTH_USER_MODEL, _("user"), related_name="artisan_account")
    # Null until linked; the registry record is never deleted from under an account.
    artisan = protected_one_to_one(
        "artisans.Artisan", _("artisan"), null=True, blank=True, related_name="portal_account"
    )
    linked_at = models.DateTimeField(_("linked"), null=True, blank=True)
    # What the person typed at sign-up. Not unique: an account holder proves nothing by typing a
    # civil number, and refusing a second account for it would tell a stranger it is taken.
    civil_number = DigitsField(_("civil number"), max_length=10)
    name = models.CharField(_("name"), max_length=150)
    mobile = PhoneField(_("mobile number"))
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    # Consent to the privacy notice (Personal Data Protection Law, Royal Decree 6/2022): when,
    # and which version of the notice was shown.
    privacy_consent_at = models.DateTimeField(_("privacy consent"), null=True, blank=True)
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True
    )
    # The language the person signed up in: every e-mail to them is written in it.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")
        constraints = [
            civil_number_length("portal_account_civil_number_length"),
            models.CheckConstraint(
                condition=canonical_phone("mobile"), name="portal_account_mobile_canonical"
            ),
            # Consent is a time and the notice it was given to, or neither.
            models.CheckConstraint(
                condition=Q(privacy_consent_at__isnull=True, privacy_notice_version="")
                | Q(privacy_consent_at__isnull=False) & ~Q(privacy_notice_version=""),
                name="portal_account_consent_complete",
            ),
            models.CheckConstraint(
                condition=Q(artisan__isnull=True, linked_at__isnull=True)
                | Q(artisan__isnull=False, linked_at__isnull=False),
                name="portal_account_link_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.user.email}>"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_linked(self) -> bool:
        return self.artisan_id is not None

    def has_consented(self, version: str | None = None) -> bool:
        """Consent given to the notice now in force (or to ``version``)."""
        version = version or settings.CRAFTSREG_PORTAL_PRIVACY_NOTICE_VERSION
        return self.privacy_consent_at is not None and self.privacy_notice_version == version


# --- one-time link codes ------------------------------------------------------------------------

# Twelve digits: typed on a phone's number pad, read aloud over the telephone, printed in groups of
# four. 10^12 codes against a per-address and per-account limit on tries (craftsreg.ratelimit).
CODE_DIGITS = 12


def new_link_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def hash_link_code(code: str) -> str:
    """The stored form of a code: a keyed hash, so the table alone gives no usable code, and a
    code typed later is found by one indexed lookup (a salted password hash could not be)."""
    digits = normalize_number(code or "")
    key = f"craftsreg.portal.link-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def format_link_code(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


class LinkCodeQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class LinkCode(models.Model):
    """A one-time code a registrar issued for an artisan's record; also the log of issuing and
    using them (who, when, for which account)."""

    artisan = protected_fk("artisans.Artisan", _("artisan"), related_name="portal_link_codes")
    code_hash = models.CharField(_("code (hashed)"), max_length=64, unique=True, editable=False)
    created_by = user_reference(_("issued by"))
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = optional_foreign_key(ArtisanAccount, related_name="+", verbose_name=_("used by"))
    # Issuing a new code for the same artisan withdraws the ones not yet used.
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = LinkCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("portal link code")
        verbose_name_plural = _("portal link codes")
        constraints = [
            models.CheckConstraint(
                condition=Q(used_at__isnull=True, used_by__isnull=True)
                | Q(used_at__isnull=False, used_by__isnull=False),
                name="portal_link_code_use_complete",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="portal_link_code_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.artisan_id} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def state(self) -> str:
        if self.used_at:
            return _("used")
        if self.revoked_at:
            return _("withdrawn")
        if self.expires_at <= timezone.now():
            return _("expired")
        return _("waiting to be used")
