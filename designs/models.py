"""Craft designs the Authority deposits with the Ministry's Intellectual Property Department.

Under the Copyright and Related Rights Law (Royal Decree 65/2008) protection is automatic;
depositing a copy gives a presumption of ownership and a deposit certificate. A design moves
draft → filed → deposited (certificate received), with returned and withdrawn as side branches.
Only deposited designs are public.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from artisans.models import Artisan, Craft
from craftsreg.fields import (
    SlugReference,
    Timestamped,
    choices_constraint,
    optional_foreign_key,
    status_field,
)
from craftsreg.files import IMAGE_EXTENSIONS, upload_path
from craftsreg.i18n import Bilingual, isolate_ltr
from craftsreg.verification import new_token

DEFAULT_LEGAL_BASIS_AR = "المرسوم السلطاني رقم 65/2008 — قانون حقوق المؤلف والحقوق المجاورة"
DEFAULT_LEGAL_BASIS_EN = "Royal Decree 65/2008 — Copyright and Related Rights Law"
DEFAULT_OFFICE_AR = "دائرة الملكية الفكرية — وزارة التجارة والصناعة"
DEFAULT_OFFICE_EN = "Intellectual Property Department — Ministry of Commerce and Industry"

batch_number_validator = RegexValidator(
    r"^[0-9]{4}-[0-9]{2}$",
    _("A batch number is the year and a two-digit sequence, e.g. 2017-01."),
    code="batch_number",
)
SCAN_EXTENSIONS = ("pdf", *IMAGE_EXTENSIONS)

locarno_subclass_validator = RegexValidator(
    r"^[0-9]{2}-[0-9]{2}$",
    _("Write the subclass as class-subclass with two digits each, e.g. 11-01."),
    code="locarno_subclass",
)


class ProductKind(SlugReference):
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta(SlugReference.Meta):
        ordering = ["position", "code"]
        verbose_name = _("product kind")
        verbose_name_plural = _("product kinds")


class Material(SlugReference):
    craft = optional_foreign_key(
        Craft,
        related_name="design_materials",
        verbose_name=_("registry craft"),
        help_text=_("The craft of the registry that works this material, where one applies."),
    )

    class Meta(SlugReference.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class LocarnoClass(models.Model):
    """A class of the Locarno Classification (WIPO) for industrial designs."""

    number = models.PositiveSmallIntegerField(
        _("class number"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(32)],
    )
    heading_ar = models.CharField(_("heading (Arabic)"), max_length=200)
    heading_en = models.CharField(_("heading (English)"), max_length=200)
    edition = models.CharField(_("edition"), max_length=10, default="15")

    class Meta:
        ordering = ["number"]
        verbose_name = _("Locarno class")
        verbose_name_plural = _("Locarno classes")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=32), name="locarno_class_number_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number:02d} — {self.heading}"

    heading = Bilingual("heading")

    @property
    def name(self) -> str:
        return str(self)


# The choices live at module level so that Meta.constraints can name them (a class body cannot
# see the enclosing class's names); DepositBatch.Status, Design.Status and Design.Party are the
# names to use elsewhere.
class BatchStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    FILED = "filed", _("Filed")
    CERTIFICATES_RECEIVED = "certificates", _("Certificates received")


class DesignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FILED = "filed", _("Filed with the IP Department")
    DEPOSITED = "deposited", _("Deposited (certificate received)")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Party(models.TextChoices):
    AUTHORITY = "authority", _("The Authority's design unit")
    ARTISAN = "artisan", _("An artisan of the registry")


class DepositBatch(Timestamped):
    """A batch of designs filed together with the IP Department."""

    Status = BatchStatus

    number = models.CharField(
        _("batch number"),
        max_length=7,
        unique=True,
        validators=[batch_number_validator],
        help_text=_("Year and sequence, e.g. 2017-01. Design numbers start with it."),
    )
    filed_on = models.DateField(
        _("filing date"),
        null=True,
        blank=True,
        help_text=_("When the batch was filed with the Intellectual Property Department."),
    )
    legal_basis_ar = models.CharField(
        _("legal basis (Arabic)"), max_length=200, default=DEFAULT_LEGAL_BASIS_AR
    )
    legal_basis_en = models.CharField(
        _("legal basis (English)"), max_length=200, default=DEFAULT_LEGAL_BASIS_EN
    )
    office_ar = models.CharField(_("office (Arabic)"), max_length=200, default=DEFAULT_OFFICE_AR)
    office_en = models.CharField(_("office (English)"), max_length=200, default=DEFAULT_OFFICE_EN)
    status = status_field(Status, default=Status.PREPARING, max_length=12)
    gazette_issue = models.CharField(_("Official Gazette issue"), max_length=20, blank=True)
    gazette_date = models.DateField(_("Official Gazette date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("deposit batch")
        verbose_name_plural = _("deposit batches")
        constraints = [
            choices_constraint("status", BatchStatus, name="deposit_batch_status_valid"),
            models.CheckConstraint(
                condition=Q(status=BatchStatus.PREPARING) | Q(filed_on__isnull=False),
                name="deposit_batch_filed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return isolate_ltr(self.number)

    def next_design_suffix(self) -> int:
        """The number the next design of this batch would take (one after the highest)."""
        highest = self.designs.aggregate(highest=models.Max("suffix"))["highest"]
        return (highest or 0) + 1

    legal_basis = Bilingual("legal_basis")
    office = Bilingual("office")

    def clean(self):
        errors = {}
        if self.status != self.Status.PREPARING and not self.filed_on:
            errors["filed_on"] = _("A filed batch needs its filing date.")
        if self.filed_on and self.filed_on > timezone.localdate():
            errors["filed_on"] = _("The filing date cannot be in the future.")
        if self.gazette_date and self.filed_on and self.gazette_date < self.filed_on:
            errors["gazette_date"] = _("The Gazette date cannot be before the filing date.")
        if errors:
            raise ValidationError(errors)


def _certificate_scan_path(instance, filename: str) -> str:
    # Scans are PDFs or our own re-encoded images; never the uploader's file name.
    return upload_path("designs/certificates", filename, extensions=SCAN_EXTENSIONS)


class DesignQuerySet(models.QuerySet):
    def public(self):
        """Designs the public may see: deposited ones only (every other status is a 404)."""
        return self.filter(status=Design.Status.DEPOSITED)

    def with_card_data(self):
        """What a catalogue card or export row shows, in a fixed number of queries."""
        # The artisans are read for their public names only (Design.creator_public_name).
        return self.select_related(
            "product_kind", "locarno_class", "batch", "creator_artisan", "holder_artisan"
        ).prefetch_related(
            "materials",
            Prefetch(
                "images",
                queryset=DesignImage.objects.filter(is_primary=True),
                to_attr="primary_images",
            ),
        )


def _party_fields(verbose_name, artisan_verbose_name, related_name: str):
    """The two fields that say who a design's creator or holder is: the kind of party (the
    Authority or an artisan) and the artisan when it is one (``_party_consistent`` keeps the
    two agreeing in the database, ``Design.clean`` in forms)."""
    kind = models.CharField(
        verbose_name, max_length=10, choices=Party.choices, default=Party.AUTHORITY
    )
    artisan = optional_foreign_key(
        Artisan, related_name=related_name, verbose_name=artisan_verbose_name
    )
    return kind, artisan


def _party_consistent(role: str) -> models.CheckConstraint:
    """An artisan is named exactly when the party is an artisan."""
    return models.CheckConstraint(
        condition=Q(**{f"{role}_kind": Party.AUTHORITY, f"{role}_artisan__isnull": True})
        | Q(**{f"{role}_kind": Party.ARTISAN, f"{role}_artisan__isnull": False}),
        name=f"design_{role}_consistent",
    )


class Design(Timestamped):
    Status = DesignStatus
    Party = Party

    # Which status may follow which. Deposit is final: a certificate cannot be un-received.
    TRANSITIONS = {
        Status.DRAFT: {Status.FILED, Status.WITHDRAWN},
        Status.FILED: {Status.DEPOSITED, Status.RETURNED, Status.WITHDRAWN},
        Status.RETURNED: {Status.DRAFT, Status.FILED, Status.WITHDRAWN},
        Status.WITHDRAWN: {Status.DRAFT},
        Status.DEPOSITED: set(),
    }

    # Leaving the path needs a reason, recorded on the design and in its history.
    NEEDS_REASON = {Status.RETURNED, Status.WITHDRAWN}

    batch = models.ForeignKey(
        DepositBatch, on_delete=models.PROTECT, related_name="designs", verbose_name=_("batch")
    )
    suffix = models.PositiveSmallIntegerField(
        _("number in batch"),
        validators=[MinValueValidator(1), MaxValueValidator(9999)],
        help_text=_("The design's own number in its batch (1–9999)."),
    )
    number = models.CharField(
        _("design number"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("Batch number and number in batch, e.g. 2017-01-0007."),
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    product_kind = models.ForeignKey(
        ProductKind,
        on_delete=models.PROTECT,
        related_name="designs",
        verbose_name=_("product kind"),
    )
    materials = models.ManyToManyField(
        Material, related_name="designs", verbose_name=_("materials")
    )
    locarno_class = models.ForeignKey(
        LocarnoClass,
        on_delete=models.PROTECT,
        related_name="designs",
        verbose_name=_("Locarno class"),
    )
    locarno_subclass = models.CharField(
        _("Locarno subclass"),
        max_length=5,
        blank=True,
        validators=[locarno_subclass_validator],
        help_text=_("Optional, e.g. 11-01; must belong to the class."),
    )
    creator_kind, creator_artisan = _party_fields(
        _("creator"), _("creating artisan"), "created_designs"
    )
    holder_kind, holder_artisan = _party_fields(_("holder"), _("holding artisan"), "held_designs")
    year_created = models.PositiveSmallIntegerField(
        _("year created"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    status = status_field(Status, default=Status.DRAFT, max_length=10)
    status_date = models.DateField(
        _("status date"),
        default=timezone.localdate,
        help_text=_("When the design reached its current status."),
    )
    certificate_number = models.CharField(
        _("deposit certificate number"), max_length=40, blank=True
    )
    certificate_date = models.DateField(_("deposit certificate date"), null=True, blank=True)
    # Printed as a QR code on the printable deposit certificate; the public verification page
    # (craftsreg.verification) finds the design by it. Random, so not guessable.
    certificate_token = models.CharField(
        _("certificate verification token"),
        max_length=43,
        unique=True,
        editable=False,
        default=new_token,
    )
    filing_number = models.CharField(
        _("IP Department filing number"),
        max_length=40,
        blank=True,
        help_text=_("The number the Intellectual Property Department gave the filing."),
    )
    certificate_scan = models.FileField(
        _("certificate scan"),
        upload_to=_certificate_scan_path,
        blank=True,
        max_length=200,
        help_text=_("The scanned deposit certificate (PDF, JPEG, PNG or WebP). Staff only."),
    )
    status_reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why the design was returned or withdrawn (required for those statuses)."),
    )
    # Titles, descriptions and number, normalised for search (craftsreg.text); kept by save().
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = DesignQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[materials], excluded_fields=["search_text"])

    class Meta:
        ordering = ["number"]
        verbose_name = _("design")
        verbose_name_plural = _("designs")
        constraints = [
            models.UniqueConstraint(fields=["batch", "suffix"], name="design_unique_in_batch"),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="design_unique_certificate_number",
                violation_error_message=_(
                    "Another design already has this deposit certificate number."
                ),
            ),
            choices_constraint("status", DesignStatus, name="design_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=DesignStatus.DEPOSITED)
                | (~Q(certificate_number="") & Q(certificate_date__isnull=False)),
                name="design_deposited_has_certificate",
                violation_error_message=_(
                    "A deposited design needs its certificate number and date."
                ),
            ),
            _party_consistent("creator"),
            _party_consistent("holder"),
            models.CheckConstraint(
                condition=Q(year_created__gte=1900, year_created__lte=2100),
                name="design_year_created_range",
            ),
            models.CheckConstraint(condition=~Q(number=""), name="design_number_set"),
            models.CheckConstraint(
                condition=~Q(status__in=[DesignStatus.RETURNED, DesignStatus.WITHDRAWN])
                | ~Q(status_reason=""),
                name="design_returned_withdrawn_has_reason",
                violation_error_message=_("A returned or withdrawn design needs its reason."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "number"], name="design_status_number_idx"),
            models.Index(fields=["status", "year_created"], name="design_status_year_idx"),
            models.Index(fields=["certificate_date"], name="design_certificate_date_idx"),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The status as loaded, so clean() can check the transition.
        # __dict__, not the attribute: reading a deferred field here would cost a query per row.
        self._loaded_status = self.__dict__.get("status") if self.pk else None

    def __str__(self) -> str:
        return f"{isolate_ltr(self.number) or '—'} {self.title}".strip()

    def save(self, *args, **kwargs):
        if self.batch_id and self.suffix:
            self.number = self.compose_number()
        self.search_text = self.compose_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "number"}
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    def get_absolute_url(self) -> str:
        return reverse("designs:detail", kwargs={"number": self.number})

    def clean(self):
        errors = {}
        if (
            self._loaded_status
            and self.status != self._loaded_status
            and not self.can_move_to(self.status)
        ):
            errors["status"] = _("A design cannot move from “%(old)s” to “%(new)s”.") % {
                "old": self.Status(self._loaded_status).label,
                "new": self.Status(self.status).label,
            }
        if self.status == self.Status.DEPOSITED:
            if not self.certificate_number.strip():
                errors["certificate_number"] = _(
                    "A design can only be marked deposited with its certificate number."
                )
            if not self.certificate_date:
                errors["certificate_date"] = _(
                    "A design can only be marked deposited with its certificate date."
                )
        if (
            self.status in self.NEEDS_REASON
            and self.status != self._loaded_status
            and not self.status_reason.strip()
        ):
            errors["status_reason"] = (
                _("Give the reason the design is returned.")
                if self.status == self.Status.RETURNED
                else _("Give the reason the design is withdrawn.")
            )
        if self.certificate_date and self.certificate_date > timezone.localdate():
            errors["certificate_date"] = _("The certificate date cannot be in the future.")
        if (
            self.certificate_date
            and self.batch_id
            and self.batch.filed_on
            and self.certificate_date < self.batch.filed_on
        ):
            errors["certificate_date"] = _(
                "The certificate date cannot be before the batch's filing date."
            )
        if (
            self.status in (self.Status.FILED, self.Status.DEPOSITED)
            and self.batch_id
            and self.batch.status == DepositBatch.Status.PREPARING
        ):
            errors["status"] = _(
                "File the batch (give its filing date) before marking its designs filed "
                "or deposited."
            )
        if self.creator_kind == self.Party.ARTISAN and not self.creator_artisan_id:
            errors["creator_artisan"] = _("Choose the artisan who created the design.")
        if self.creator_kind == self.Party.AUTHORITY and self.creator_artisan_id:
            errors["creator_artisan"] = _(
                "Leave the artisan empty when the Authority's design unit is the creator."
            )
        if self.holder_kind == self.Party.ARTISAN and not self.holder_artisan_id:
            errors["holder_artisan"] = _("Choose the artisan who holds the design.")
        if self.holder_kind == self.Party.AUTHORITY and self.holder_artisan_id:
            errors["holder_artisan"] = _(
                "Leave the artisan empty when the Authority is the holder."
            )
        if self.year_created and self.year_created > timezone.localdate().year:
            errors["year_created"] = _("The year created cannot be in the future.")
        if (
            self.locarno_subclass
            and self.locarno_class_id
            and not self.locarno_subclass.startswith(f"{self.locarno_class.number:02d}-")
        ):
            errors["locarno_subclass"] = _(
                "The subclass %(subclass)s is not in Locarno class %(number)02d."
            ) % {"subclass": self.locarno_subclass, "number": self.locarno_class.number}
        if errors:
            raise ValidationError(errors)
        if self.batch_id and self.suffix:
            self.number = self.compose_number()

    title = Bilingual("title")
    description = Bilingual("description")

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.DEPOSITED

    @property
    def primary_image(self):
        """The primary image; uses the catalogue's prefetch when present."""
        if hasattr(self, "primary_images"):
            return self.primary_images[0] if self.primary_images else None
        return self.images.filter(is_primary=True).first()

    def compose_search_text(self) -> str:
        from craftsreg.text import normalize_search

        parts = [
            self.number,
            self.title_ar,
            self.title_en,
            self.description_ar,
            self.description_en,
        ]
        return normalize_search(" ".join(part for part in parts if part))

    def compose_number(self) -> str:
        return f"{self.batch.number}-{self.suffix:04d}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self._loaded_status)]

    def creator_public_name(self) -> str:
        """Who created the design, as the public may read it (a name, never personal data)."""
        if self.creator_kind == self.Party.ARTISAN and self.creator_artisan_id:
            return self.creator_artisan.name
        return str(_("The Authority's design unit"))

    def holder_public_name(self) -> str:
        """The holder; an artisan's name is public only if that artisan is also the creator."""
        if self.holder_kind == self.Party.AUTHORITY:
            return str(_("Public Authority for Craft Industries"))
        if self.holder_artisan_id and self.holder_artisan_id == self.creator_artisan_id:
            return self.holder_artisan.name
        return str(_("An artisan of the registry"))


