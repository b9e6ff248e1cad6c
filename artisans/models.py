import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.digits import DigitsField
from craftsreg.i18n import BilingualNameMixin, BilingualQuerySet

civil_number_validator = RegexValidator(
    r"^[0-9]{6,10}$",
    _("A civil number has 6 to 10 digits and nothing else."),
    code="civil_number",
)
phone_validator = RegexValidator(
    r"^(968)?[0-9]{8}$",
    _("Enter an 8-digit Omani phone number, optionally starting with 968."),
    code="phone",
)


class Governorate(BilingualNameMixin, models.Model):
    code = models.CharField(
        _("ISO 3166-2 code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^OM-[A-Z]{2}$", _("Use an ISO 3166-2:OM code like OM-MA."))],
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)

    objects = BilingualQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")

    @property
    def seat(self):
        """The wilayat that is the governorate's seat (capital), if recorded."""
        return self.wilayats.filter(is_seat=True).first()


class Wilayat(BilingualNameMixin, models.Model):
    governorate = models.ForeignKey(
        Governorate,
        on_delete=models.PROTECT,
        related_name="wilayats",
        verbose_name=_("governorate"),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_seat = models.BooleanField(_("governorate seat"), default=False)

    objects = BilingualQuerySet.as_manager()

    class Meta:
        ordering = ["governorate__code", "name_en"]
        verbose_name = _("wilayat")
        verbose_name_plural = _("wilayats")
        constraints = [
            models.UniqueConstraint(
                fields=["governorate", "name_ar"], name="wilayat_unique_name_ar"
            ),
            models.UniqueConstraint(
                fields=["governorate", "name_en"], name="wilayat_unique_name_en"
            ),
            models.UniqueConstraint(
                fields=["governorate"],
                condition=Q(is_seat=True),
                name="wilayat_one_seat_per_governorate",
            ),
        ]


class CraftGroup(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)

    objects = BilingualQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("craft group")
        verbose_name_plural = _("craft groups")


class Craft(BilingualNameMixin, models.Model):
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("Stable identifier used in URLs and imports, e.g. cotton-weaving."),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    group = models.ForeignKey(
        CraftGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crafts",
        verbose_name=_("group"),
    )

    objects = BilingualQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("craft")
        verbose_name_plural = _("crafts")


class RegistrationCounter(models.Model):
    """Last registration number handed out per registration year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registration counter")
        verbose_name_plural = _("registration counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"

    @classmethod
    def reserve(cls, year: int, count: int = 1) -> range:
        """Reserve ``count`` consecutive numbers for ``year``; safe under concurrent callers.

        The row lock makes two registrars saving at once get different numbers.
        """
        with transaction.atomic():
            cls.objects.get_or_create(year=year)
            counter = cls.objects.select_for_update().get(year=year)
            first = counter.last_number + 1
            counter.last_number = F("last_number") + count
            counter.save(update_fields=["last_number"])
        return range(first, first + count)


def format_registration_number(year: int, number: int) -> str:
    return f"{year}-{number:06d}"


class ArtisanQuerySet(models.QuerySet):
    def registered(self):
        """Every artisan on the register, whatever their status (what the annual report counts)."""
        return self

    def active(self):
        return self.filter(status=Artisan.Status.ACTIVE)

    def registered_by(self, day: datetime.date):
        """Artisans whose registration date is on or before ``day``."""
        return self.filter(registered_on__lte=day)

    def in_governorate(self, governorate):
        return self.filter(governorate=governorate)


class Artisan(models.Model):
    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

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
    phone = DigitsField(_("phone"), max_length=12, blank=True, validators=[phone_validator])
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
    registered_on = models.DateField(_("registration date"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArtisanQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-pk"]
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        constraints = [
            models.CheckConstraint(
                condition=Q(gender__in=["male", "female"]), name="artisan_gender_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "inactive"]), name="artisan_status_valid"
            ),
            # Digits-only is checked by the validator; the database guards the length.
            models.CheckConstraint(
                condition=Q(
                    GreaterThanOrEqual(Length("civil_number"), 6),
                    LessThanOrEqual(Length("civil_number"), 10),
                ),
                name="artisan_civil_number_length",
            ),
            models.CheckConstraint(
                condition=~Q(registration_number=""), name="artisan_registration_number_set"
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
        if not self.registration_number:
            year = (self.registered_on or timezone.localdate()).year
            number = RegistrationCounter.reserve(year)[0]
            self.registration_number = format_registration_number(year, number)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        from craftsreg.i18n import localized_value

        return localized_value(self, "name")

    def validate_constraints(self, exclude=None):
        # The registration number is assigned in save(), after validation.
        if not self.registration_number:
            exclude = {*(exclude or ()), "registration_number"}
        super().validate_constraints(exclude=exclude)

    def clean(self):
        errors = {}
        # Not expressible as a CHECK constraint (it spans two tables); every write path goes
        # through full_clean(), including the importer.
        if (
            self.governorate_id
            and self.wilayat_id
            and self.wilayat.governorate_id != self.governorate_id
        ):
            errors["wilayat"] = _(
                "The wilayat %(wilayat)s is not in the governorate %(governorate)s."
            ) % {"wilayat": self.wilayat.name, "governorate": self.governorate.name}
        today = timezone.localdate()
        if self.date_of_birth:
            if self.date_of_birth > today:
                errors["date_of_birth"] = _("The date of birth cannot be in the future.")
            elif self.date_of_birth < datetime.date(1900, 1, 1):
                errors["date_of_birth"] = _("The date of birth cannot be before 1900.")
        if self.registered_on and self.registered_on > today:
            errors["registered_on"] = _("The registration date cannot be in the future.")
        if self.date_of_birth and self.registered_on and self.registered_on < self.date_of_birth:
            errors["registered_on"] = _("The registration date cannot be before the date of birth.")
        if errors:
            raise ValidationError(errors)
