"""Score sheets, conflicts and the chair's decisions."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.base import InitialDecision
from awards.models.edition import Category, Criterion, ScoringStage
from awards.models.nomination import nomination_reference
from craftsreg.fields import choices_constraint, text_required, user_reference


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
    judge = user_reference(_("judge"), related_name="award_score_sheets")
    nomination = nomination_reference("score_sheets")
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
                condition=(Q(status=SheetStatus.SUBMITTED) & Q(submitted_at__isnull=False))
                | (Q(status=SheetStatus.DRAFT) & Q(submitted_at__isnull=True)),
                name="score_sheet_submitted_time_iff_submitted",
            ),
            choices_constraint("stage", ScoringStage, name="score_sheet_stage_valid"),
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
    by = user_reference(_("by"))
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), max_length=2000)

    class Meta:
        ordering = ["sheet", "at"]
        verbose_name = _("sheet reopening")
        verbose_name_plural = _("sheet reopenings")
        constraints = [
            text_required("reopening_reason_required", "reason"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} {self.at:%Y-%m-%d}"


class ConflictOfInterestQuerySet(models.QuerySet):
    def of_edition(self, edition):
        return self.filter(nomination__category__edition=edition)

    def pairs(self) -> set[tuple[int, int]]:
        """(judge id, nomination id) of each declared conflict."""
        return set(self.values_list("judge_id", "nomination_id"))


class ConflictOfInterest(models.Model):
    judge = user_reference(_("judge"), related_name="award_conflicts")
    nomination = nomination_reference("conflicts")
    reason = models.TextField(_("reason"), max_length=2000)
    declared_at = models.DateTimeField(_("declared"))

    history = HistoricalRecords()
    objects = ConflictOfInterestQuerySet.as_manager()

    class Meta:
        ordering = ["nomination", "judge"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["judge", "nomination"], name="conflict_unique"),
            text_required("conflict_reason_required", "reason"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} ⟂ {self.nomination_id}"


class ShortlistDecision(InitialDecision):
    """The chair's initial-stage decision: recommend to the final stage or not."""

    nomination = nomination_reference("shortlist_decision", one_to_one=True)
    recommended = models.BooleanField(_("recommended"))
    decided_by = user_reference()
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
    approved_by = user_reference()
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
            text_required(
                "category_result_override_needs_reason", "reason", unless=Q(overridden=False)
            ),
        ]

    def __str__(self) -> str:
        return str(self.category)


class ResultCorrection(models.Model):
    """A superuser's correction of an approved result: the only way to change one, always with
    a reason, shown on the public transparency report."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("category")
    )
    nomination = nomination_reference("corrections")
    by = user_reference(_("by"))
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), max_length=4000)
    changes = models.JSONField(
        _("changes"), help_text=_("Each changed field with its value before and after.")
    )

    class Meta:
        ordering = ["category", "at", "pk"]
        verbose_name = _("result correction")
        verbose_name_plural = _("result corrections")
        constraints = [
            text_required("correction_reason_required", "reason"),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} {self.at:%Y-%m-%d}"
