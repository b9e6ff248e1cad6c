"""Score sheets, conflicts of interest and site visits."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import permissions
from awards.models import (
    CommitteeKind,
    CommitteeSignOff,
    ConflictOfInterest,
    Criterion,
    Nomination,
    Score,
    ScoreSheet,
    ScoringStage,
    SheetReopening,
    SheetStatus,
    SiteVisit,
    SiteVisitPhoto,
)
from awards.services.base import _create, _is_arabic, _now, _save

# --- Score sheets ----------------------------------------------------------------------------


def _check_can_score(judge, nomination: Nomination, stage: str) -> None:
    edition = nomination.category.edition
    if edition.scoring_stage != stage:
        raise ValidationError(_("Scoring is closed: the edition is not in this stage."))
    if not permissions.scorable_nominations(judge, edition).filter(pk=nomination.pk).exists():
        raise ValidationError(_("You cannot score this nomination."))
    if (
        stage == ScoringStage.INITIAL
        and CommitteeSignOff.objects.filter(
            committee__edition=edition,
            committee__kind=CommitteeKind.INITIAL,
            committee__governorate=nomination.governorate_id,
        ).exists()
    ):
        # The signed-off list was drawn up from these scores: they are final.
        raise ValidationError(_("The committee has signed off its list: scoring is closed."))


@transaction.atomic
def score_sheet_save(
    *,
    judge,
    nomination: Nomination,
    values: dict[int, Decimal | None],
    comment: str = "",
    submit: bool = False,
) -> ScoreSheet:
    """Save the judge's sheet for the open stage as a draft, or submit it.

    The sheet row is locked for the whole save, so two tabs saving (or submitting) at once are
    applied one after the other: never a second sheet, never a lost score. A submitted sheet is
    refused unchanged. ``values`` maps criterion ids to a score (None clears it in a draft).
    """
    stage = nomination.category.edition.scoring_stage
    if stage is None:
        raise ValidationError(_("Scoring is closed: the edition is not in a scoring stage."))
    _check_can_score(judge, nomination, stage)
    sheet, _created = ScoreSheet.objects.get_or_create(
        judge=judge, nomination=nomination, stage=stage
    )
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.is_submitted:
        raise ValidationError(
            _("This score sheet has been submitted and is locked. Only the chair can reopen it.")
        )
    criteria = list(Criterion.objects.for_stage(nomination.category, stage))
    known = {c.pk for c in criteria}
    unknown = set(values) - known
    if unknown:
        raise ValidationError(_("The form does not match this nomination's criteria."))
    errors = []
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is not None and not (0 <= value <= criterion.max_score):
            errors.append(
                _("%(criterion)s is scored from 0 to %(max)s.")
                % {"criterion": criterion.name, "max": criterion.max_score}
            )
    if submit:
        missing = [c.name for c in criteria if values.get(c.pk) is None]
        if missing:
            errors.append(
                _("Score every criterion before submitting (missing: %(names)s).")
                % {"names": "، ".join(missing) if _is_arabic() else ", ".join(missing)}
            )
    if errors:
        raise ValidationError(errors)

    existing = {s.criterion_id: s for s in sheet.scores.all()}
    for criterion in criteria:
        value = values.get(criterion.pk)
        score = existing.get(criterion.pk)
        if value is None:
            if score is not None:
                score.delete()
            continue
        if score is None:
            score = Score(sheet=sheet, criterion=criterion, value=value)
        elif score.value == value:
            continue
        score.value = value
        _save(score)
    sheet.comment = comment
    if submit:
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = _now()
    _save(sheet)
    return sheet


@transaction.atomic
def score_sheet_reopen(*, sheet: ScoreSheet, by, reason: str) -> ScoreSheet:
    """The chair sends a submitted sheet back to draft, with a recorded reason."""
    sheet = (
        ScoreSheet.objects.select_for_update()
        .select_related("nomination__category")
        .get(pk=sheet.pk)
    )
    edition = sheet.nomination.category.edition
    if not permissions.is_chair(by, edition):
        raise ValidationError(_("Only the award chair can reopen a score sheet."))
    if not sheet.is_submitted:
        raise ValidationError(_("This score sheet is not submitted."))
    if edition.scoring_stage != sheet.stage:
        raise ValidationError(
            _("A sheet can only be reopened while its stage is open for scoring.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for reopening the sheet."))
    _create(SheetReopening, sheet=sheet, by=by, at=_now(), reason=reason)
    sheet.status = SheetStatus.DRAFT
    sheet.submitted_at = None
    _save(sheet)
    return sheet


@transaction.atomic
def conflict_declare(*, judge, nomination: Nomination, reason: str) -> ConflictOfInterest:
    """A judge declares a conflict: from now on they cannot open or score the nomination and any
    sheet of theirs on it is left out of the aggregate."""
    edition = nomination.category.edition
    if not permissions.assignable_nominations(judge, edition).filter(pk=nomination.pk).exists():
        raise ValidationError(_("You cannot declare a conflict on this nomination."))
    if ConflictOfInterest.objects.filter(judge=judge, nomination=nomination).exists():
        raise ValidationError(_("You have already declared a conflict with this nomination."))
    return _create(
        ConflictOfInterest,
        judge=judge,
        nomination=nomination,
        reason=(reason or "").strip(),
        declared_at=_now(),
    )


@transaction.atomic
def site_visit_record(
    *, nomination: Nomination, by, visited_on, members, notes: str = "", photos=()
) -> SiteVisit:
    edition = nomination.category.edition
    stage = edition.scoring_stage
    if stage is None:
        raise ValidationError(
            _("Visits are recorded during the initial evaluation and the final judging only.")
        )
    if not permissions.scorable_nominations(by, edition).filter(pk=nomination.pk).exists():
        raise ValidationError(_("You cannot record a visit for this nomination."))
    if visited_on > timezone.localdate():
        raise ValidationError(_("The date of a visit cannot be in the future."))
    visit = _create(
        SiteVisit,
        nomination=nomination,
        stage=stage,
        visited_on=visited_on,
        notes=notes,
        recorded_by=by,
    )
    visit.members_present.set(members)
    for image in photos:
        _create(SiteVisitPhoto, visit=visit, image=image)
    return visit
