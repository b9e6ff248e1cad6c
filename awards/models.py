"""The Sultan Qaboos Award for Craft Excellence (جائزة السلطان قابوس للإجادة الحرفية).

An edition moves through stages (see ``Stage``); governorate committees score nominations in the
initial evaluation, a jury scores the finalists, the main committee's chair approves and announces
the winners. Scores and decisions keep an unchangeable history (django-simple-history).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from craftsreg.files import upload_path
from craftsreg.i18n import BilingualNameMixin, BilingualQuerySet, localized_value


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
    spread_flag = models.PositiveSmallIntegerField(
        _("spread flag (points)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Flag a nomination when its judges' totals differ by more than this."),
    )
    shortlist_pass_mark = models.PositiveSmallIntegerField(
        _("shortlist pass mark"),
        default=60,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Initial-evaluation total (out of 100) from which a nomination is expected to be "
            "recommended; a decision against it needs a reason."
        ),
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
            models.CheckConstraint(
                condition=Q(stage__in=Stage.order()), name="edition_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(aggregation__in=Aggregation.values), name="edition_aggregation_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def title(self) -> str:
        return localized_value(self, "title")

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

    def stage_reached(self, stage: str) -> bool:
        return Stage.index(self.stage) >= Stage.index(stage)

    def clean(self):
        if (
            self.nominations_open
            and self.nominations_close
            and self.nominations_close < self.nominations_open
        ):
            raise ValidationError(
                {"nominations_close": _("Nominations cannot close before they open.")}
            )


class StageTransition(models.Model):
    """Every move of an edition from one stage to the next: who and when."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("edition")
    )
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["edition", "at", "pk"]
        verbose_name = _("stage move")
        verbose_name_plural = _("stage moves")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "to_stage"], name="stage_transition_once_per_stage"
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
    places = models.PositiveSmallIntegerField(
        _("places"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
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
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )

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
            models.CheckConstraint(
                condition=Q(stage__in=ScoringStage.values), name="criterion_stage_valid"
            ),
        ]

    def is_locked(self) -> bool:
        """Criteria are fixed once their stage has opened or any score uses them."""
        if self.pk is None:
            return False
        edition = self.category.edition
        return edition.stage_reached(self.stage) or self.scores.exists()

    def clean(self):
        if self.pk is not None:
            stored = Criterion.objects.select_related("category__edition").get(pk=self.pk)
            if stored.is_locked():
                raise ValidationError(
                    _(
                        "This criterion can no longer be changed: its stage has opened or it has "
                        "been scored."
                    )
                )
        elif self.category_id and self.category.edition.stage_reached(self.stage):
            raise ValidationError(_("Criteria cannot be added to a stage that has already opened."))


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    FINALIST = "finalist", _("Finalist")
    WINNER = "winner", _("Winner")
    NOT_PLACED = "not_placed", _("Not placed")


class NominationQuerySet(models.QuerySet):
    def of_edition(self, edition):
        return self.filter(category__edition=edition)

    def awaiting_initial_decision(self, edition):
        return self.of_edition(edition).filter(status=NominationStatus.SUBMITTED)

    def finalists(self, edition):
        """Nominations that reached the final stage, whatever the final outcome."""
        return self.of_edition(edition).filter(
            status__in=[
                NominationStatus.FINALIST,
                NominationStatus.WINNER,
                NominationStatus.NOT_PLACED,
            ]
        )

    def winners(self, edition):
        return self.of_edition(edition).filter(status=NominationStatus.WINNER)

    def with_registry(self):
        return self.select_related("category", "artisan", "artisan__primary_craft", "governorate")


