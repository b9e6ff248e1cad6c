"""The core's own tables: one-time codes that let a user enrol an authenticator (craftsreg.mfa),
and the record of who read whose personal data (craftsreg.access_log)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from craftsreg.fields import acting_user, choices_constraint, protected_fk, user_reference


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


class AccessAction(models.TextChoices):
    VIEWED_RECORD = "viewed_record", _("opened the record")
    VIEWED_HISTORY = "viewed_history", _("opened the record's history")
    OPENED_PHOTO = "opened_photo", _("opened the photo")
    OPENED_ID_COPY = "opened_id_copy", _("opened the ID card copy")
    PRINTED_CARD = "printed_card", _("printed the craft card")


class PersonalDataAccessQuerySet(models.QuerySet):
    def of_subject(self, obj) -> "PersonalDataAccessQuerySet":
        """Who read ``obj`` (an artisan, an application …), newest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )

    def older_than(self, days: int) -> "PersonalDataAccessQuerySet":
        return self.filter(at__lt=timezone.now() - timedelta(days=days))


class PersonalDataAccess(models.Model):
    """One staff user's read of one person's data: a record opened, a photo or an ID copy
    looked at, a card printed (craftsreg.access_log.record_access writes them).

    Writes are in the history tables and sign-ins in the security log; this is the third
    record the Personal Data Protection Law (Royal Decree 6/2022) asks of a controller. The log
    must not become a copy of what it guards: the subject is named by its content type, its
    key and a registry reference (registration number, application reference) — never a name
    or a civil number — and the path is kept without its query string (a search term can be a
    civil number).
    """

    # PROTECT: staff accounts are deactivated, not deleted; the record of what someone read
    # outlives any attempt to delete them (craftsreg.fields.user_reference).
    user = user_reference(_("user"))
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    content_type = protected_fk(ContentType, _("kind of record"))
    object_id = models.CharField(_("record key"), max_length=64)
    subject_label = models.CharField(_("record"), max_length=64)
    # A batch print writes one row per card (so "who printed this card" is one lookup); each
    # row says how many cards the same print held.
    batch_size = models.PositiveIntegerField(_("cards in the same print"), default=1)
    path = models.CharField(_("page"), max_length=255)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        default_permissions = ("view",)
        indexes = [
            # "Who opened this record": the subject's rows, newest first.
            models.Index(
                fields=["content_type", "object_id", "at"], name="craftsreg_access_subject_idx"
            ),
        ]
        constraints = [
            choices_constraint("action", AccessAction, name="craftsreg_access_action_valid"),
            models.CheckConstraint(
                condition=Q(batch_size__gte=1), name="craftsreg_access_batch_size_positive"
            ),
            models.CheckConstraint(
                condition=~Q(object_id=""), name="craftsreg_access_object_id_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_action_display()} · {self.subject_label}"