def _image_path(instance, filename: str) -> str:
    # Never the uploader's name: a generated one, with the extension of our own re-encoding.
    return upload_path("designs/images", filename)


def _thumbnail_path(instance, filename: str) -> str:
    return upload_path("designs/thumbnails", "thumbnail.jpg")


class DesignImage(models.Model):
    """One view of a design. Files are served only through the catalogue's views (visibility)."""

    design = models.ForeignKey(
        Design, on_delete=models.CASCADE, related_name="images", verbose_name=_("design")
    )
    image = models.ImageField(
        _("image"),
        upload_to=_image_path,
        width_field="width",
        height_field="height",
        max_length=200,
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=_thumbnail_path, blank=True, editable=False, max_length=200
    )
    caption_ar = models.CharField(_("caption (Arabic)"), max_length=200, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=200, blank=True)
    is_primary = models.BooleanField(_("primary view"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_primary", "position", "pk"]
        verbose_name = _("design image")
        verbose_name_plural = _("design images")
        constraints = [
            models.UniqueConstraint(
                fields=["design"],
                condition=Q(is_primary=True),
                name="design_image_one_primary",
                violation_error_message=_("A design has only one primary image."),
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.__dict__.get("image") if self.pk else None
        self._loaded_image = getattr(raw, "name", raw)

    def __str__(self) -> str:
        return self.caption or str(_("View %(position)s")) % {"position": self.position or 1}

    def save(self, *args, **kwargs):
        if self.image.name != self._loaded_image:
            # A new picture: its thumbnail is made below. The old files stay on disk, because
            # the history rows still point at them.
            self.thumbnail = ""
        if (
            not self.pk
            and not self.is_primary
            and self.design_id
            and not DesignImage.objects.filter(design_id=self.design_id, is_primary=True).exists()
        ):
            # A design's first view is its primary one until an officer picks another.
            self.is_primary = True
        super().save(*args, **kwargs)
        self._loaded_image = self.image.name
        if self.image and not self.thumbnail:
            self.ensure_thumbnail()

    def get_absolute_url(self) -> str:
        return reverse(
            "designs:image",
            kwargs={"number": self.design.number, "pk": self.pk, "ext": self.extension},
        )

    def get_thumbnail_url(self) -> str:
        return reverse("designs:thumbnail", kwargs={"number": self.design.number, "pk": self.pk})

    caption = Bilingual("caption")

    @property
    def extension(self) -> str:
        return self.image.name.rsplit(".", 1)[-1].lower()

    def ensure_thumbnail(self) -> None:
        """Generate the thumbnail once; later calls reuse the stored file."""
        from craftsreg.images import make_thumbnail

        if self.thumbnail and self.thumbnail.storage.exists(self.thumbnail.name):
            return
        self.thumbnail.save("thumb.jpg", make_thumbnail(self.image), save=False)
        DesignImage.objects.filter(pk=self.pk).update(thumbnail=self.thumbnail.name)