class Nomination(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("category")
    )
    artisan = models.ForeignKey(
        "artisans.Artisan",
        on_delete=models.PROTECT,
        related_name="award_nominations",
        verbose_name=_("artisan"),
    )
    governorate = models.ForeignKey(
        "artisans.Governorate",
        on_delete=models.PROTECT,
        related_name="award_nominations",
        verbose_name=_("governorate"),
        editable=False,
        help_text=_("The artisan's governorate when nominated; decides the initial committee."),
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
            models.CheckConstraint(
                condition=Q(status__in=NominationStatus.values), name="nomination_status_valid"
            ),
            # A rank belongs to winners only, and every winner has one.
            models.CheckConstraint(
                condition=(Q(status="winner") & Q(rank__gte=1))
                | (~Q(status="winner") & Q(rank__isnull=True)),
                name="nomination_rank_only_for_winners",
            ),
        ]
        indexes = [models.Index(fields=["category", "status"], name="nomination_cat_status_idx")]

    def __str__(self) -> str:
        return f"{self.title} — {self.artisan.name}"

    @property
    def title(self) -> str:
        return localized_value(self, "title")

    @property
    def description(self) -> str:
        return localized_value(self, "description")

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
        return self.status in (
            NominationStatus.FINALIST,
            NominationStatus.WINNER,
            NominationStatus.NOT_PLACED,
        )

    def clean(self):
        if self.artisan_id:
            self.governorate_id = self.artisan.governorate_id


def _photo_path(instance, filename):
    # Never the uploader's file name: a generated one, keeping only a known image extension.
    return upload_path(f"awards/{instance.upload_folder()}", filename)


class NominationPhoto(models.Model):
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="photos", verbose_name=_("nomination")
    )
    image = models.ImageField(_("photo"), upload_to=_photo_path)
    caption_ar = models.CharField(_("caption (Arabic)"), max_length=200, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["nomination", "pk"]
        verbose_name = _("nomination photo")
        verbose_name_plural = _("nomination photos")

    def __str__(self) -> str:
        return self.image.name

    def upload_folder(self) -> str:
        return f"nominations/{self.nomination_id}"

    @property
    def caption(self) -> str:
        return localized_value(self, "caption") or self.nomination.title


class CommitteeKind(models.TextChoices):
    INITIAL = "initial", _("Initial evaluation committee")
    JURY = "jury", _("Jury (final judging)")
    MAIN = "main", _("Main committee")


class Committee(models.Model):
    """Initial committees belong to one governorate; each edition has one jury and one main
    committee. The chair of the main committee is the award chair for that edition."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="committees", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=CommitteeKind.choices)
    governorate = models.ForeignKey(
        "artisans.Governorate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_committees",
        verbose_name=_("governorate"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CommitteeMembership",
        related_name="award_committees",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["edition", "kind", "governorate__code"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="initial") & Q(governorate__isnull=False))
                | (~Q(kind="initial") & Q(governorate__isnull=True)),
                name="committee_governorate_only_for_initial",
                violation_error_message=_(
                    "An initial committee needs a governorate; the jury and the main committee "
                    "have none."
                ),
            ),
            models.UniqueConstraint(
                fields=["edition", "governorate"],
                condition=Q(kind="initial"),
                name="committee_one_initial_per_governorate",
                violation_error_message=_("This governorate already has an initial committee."),
            ),
            models.UniqueConstraint(
                fields=["edition", "kind"],
                condition=~Q(kind="initial"),
                name="committee_one_jury_and_main",
                violation_error_message=_("This edition already has a committee of this kind."),
            ),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        if self.governorate_id:
            label = f"{label} — {self.governorate.name}"
        return f"{self.edition.number}: {label}"


class CommitteeMembership(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("committee")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="award_memberships",
        verbose_name=_("member"),
    )
    is_chair = models.BooleanField(_("chairs the committee"), default=False)

    class Meta:
        ordering = ["committee", "-is_chair", "user__username"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(is_chair=True),
                name="membership_one_chair",
                violation_error_message=_("This committee already has a chair."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee}: {self.user}"


class JuryAssignment(models.Model):
    """Optional: once the chair assigns any juror of an edition, jurors see assigned finalists
    only; without assignments every juror judges every finalist."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_assignments"
    )

    class Meta:
        verbose_name = _("jury assignment")
        verbose_name_plural = _("jury assignments")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "juror"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.juror} → {self.nomination_id}"


class SiteVisit(models.Model):
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="visits", verbose_name=_("nomination")
    )
    stage = models.CharField(_("stage"), max_length=8, choices=ScoringStage.choices)
    visited_on = models.DateField(_("date of visit"))
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="award_visits", verbose_name=_("members present")
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[members_present])

    class Meta:
        ordering = ["nomination", "visited_on", "pk"]
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.visited_on}"


