"""Nominations and their photos."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.edition import Category, Edition
from awards.models.project_facts import ProjectFacts
from craftsreg.fields import choices_constraint
from craftsreg.files import upload_path
from craftsreg.i18n import Bilingual, localized_value
from craftsreg.verification import new_token


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    FINALIST = "finalist", _("Finalist")
    WINNER = "winner", _("Winner")
    NOT_PLACED = "not_placed", _("Not placed")


# A nomination that reached the final stage is in one of these, whatever the final outcome.
FINALIST_STATUSES = (
    NominationStatus.FINALIST,
    NominationStatus.WINNER,
    NominationStatus.NOT_PLACED,
)


class NominationQuerySet(models.QuerySet):
    def of_edition(self, edition):
        return self.filter(category__edition=edition)

    def awaiting_initial_decision(self, edition):
        return self.of_edition(edition).filter(status=NominationStatus.SUBMITTED)

    def finalists(self, edition):
        """Nominations that reached the final stage, whatever the final outcome."""
        return self.of_edition(edition).filter(status__in=FINALIST_STATUSES)

    def winners(self, edition):
        return self.of_edition(edition).filter(status=NominationStatus.WINNER)

    def certified(self, edition):
        """Nominations that get a certificate: the winners and the other finalists of every
        category whose winners are decided, in print order (category, place, title)."""
        decided = self.winners(edition).values("category_id")
        return (
            self.finalists(edition)
            .filter(category_id__in=decided)
            .order_by(
                "category__position",
                "category_id",
                models.F("rank").asc(nulls_last=True),
                "title_ar",
                "pk",
            )
        )

    def with_registry(self):
        return self.select_related(
            "category", "artisan", "artisan__primary_craft", "governorate", "craft"
        )


def _registry_reference(model: str, verbose_name, **options):
    """A nomination's link to the registry (its artisan, governorate, craft): PROTECT, so the
    registry cannot lose a row an award record names, and listed from the registry's side as
    ``award_nominations``."""
    return models.ForeignKey(
        model,
        on_delete=models.PROTECT,
        related_name="award_nominations",
        verbose_name=verbose_name,
        **options,
    )


class Nomination(ProjectFacts):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("category")
    )
    artisan = _registry_reference("artisans.Artisan", _("artisan"))
    governorate = _registry_reference(
        "artisans.Governorate",
        _("governorate"),
        editable=False,
        help_text=_("The artisan's governorate when nominated; decides the initial committee."),
    )
    craft = _registry_reference(
        "artisans.Craft",
        _("craft"),
        blank=True,
        help_text=_("The craft of the nominated work; defaults to the artisan's primary craft."),
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NominationStatus.choices,
        default=NominationStatus.SUBMITTED,
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True, editable=False)
    submitted_on = models.DateField(_("received on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Printed as a QR code on the finalist's or winner's certificate: the public verification
    # page (craftsreg.verification) finds the certificate by it. Random, so not guessable.
    certificate_token = models.CharField(
        _("certificate verification token"),
        max_length=43,
        unique=True,
        editable=False,
        default=new_token,
    )

    objects = NominationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "artisan"],
                name="nomination_one_per_artisan_and_category",
                violation_error_message=_(
                    "This artisan already has a nomination in this category of the edition."
                ),
            ),
            choices_constraint("status", NominationStatus, name="nomination_status_valid"),
            # A rank belongs to winners only, and every winner has one.
            models.CheckConstraint(
                condition=(Q(status=NominationStatus.WINNER) & Q(rank__gte=1))
                | (~Q(status=NominationStatus.WINNER) & Q(rank__isnull=True)),
                name="nomination_rank_only_for_winners",
            ),
            # nomination_omani_share_is_percent (the project facts, shared with entries)
            *ProjectFacts.Meta.constraints,
        ]
        indexes = [models.Index(fields=["category", "status"], name="nomination_cat_status_idx")]

    def __str__(self) -> str:
        return f"{self.title} — {self.artisan.name}"

    def save(self, *args, **kwargs):
        # Code paths that skip full_clean (imports, the demo) still get the default craft.
        if not self.craft_id and self.artisan_id:
            self.craft_id = self.artisan.primary_craft_id
        super().save(*args, **kwargs)

    title = Bilingual("title")
    description = Bilingual("description")

    @property
    def edition(self) -> Edition:
        return self.category.edition

    # Certificates name the place in words, in both languages.
    _ORDINALS_AR = {1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع", 5: "الخامس"}
    _ORDINALS_EN = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth"}

    @property
    def rank_in_words_ar(self) -> str:
        return self._ORDINALS_AR.get(self.rank, str(self.rank or ""))

    @property
    def rank_in_words_en(self) -> str:
        return self._ORDINALS_EN.get(self.rank, f"No. {self.rank}")

    @property
    def is_finalist(self) -> bool:
        return self.status in FINALIST_STATUSES

    @property
    def certificate_serial(self) -> str:
        """Printed on the certificate and quoted when someone checks it with the Authority:
        year, edition and the nomination's own number, so it is unique and never reused."""
        edition = self.category.edition
        return f"SQA-{edition.year}-{edition.number:02d}-{self.pk:05d}"

    @property
    def is_project(self) -> bool:
        return self.category.code == self.category.PROJECT

    # What made an approved result: frozen once the chair approves the category (issue 19).
    # A superuser changes them only through services.result_correct, which records why.
    LOCKED_FIELDS = ("category_id", "artisan_id", "craft_id", "title_ar", "title_en", "status")

    def locked_changes(self) -> list[str]:
        """Names of locked fields that differ from the stored row of an approved category."""
        if self.pk is None:
            return []
        stored = (
            Nomination.objects.filter(pk=self.pk, category__result__isnull=False)
            .values(*self.LOCKED_FIELDS, "rank")
            .first()
        )
        if stored is None:
            return []
        return [f for f in (*self.LOCKED_FIELDS, "rank") if stored[f] != getattr(self, f)]

    def clean(self):
        if self.artisan_id:
            self.governorate_id = self.artisan.governorate_id
            if not self.craft_id:
                self.craft_id = self.artisan.primary_craft_id
        if self.locked_changes() and not getattr(self, "_audited_correction", False):
            raise ValidationError(
                _(
                    "The results of this category have been approved: the nomination can no longer "
                    "change. A superuser can record an audited correction with a reason."
                )
            )
        if (
            self.category_id
            and not self.is_project
            and any(
                v is not None for v in (self.workforce, self.trainees, self.omani_materials_percent)
            )
        ):
            raise ValidationError(_("Project facts belong to nominations in the project category."))


