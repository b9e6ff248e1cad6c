"""Editions, their stages, categories and criteria."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from craftsreg.fields import (
    bounded_small_integer,
    choices_constraint,
    text_required,
    user_reference,
)
from craftsreg.i18n import Bilingual, BilingualNameMixin, BilingualQuerySet


class Stage(models.TextChoices):
    """Stages of an edition, in the only order an edition may move through them."""

    DRAFT = "draft", _("Draft")
    NOMINATIONS = "nominations", _("Nominations")
    INITIAL = "initial", _("Initial evaluation")
    FINAL = "final", _("Final judging")
    REVIEW = "review", _("Results review")
    ANNOUNCED = "announced", _("Announced")
    CLOSED = "closed", _("Closed")

    @classmethod
    def order(cls) -> list[str]:
        return [choice.value for choice in cls]

    @classmethod
    def index(cls, value: str) -> int:
        return cls.order().index(value)


class ScoringStage(models.TextChoices):
    """The two stages in which score sheets are filled in."""

    INITIAL = "initial", _("Initial evaluation")
    FINAL = "final", _("Final judging")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean")
    MEDIAN = "median", _("Median")
    TRIMMED = "trimmed", _("Trimmed mean (drop highest and lowest, 5 or more sheets)")


class EditionQuerySet(models.QuerySet):
    def public(self):
        """Editions the public may see listed (everything past the draft stage)."""
        return self.exclude(stage=Stage.DRAFT)

    def announced(self):
        return self.filter(stage__in=[Stage.ANNOUNCED, Stage.CLOSED])

    def in_stage(self, *stages):
        return self.filter(stage__in=stages)


# Both stages' minimum number of sheets work the same way.
_MINIMUM_SHEETS_HELP = _(
    "A nomination with fewer counted score sheets is flagged and not ranked with the complete ones."
)


def _optional_date(verbose_name, help_text):
    """A date an edition may leave open (a stage's deadline)."""
    return models.DateField(verbose_name, null=True, blank=True, help_text=help_text)


class Edition(models.Model):
    number = models.PositiveSmallIntegerField(
        _("edition number"), unique=True, validators=[MinValueValidator(1)]
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    nominations_open = models.DateField(_("nominations open"))
    nominations_close = models.DateField(_("nominations close"))
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.DRAFT, editable=False
    )
    aggregation = models.CharField(
        _("aggregation method"),
        max_length=8,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
        help_text=_("How the judges' weighted totals of one nomination are combined."),
    )
    show_normalised = models.BooleanField(
        _("show judge-severity normalisation"),
        default=True,
        help_text=_(
            "Show, next to the ranking, the totals corrected for harsh and lenient judges "
            "(z-score per judge rescaled to 0–100)."
        ),
    )
    spread_flag = bounded_small_integer(
        _("spread flag (points)"),
        default=20,
        min_value=1,
        max_value=100,
        help_text=_("Flag a nomination when its judges' totals differ by more than this."),
    )
    shortlist_pass_mark = bounded_small_integer(
        _("shortlist pass mark"),
        default=60,
        max_value=100,
        help_text=_(
            "Initial-evaluation total (out of 100) from which a nomination is expected to be "
            "recommended; a decision against it needs a reason."
        ),
    )
    # Per stage: a governorate committee has two or three members, the jury more.
    initial_minimum_sheets = bounded_small_integer(
        _("minimum sheets per nomination (initial evaluation)"),
        default=2,
        min_value=1,
        max_value=50,
        help_text=_MINIMUM_SHEETS_HELP,
    )
    minimum_sheets = bounded_small_integer(
        _("minimum sheets per finalist (final judging)"),
        default=3,
        min_value=1,
        max_value=50,
        help_text=_MINIMUM_SHEETS_HELP,
    )
    initial_deadline = _optional_date(
        _("initial evaluation deadline"),
        _("Committee members' score sheets are due by this date."),
    )
    final_deadline = _optional_date(
        _("final judging deadline"), _("Jurors' score sheets are due by this date.")
    )
    finalist_quota = bounded_small_integer(
        _("finalists per governorate and category"),
        null=True,
        blank=True,
        min_value=1,
        help_text=_(
            "The most works one governorate committee may qualify in a category. Leave empty for "
            "no limit."
        ),
    )
    assent_quorum = bounded_small_integer(
        _("main committee assents needed"),
        null=True,
        blank=True,
        min_value=1,
        help_text=_(
            "How many main committee members must assent to the approved results before they are "
            "announced. Leave empty to require every member."
        ),
    )
    # Entries from the artisans' portal (awards.models.entry).
    entry_photo_limit = bounded_small_integer(
        _("photos per entry"),
        default=5,
        min_value=1,
        max_value=20,
        help_text=_("The most photos an artisan may attach to one entry from the portal."),
    )
    minimum_years_registered = bounded_small_integer(
        _("minimum years registered"),
        default=0,
        max_value=60,
        help_text=_(
            "Years an artisan must have been registered in the registry by the day nominations "
            "close to enter from the portal (the registry's measure of years of practice). 0 for "
            "no minimum."
        ),
    )
    signatory_ar = models.CharField(_("certificate signatory (Arabic)"), max_length=150, blank=True)
    signatory_en = models.CharField(
        _("certificate signatory (English)"), max_length=150, blank=True
    )
    signatory_title_ar = models.CharField(
        _("signatory's title (Arabic)"), max_length=200, blank=True
    )
    signatory_title_en = models.CharField(
        _("signatory's title (English)"), max_length=200, blank=True
    )
    results_approved_at = models.DateTimeField(_("results approved"), null=True, editable=False)
    announced_at = models.DateTimeField(_("announced"), null=True, editable=False)

    objects = EditionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.CheckConstraint(
                condition=Q(nominations_close__gte=models.F("nominations_open")),
                name="edition_nomination_window_valid",
            ),
            choices_constraint("stage", Stage, name="edition_stage_valid"),
            choices_constraint("aggregation", Aggregation, name="edition_aggregation_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    title = Bilingual("title")

    @property
    def is_announced(self) -> bool:
        return self.stage in (Stage.ANNOUNCED, Stage.CLOSED)

    @property
    def scoring_stage(self) -> str | None:
        """The score-sheet stage that is open now, or None when nobody may score."""
        if self.stage == Stage.INITIAL:
            return ScoringStage.INITIAL
        if self.stage == Stage.FINAL:
            return ScoringStage.FINAL
        return None

    @property
    def next_stage(self) -> str | None:
        order = Stage.order()
        position = order.index(self.stage)
        return order[position + 1] if position + 1 < len(order) else None

    @property
    def previous_stage(self) -> str | None:
        position = Stage.index(self.stage)
        return Stage.order()[position - 1] if position > 0 else None

    def stage_reached(self, stage: str) -> bool:
        return Stage.index(self.stage) >= Stage.index(stage)

    def takes_entries_on(self, day) -> bool:
        """Artisans may enter (and change or withdraw an entry) on ``day``: the edition is
        taking nominations and ``day`` is within its published dates, both included. The chair
        moves the stage by hand; the dates hold even if that move comes late."""
        return (
            self.stage == Stage.NOMINATIONS
            and self.nominations_open <= day <= self.nominations_close
        )

    def deadline(self, stage: str | None = None):
        """The deadline of ``stage`` (default: the scoring stage open now), or None."""
        stage = stage or self.scoring_stage
        if stage == ScoringStage.INITIAL:
            return self.initial_deadline
        if stage == ScoringStage.FINAL:
            return self.final_deadline
        return None

    def minimum_sheets_for(self, stage: str) -> int:
        if stage == ScoringStage.INITIAL:
            return self.initial_minimum_sheets
        return self.minimum_sheets

    def days_to_deadline(self, stage: str | None = None) -> int | None:
        """Days from today to the deadline of ``stage`` (negative once it has passed)."""
        from django.utils import timezone

        deadline = self.deadline(stage)
        return (deadline - timezone.localdate()).days if deadline else None

    @property
    def has_approved_results(self) -> bool:
        return self.pk is not None and self.categories.filter(result__isnull=False).exists()

    def clean(self):
        errors = {}
        if (
            self.nominations_open
            and self.nominations_close
            and self.nominations_close < self.nominations_open
        ):
            errors["nominations_close"] = _("Nominations cannot close before they open.")
        if (
            self.initial_deadline
            and self.final_deadline
            and self.final_deadline < self.initial_deadline
        ):
            errors["final_deadline"] = _(
                "The final judging cannot be due before the initial evaluation."
            )
        if self.pk is not None and self.has_approved_results:
            # The approved order was computed with this method: changing it afterwards would
            # publish figures that no longer match the order (issue 19).
            stored = Edition.objects.filter(pk=self.pk).values("aggregation").first()
            if stored and stored["aggregation"] != self.aggregation:
                errors["aggregation"] = _(
                    "Results have been approved with this aggregation method; it can no longer "
                    "change."
                )
        if errors:
            raise ValidationError(errors)


class StageTransition(models.Model):
    """Every move of an edition from one stage to the next: who and when."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("edition")
    )
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    by = user_reference(_("by"))
    at = models.DateTimeField(_("at"))
    backwards = models.BooleanField(_("moved back"), default=False)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    incomplete = models.JSONField(
        _("incomplete when moved"),
        default=list,
        blank=True,
        help_text=_("What was still incomplete when the move was confirmed."),
    )

    class Meta:
        ordering = ["edition", "at", "pk"]
        verbose_name = _("stage move")
        verbose_name_plural = _("stage moves")
        constraints = [
            # A move back (superuser only) always says why.
            text_required(
                "stage_transition_back_needs_reason", "reason", unless=Q(backwards=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition.number}: {self.from_stage} → {self.to_stage}"


class Category(BilingualNameMixin, models.Model):
    """A competition within an edition; winners are ranked within a category only."""

    PRODUCT = "product"
    PROJECT = "project"

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="categories", verbose_name=_("edition")
    )
    code = models.SlugField(_("code"), max_length=40)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    places = bounded_small_integer(
        _("places"),
        default=3,
        min_value=1,
        max_value=20,
        help_text=_("How many winners this category has."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = BilingualQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="category_unique_code"),
            models.CheckConstraint(condition=Q(places__gte=1), name="category_places_positive"),
        ]

    def __str__(self) -> str:
        # Admin lists and pickers show many editions' categories: say which edition.
        return f"{self.name} — {self.edition.number}"

    @property
    def is_approved(self) -> bool:
        return self.pk is not None and hasattr(self, "result")

    def clean(self):
        if self.pk is None:
            return
        stored = Category.objects.filter(pk=self.pk).values("places", "code").first()
        if stored is None:
            return
        if stored["places"] != self.places and (
            self.is_approved or self.criteria.filter(scores__isnull=False).exists()
        ):
            raise ValidationError(
                {
                    "places": _(
                        "The number of places cannot change once the category has been scored."
                    )
                }
            )
        if stored["code"] != self.code and self.edition.stage_reached(Stage.NOMINATIONS):
            raise ValidationError(
                {"code": _("The code cannot change once nominations have opened.")}
            )


class CriterionQuerySet(models.QuerySet):
    def for_stage(self, category, stage):
        return self.filter(category=category, stage=stage)


class Criterion(BilingualNameMixin, models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("category")
    )
    stage = models.CharField(_("stage"), max_length=8, choices=ScoringStage.choices)
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Order on the form; also the order of the tie-break chain.")
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    max_score = bounded_small_integer(_("maximum score"), default=10, min_value=1, max_value=1000)
    weight = bounded_small_integer(_("weight"), default=1, min_value=1, max_value=1000)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["category", "stage", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "stage", "position"], name="criterion_unique_position"
            ),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="criterion_max_positive"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
            choices_constraint("stage", ScoringStage, name="criterion_stage_valid"),
        ]

    def is_locked(self) -> bool:
        """Criteria are fixed once their stage has opened or any score uses them."""
        if self.pk is None:
            return False
        edition = self.category.edition
        return edition.stage_reached(self.stage) or self.scores.exists()

    EDITABLE_FIELDS = ("stage", "position", "name_ar", "name_en", "max_score", "weight")

    def clean(self):
        if self.pk is not None:
            stored = Criterion.objects.select_related("category__edition").get(pk=self.pk)
            # Only a real change is refused: saving the category with its (read-only) criteria
            # must not raise one error per criterion.
            changed = any(getattr(stored, f) != getattr(self, f) for f in self.EDITABLE_FIELDS)
            if changed and stored.is_locked():
                raise ValidationError(
                    _(
                        "This criterion can no longer be changed: its stage has opened or it has "
                        "been scored."
                    )
                )
        elif self.category_id and self.category.edition.stage_reached(self.stage):
            raise ValidationError(_("Criteria cannot be added to a stage that has already opened."))