class SiteVisitPhoto(models.Model):
    visit = models.ForeignKey(
        SiteVisit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("visit")
    )
    image = models.ImageField(_("photo"), upload_to=_photo_path)

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")

    def __str__(self) -> str:
        return self.image.name

    def upload_folder(self) -> str:
        return f"visits/{self.visit_id}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ScoreSheetQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=SheetStatus.SUBMITTED)

    def drafts(self):
        return self.filter(status=SheetStatus.DRAFT)

    def of_edition(self, edition, stage):
        return self.filter(nomination__category__edition=edition, stage=stage)

    def counted(self, edition, stage):
        """Submitted sheets that count in the aggregate: a judge's declared conflict with the
        nomination removes their sheet."""
        conflicts = ConflictOfInterest.objects.filter(
            judge=models.OuterRef("judge"), nomination=models.OuterRef("nomination")
        )
        return self.of_edition(edition, stage).submitted().exclude(models.Exists(conflicts))


class ScoreSheet(models.Model):
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="award_score_sheets",
        verbose_name=_("judge"),
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.PROTECT,
        related_name="score_sheets",
        verbose_name=_("nomination"),
    )
    stage = models.CharField(_("stage"), max_length=8, choices=ScoringStage.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScoreSheetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["nomination", "judge", "stage"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "nomination", "stage"], name="score_sheet_one_per_judge_stage"
            ),
            models.CheckConstraint(
                condition=(Q(status="submitted") & Q(submitted_at__isnull=False))
                | (Q(status="draft") & Q(submitted_at__isnull=True)),
                name="score_sheet_submitted_time_iff_submitted",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=ScoringStage.values), name="score_sheet_stage_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} / {self.nomination_id} / {self.stage}"

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


class Score(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("sheet")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.DecimalField(
        _("score"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["sheet", "criterion__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"

    def clean(self):
        if self.criterion_id and self.value is not None and self.value > self.criterion.max_score:
            raise ValidationError(
                {
                    "value": _("%(criterion)s is scored out of %(max)s.")
                    % {"criterion": self.criterion.name, "max": self.criterion.max_score}
                }
            )


class SheetReopening(models.Model):
    """The chair's recorded reopening of a submitted sheet (the only way to change one)."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.PROTECT, related_name="reopenings", verbose_name=_("sheet")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), max_length=2000)

    class Meta:
        ordering = ["sheet", "at"]
        verbose_name = _("sheet reopening")
        verbose_name_plural = _("sheet reopenings")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="reopening_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} {self.at:%Y-%m-%d}"


class ConflictOfInterest(models.Model):
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="award_conflicts",
        verbose_name=_("judge"),
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="conflicts", verbose_name=_("nomination")
    )
    reason = models.TextField(_("reason"), max_length=2000)
    declared_at = models.DateTimeField(_("declared"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["nomination", "judge"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["judge", "nomination"], name="conflict_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="conflict_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} ⟂ {self.nomination_id}"


class ShortlistDecision(models.Model):
    """The chair's initial-stage decision: recommend to the final stage or not."""

    nomination = models.OneToOneField(
        Nomination,
        on_delete=models.PROTECT,
        related_name="shortlist_decision",
        verbose_name=_("nomination"),
    )
    recommended = models.BooleanField(_("recommended"))
    initial_total = models.DecimalField(
        _("initial total"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shortlist decision")
        verbose_name_plural = _("shortlist decisions")

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.recommended}"


class CategoryResult(models.Model):
    """The chair's approval of one category's winners."""

    category = models.OneToOneField(
        Category, on_delete=models.PROTECT, related_name="result", verbose_name=_("category")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"))
    computed_order = models.JSONField(
        _("computed order"), help_text=_("Nomination ids in the computed order when approved.")
    )
    approved_order = models.JSONField(_("approved order"))
    overridden = models.BooleanField(_("computed order overridden"), default=False)
    reason = models.TextField(_("reason"), blank=True, max_length=4000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category result")
        verbose_name_plural = _("category results")
        constraints = [
            models.CheckConstraint(
                condition=Q(overridden=False) | ~Q(reason=""),
                name="category_result_override_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.category)