def nomination_reference(related_name: str, *, one_to_one=False, on_delete=models.PROTECT):
    """The nomination a record of its judging belongs to (a score sheet, a decision, a visit).

    ``PROTECT`` by default: a nomination that has been judged keeps its record; only the
    nomination's own parts (photos, visits, assignments) pass ``CASCADE``."""
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        Nomination, on_delete=on_delete, related_name=related_name, verbose_name=_("nomination")
    )


def _photo_path(instance, filename):
    # Never the uploader's file name: a generated one, keeping only a known image extension.
    return upload_path(f"awards/{instance.upload_folder()}", filename)


def _thumbnail_path(instance, filename):
    return upload_path(f"awards/{instance.upload_folder()}/thumbnails", "thumbnail.jpg")


class Thumbnailed(models.Model):
    """A photo of a nomination's file with a small JPEG copy for the galleries (a score sheet
    shows a dozen photos; a juror on a phone should not download a dozen full-size pictures to
    see them). Served only by its own views, named ``url_name`` and ``<url_name>_thumbnail``
    (awards.permissions decides who sees it), stored under the subclass's ``upload_folder()``."""

    image = models.ImageField(_("photo"), upload_to=_photo_path)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=_thumbnail_path, blank=True, editable=False, max_length=200
    )

    url_name = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.image.name

    def get_absolute_url(self) -> str:
        return reverse(self.url_name, args=[self.pk])

    def get_thumbnail_url(self) -> str:
        return reverse(f"{self.url_name}_thumbnail", args=[self.pk])

    def upload_folder(self) -> str:
        raise NotImplementedError

    def ensure_thumbnail(self) -> None:
        """Make the thumbnail on first use; later calls reuse the stored file.

        Raises OSError (or a Pillow error) when the photo itself cannot be read."""
        from craftsreg.images import make_thumbnail

        if self.thumbnail and self.thumbnail.storage.exists(self.thumbnail.name):
            return
        self.thumbnail.save("thumbnail.jpg", make_thumbnail(self.image), save=False)
        type(self).objects.filter(pk=self.pk).update(thumbnail=self.thumbnail.name)


class NominationPhoto(Thumbnailed):
    nomination = nomination_reference("photos", on_delete=models.CASCADE)
    caption_ar = models.CharField(_("caption (Arabic)"), max_length=200, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=200, blank=True)

    url_name = "awards:nomination_photo"

    class Meta:
        ordering = ["nomination", "pk"]
        verbose_name = _("nomination photo")
        verbose_name_plural = _("nomination photos")

    def upload_folder(self) -> str:
        return f"nominations/{self.nomination_id}"

    @property
    def caption(self) -> str:
        return localized_value(self, "caption") or self.nomination.title
