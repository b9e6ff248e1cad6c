"""Reference data: governorates, wilayats, craft groups, crafts, and the registration counter."""

from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from craftsreg.fields import BilingualReference, SlugReference, optional_foreign_key
from craftsreg.i18n import BilingualNameMixin, BilingualQuerySet


class Governorate(BilingualReference):
    code = models.CharField(
        _("ISO 3166-2 code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^OM-[A-Z]{2}$", _("Use an ISO 3166-2:OM code like OM-MA."))],
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)

    class Meta(BilingualReference.Meta):
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


class CraftGroup(SlugReference):
    class Meta(SlugReference.Meta):
        verbose_name = _("craft group")
        verbose_name_plural = _("craft groups")


class Craft(BilingualReference):
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("Stable identifier used in URLs and imports, e.g. cotton-weaving."),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    group = optional_foreign_key(CraftGroup, related_name="crafts", verbose_name=_("group"))

    class Meta(BilingualReference.Meta):
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
