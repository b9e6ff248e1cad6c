"""The artisan: one person on the registry."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from artisans.models.querysets import ArtisanQuerySet
from artisans.models.reference import (
    Craft,
    Governorate,
    RegistrationCounter,
    Wilayat,
    format_registration_number,
)
from craftsreg.digits import DigitsField
from craftsreg.fields import (
    choices_constraint,
    length_between,
    optional_foreign_key,
    status_field,
)
from craftsreg.i18n import Bilingual
from craftsreg.phones import PhoneField, canonical_phone
from craftsreg.text import name_search_key

# A civil number has 6 to 10 digits: the validator says so to people, and the database guards
# the length of every table that stores one (civil_number_length) against the other writers.
civil_number_validator = RegexValidator(
    r"^[0-9]{6,10}$",
    _("A civil number has 6 to 10 digits and nothing else."),
    code="civil_number",
)


def civil_number_length(name: str) -> models.CheckConstraint:
    """The CHECK constraint on a ``civil_number`` column's length (digits only is the
    validator's part)."""
    return models.CheckConstraint(condition=length_between("civil_number", 6, 10), name=name)


def search_key_for(name_ar: str, name_en: str) -> str:
    """The stored search key of an artisan named ``name_ar`` / ``name_en``.

    Every writer of artisans (save(), the importer's ORM and COPY writers, the demo seeder,
    migrations, the benchmarks' COPY loader) uses this rule, so the key agrees with the names.
    """
    return name_search_key(name_ar, name_en)


def artisan_photo_path(instance, filename: str) -> str:
    from craftsreg.files import upload_path

    return upload_path("artisans/photos", filename)


def place_and_birth_errors(person, today: datetime.date) -> dict:
    """Errors of what an artisan and an application to register one both record: the wilayat
    must lie in the governorate, the date of birth between 1900 and today.

    Not expressible as CHECK constraints (the wilayat's governorate is in another table); every
    write path goes through full_clean(), including the importer.
    """
    errors = {}
    if (
        person.governorate_id
        and person.wilayat_id
        and person.wilayat.governorate_id != person.governorate_id
    ):
        errors["wilayat"] = _(
            "The wilayat %(wilayat)s is not in the governorate %(governorate)s."
        ) % {"wilayat": person.wilayat.name, "governorate": person.governorate.name}
    if person.date_of_birth:
        if person.date_of_birth > today:
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif person.date_of_birth < datetime.date(1900, 1, 1):
            errors["date_of_birth"] = _("The date of birth cannot be before 1900.")
    return errors


