"""Registration applications: a person asks to be registered; the registrars of the governorate
named in the application approve it (the artisan is created), ask for changes, or reject it.

Every step is an :class:`ApplicationEvent` (who, when, what, the message), so the application's
own page shows the applicant and the registrar the same story.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.models import (
    Gender,
    civil_number_length,
    civil_number_validator,
    place_and_birth_errors,
)
from craftsreg.digits import DigitsField
from craftsreg.fields import (
    choices_constraint,
    protected_fk,
    protected_one_to_one,
    status_field,
    user_reference,
)
from craftsreg.phones import PhoneField, canonical_phone
from craftsreg.requests import decided_by_field


def application_photo_path(instance, filename: str) -> str:
    from craftsreg.files import upload_path

    return upload_path("portal/applications/photos", filename)


def application_id_copy_path(instance, filename: str) -> str:
    from craftsreg.files import IMAGE_EXTENSIONS, upload_path

    return upload_path(
        "portal/applications/id-copies", filename, extensions=("pdf", *IMAGE_EXTENSIONS)
    )


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    # Returned for changes and not sent back by the due date: closed by the daily job
    # (manage.py application_deadlines). Not open: the applicant may apply again.
    LAPSED = "lapsed", _("Closed: not completed in time")


class ApplicationQuerySet(models.QuerySet):
    def of_account(self, account):
        return self.filter(account=account)

    def in_governorate(self, governorate):
        return self.filter(governorate=governorate)

    def waiting(self):
        """Applications a registrar has to decide."""
        return self.filter(status=ApplicationStatus.SUBMITTED)

    def open(self):
        """Not yet decided for good: waiting for a registrar or for the applicant."""
        return self.filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED]
        )

    def changes_overdue(self, today):
        """Returned for changes, and the due date (``changes_due_on``) has passed."""
        return self.filter(status=ApplicationStatus.CHANGES_REQUESTED, changes_due_on__lt=today)

    def changes_due_within(self, today, days: int):
        """Returned for changes, due between ``today`` and ``days`` days from it (inclusive)."""
        return self.filter(
            status=ApplicationStatus.CHANGES_REQUESTED,
            changes_due_on__gte=today,
            changes_due_on__lte=today + datetime.timedelta(days=days),
        )

    def for_list(self):
        return self.select_related("governorate", "wilayat", "primary_craft", "account__user")


class Application(models.Model):
    Status = ApplicationStatus

    account = protected_fk(
        "portal.ArtisanAccount", _("portal account"), related_name="applications"
    )
    status = status_field(ApplicationStatus, default=ApplicationStatus.SUBMITTED, max_length=10)
    civil_number = DigitsField(
        _("civil number"),
        max_length=10,
        validators=[civil_number_validator],
        help_text=_("As on your ID card; Arabic-Indic digits are accepted."),
    )
    name_ar = models.CharField(_("full name (Arabic)"), max_length=150)
    name_en = models.CharField(_("full name (English)"), max_length=150, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    phone = PhoneField(_("mobile number"))
    governorate = protected_fk(
        "artisans.Governorate", _("governorate"), related_name="portal_applications"
    )
    wilayat = protected_fk("artisans.Wilayat", _("wilayat"), related_name="portal_applications")
    primary_craft = protected_fk(
        "artisans.Craft", _("primary craft"), related_name="portal_primary_applications"
    )
    other_crafts = models.ManyToManyField(
        "artisans.Craft",
        blank=True,
        related_name="portal_secondary_applications",
        verbose_name=_("other crafts"),
    )
    workshop_address = models.TextField(
        _("workshop address"),
        max_length=500,
        help_text=_("Village or district, street, landmark: how to find the workshop."),
    )
    # Both files are private: served only to the applicant and to the registrars who may see
    # the application (portal views and admin), through craftsreg.files.
    photo = models.FileField(_("photo"), upload_to=application_photo_path)
    id_copy = models.FileField(_("copy of the ID card"), upload_to=application_id_copy_path)
    privacy_consent_at = models.DateTimeField(_("privacy consent"))
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    # The registrar's last message: what to change, or why the application was rejected.
    decision_message = models.TextField(_("message from the registrar"), blank=True)
    artisan = protected_one_to_one(
        "artisans.Artisan",
        _("registered as"),
        null=True,
        blank=True,
        related_name="portal_application",
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = decided_by_field()
    # Set when a registrar returns the application for changes (today +
    # CRAFTSREG_APPLICATION_CHANGES_DAYS, stored so a later change of the setting moves no
    # promised date), moved only by a registrar's extension, cleared when the applicant sends
    # the changes. The applicant has the whole day; the day after, the application lapses.
    changes_due_on = models.DateField(_("changes due by"), null=True, blank=True)
    # When the applicant was reminded of the due date: at most one reminder per due date.
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("registration application")
        verbose_name_plural = _("registration applications")
        permissions = [
            ("decide_application", _("Can approve, return or reject registration applications")),
        ]
        constraints = [
            choices_constraint("status", ApplicationStatus, name="portal_application_status_valid"),
            choices_constraint("gender", Gender, name="portal_application_gender_valid"),
            civil_number_length("portal_application_civil_number_length"),
            models.CheckConstraint(
                condition=canonical_phone("phone"), name="portal_application_phone_canonical"
            ),
            # An approved application names the artisan it created; no other does.
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.APPROVED, artisan__isnull=False)
                | (~Q(status=ApplicationStatus.APPROVED) & Q(artisan__isnull=True)),
                name="portal_application_approved_has_artisan",
            ),
            # Returned and rejected applications say why.
            models.CheckConstraint(
                condition=~Q(
                    status__in=[ApplicationStatus.CHANGES_REQUESTED, ApplicationStatus.REJECTED]
                )
                | ~Q(decision_message=""),
                name="portal_application_decision_explained",
            ),
            models.CheckConstraint(
                condition=~Q(privacy_notice_version=""), name="portal_application_consent_set"
            ),
            # The applicant is always told by when (and only then): a due date exactly while
            # the application waits for their changes.
            models.CheckConstraint(
                condition=Q(
                    status=ApplicationStatus.CHANGES_REQUESTED, changes_due_on__isnull=False
                )
                | (~Q(status=ApplicationStatus.CHANGES_REQUESTED) & Q(changes_due_on__isnull=True)),
                name="portal_application_changes_due_iff_returned",
            ),
            # One open application per account at a time: a second one would only be a duplicate.
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(
                    status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED]
                ),
                name="portal_application_one_open_per_account",
                violation_error_message=_("You already have an application in progress."),
            ),
        ]
        indexes = [
            models.Index(fields=["governorate", "status"], name="portal_app_gov_status_idx"),
            models.Index(fields=["civil_number"], name="portal_app_civil_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name_ar}"

    @property
    def reference(self) -> str:
        """The number the applicant quotes: "A-000042"."""
        return f"A-{self.pk:06d}" if self.pk else ""

    @property
    def access_label(self) -> str:
        """How the access log names the application (craftsreg.access_log)."""
        return self.reference

    @property
    def can_be_edited(self) -> bool:
        return self.status == ApplicationStatus.CHANGES_REQUESTED

    @property
    def can_be_decided(self) -> bool:
        return self.status == ApplicationStatus.SUBMITTED

    def possible_duplicates(self, scope=None) -> dict:
        """Who this applicant may already be, for the registrar deciding (never the applicant):
        the artisan registered under the same civil number, artisans with the same normalised
        name and birth date (``Artisan.objects.possible_duplicates``, as the admin checks), and
        other applications under the same civil number.

        Artisans of another governorate than ``scope`` (a limited registrar's) are marked
        ``visible = False``: the page names only their registration number and governorate.
        """
        from artisans.models import Artisan

        registry = Artisan.objects.select_related("governorate", "wilayat", "primary_craft")
        same_number = list(registry.filter(civil_number=self.civil_number))
        alike = list(
            registry.possible_duplicates(
                name_ar=self.name_ar,
                date_of_birth=self.date_of_birth,
                wilayat_id=self.wilayat_id,
                primary_craft_id=self.primary_craft_id,
                civil_number=self.civil_number,
            )[:20]
        )
        for artisan in (*same_number, *alike):
            artisan.visible = scope is None or artisan.governorate_id == scope.pk
        applications = list(
            Application.objects.filter(civil_number=self.civil_number)
            .exclude(pk=self.pk)
            .select_related("governorate")
            .order_by("-submitted_at")[:20]
        )
        for application in applications:
            application.visible = scope is None or application.governorate_id == scope.pk
        return {
            "same_civil_number": same_number,
            "same_person": alike,
            "applications": applications,
            "any": bool(same_number or alike or applications),
        }

    def clean(self):
        from django.core.exceptions import ValidationError

        # The same rules as the artisan's record the application becomes.
        errors = place_and_birth_errors(self, timezone.localdate())
        if errors:
            raise ValidationError(errors)


class ApplicationAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Resubmitted with changes")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    LAPSED = "lapsed", _("Closed: not completed in time")
    EXTENDED = "extended", _("Due date extended")


class ApplicationEvent(models.Model):
    """One step of an application: submitted, resubmitted, returned, approved or rejected."""

    Action = ApplicationAction

    application = protected_fk(Application, _("application"), related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    # The applicant for their own steps, the registrar for decisions; nobody (null) for what
    # the registry does by itself (an application lapsing).
    by = user_reference(_("by"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        constraints = [
            choices_constraint(
                "action", ApplicationAction, name="portal_application_event_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.get_action_display()}"

    @property
    def by_staff(self) -> bool:
        return self.action in (
            self.Action.CHANGES_REQUESTED,
            self.Action.APPROVED,
            self.Action.REJECTED,
            self.Action.EXTENDED,
        )

    @property
    def by_system(self) -> bool:
        return self.action == self.Action.LAPSED