# At module level so that Meta.constraints can name them (a class body cannot see the
# enclosing class's names); Artisan.Gender and Artisan.Status are the names to use.
class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class ArtisanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class Artisan(models.Model):
    Gender = Gender
    Status = ArtisanStatus

    civil_number = DigitsField(
        _("civil number"),
        max_length=10,
        unique=True,
        validators=[civil_number_validator],
        help_text=_("Digits only; Arabic-Indic digits are accepted and stored as 0-9."),
        error_messages={"unique": _("An artisan with this civil number is already registered.")},
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=20,
        unique=True,
        editable=False,
        help_text=_("Given by the registry when the artisan is first saved: year-sequence."),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = PhoneField(_("phone"), blank=True)
    governorate = models.ForeignKey(
        Governorate,
        on_delete=models.PROTECT,
        related_name="artisans",
        verbose_name=_("governorate"),
    )
    wilayat = models.ForeignKey(
        Wilayat, on_delete=models.PROTECT, related_name="artisans", verbose_name=_("wilayat")
    )
    primary_craft = models.ForeignKey(
        Craft,
        on_delete=models.PROTECT,
        related_name="primary_artisans",
        verbose_name=_("primary craft"),
    )
    other_crafts = models.ManyToManyField(
        Craft, blank=True, related_name="secondary_artisans", verbose_name=_("other crafts")
    )
    # Kept current by the artisan's change requests from the portal (portal.models.changes).
    workshop_address = models.TextField(
        _("workshop address"), blank=True, default="", max_length=500
    )
    registered_on = models.DateField(_("registration date"), default=timezone.localdate)
    status = status_field(Status, default=Status.ACTIVE, max_length=8)
    # The registrar's photo of the artisan for the craft card: re-encoded by craftsreg.images,
    # stored under a random name and served only by the admin's permission-checked view.
    photo = models.FileField(
        _("photo"), upload_to=artisan_photo_path, blank=True, default="", db_default=""
    )
    # Both names folded by craftsreg.text.normalize_name, kept by save() and by every bulk writer
    # (search_key_for); the people search reads it through a trigram index on PostgreSQL.
    search_key = models.TextField(_("search key"), editable=False, blank=True, default="")
    # A duplicate record retired into the artisan kept (artisans.services.artisan_retire_duplicate):
    # marked, never deleted, so what was registered under it stays traceable.
    retired_into = optional_foreign_key(
        "self",
        editable=False,
        related_name="retired_duplicates",
        verbose_name=_("retired as a duplicate of"),
    )
    # Optimistic locking: every save adds one, and a form saved from an older version is refused
    # (ArtisanAdminForm), so one registrar's save never silently erases another's.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArtisanQuerySet.as_manager()
    # Who changed what and when, for every write path (admin, import, shell); other crafts are
    # recorded with each version too.
    history = HistoricalRecords(
        m2m_fields=[other_crafts],
        # The search key is derived from the names, which the history already holds.
        excluded_fields=["updated_at", "search_key"],
        # History is read per artisan (its id), by date and by user; indexing the copied
        # unique and foreign-key columns too would only slow bulk imports down.
        no_db_index=[
            "civil_number",
            "registration_number",
            "governorate",
            "wilayat",
            "primary_craft",
        ],
    )

    class Meta:
        ordering = ["-registered_on", "-pk"]
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        permissions = [
            # For staff who only need to name an artisan elsewhere (a design's creator):
            # the admin's autocomplete by name or registration number, nothing else.
            ("lookup_artisan", _("Can look artisans up by name or registration number")),
        ]
        constraints = [
            choices_constraint("gender", Gender, name="artisan_gender_valid"),
            choices_constraint("status", ArtisanStatus, name="artisan_status_valid"),
            civil_number_length("artisan_civil_number_length"),
            models.CheckConstraint(
                condition=~Q(registration_number=""), name="artisan_registration_number_set"
            ),
            # One stored form for phones, "+968" and eight digits (craftsreg.phones).
            models.CheckConstraint(
                condition=Q(phone="") | canonical_phone("phone"), name="artisan_phone_canonical"
            ),
        ]
        indexes = [
            models.Index(fields=["governorate", "registered_on"], name="artisan_gov_reg_idx"),
            models.Index(fields=["primary_craft", "registered_on"], name="artisan_craft_reg_idx"),
            models.Index(fields=["registered_on"], name="artisan_reg_idx"),
            models.Index(fields=["name_ar"], name="artisan_name_ar_idx"),
            models.Index(fields=["name_en"], name="artisan_name_en_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.name}".strip()

    def save(self, *args, **kwargs):
        self.search_key = search_key_for(self.name_ar, self.name_en)
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                extra = ["version"]
                if {"name_ar", "name_en"} & set(update_fields):
                    extra.append("search_key")
                kwargs["update_fields"] = [
                    *update_fields,
                    *(f for f in extra if f not in update_fields),
                ]
        if not self.registration_number:
            year = (self.registered_on or timezone.localdate()).year
            number = RegistrationCounter.reserve(year)[0]
            self.registration_number = format_registration_number(year, number)
        super().save(*args, **kwargs)

    @property
    def access_label(self) -> str:
        """How the access log names the artisan (craftsreg.access_log): never the name or the
        civil number, which the log must not copy."""
        return self.registration_number

    name = Bilingual("name")

    def label_for_lookup(self) -> str:
        """ "2017-000042 Salim Al-Harthi — Nizwa, pottery": namesakes told apart in look-ups."""
        return _("%(artisan)s — %(wilayat)s, %(craft)s") % {
            "artisan": self,
            "wilayat": self.wilayat.name,
            "craft": self.primary_craft.name,
        }

    def validate_constraints(self, exclude=None):
        # The registration number is assigned in save(), after validation.
        if not self.registration_number:
            exclude = {*(exclude or ()), "registration_number"}
        super().validate_constraints(exclude=exclude)

    def clean(self):
        errors = self.rule_errors(timezone.localdate())
        if errors:
            raise ValidationError(errors)

    def rule_errors(self, today: datetime.date) -> dict:
        """What clean() refuses, as {field: message}, with ``today`` as the current day.

        The importer checks every row of a file against one ``today`` read once: reading the
        clock in the active time zone costs about 10 µs, a second per 100,000 rows.
        """
        errors = place_and_birth_errors(self, today)
        if self.registered_on and self.registered_on > today:
            errors["registered_on"] = _("The registration date cannot be in the future.")
        if self.date_of_birth and self.registered_on and self.registered_on < self.date_of_birth:
            errors["registered_on"] = _("The registration date cannot be before the date of birth.")
        return errors
