"""Writes of the award: every change of stage, score and decision goes through here.

Each function is keyword-only, checks its own rules (the views check who may call it, these
functions check that the action is allowed *now*), validates with ``full_clean()`` and runs in one
transaction. A refused action raises ``ValidationError`` with a message for the user and changes
nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import permissions
from awards.models import (
    Category,
    CategoryResult,
    Committee,
    CommitteeKind,
    ConflictOfInterest,
    Criterion,
    Edition,
    JuryAssignment,
    Nomination,
    NominationStatus,
    Score,
    ScoreSheet,
    ScoringStage,
    SheetReopening,
    SheetStatus,
    ShortlistDecision,
    SiteVisit,
    SiteVisitPhoto,
    Stage,
    StageTransition,
)

# The source's criteria (docs/sources.md §2). Maxima and weights are our defaults; staff
# may change them in the admin until the stage opens.
DEFAULT_CATEGORIES = [
    (Category.PRODUCT, "المنتج الحرفي", "Craft product"),
    (Category.PROJECT, "المشروع الحرفي", "Craft project"),
]
DEFAULT_CRITERIA = {
    ScoringStage.INITIAL: [
        ("الجودة", "Quality", 10, 25),
        ("الكفاءة", "Efficiency", 10, 20),
        ("المطابقة لشروط التقييم", "Conformity with the conditions", 10, 20),
        ("التطوير والابتكار", "Development and innovation", 10, 15),
        ("توظيف خامات البيئة العمانية", "Use of Omani raw materials", 10, 10),
        ("نقل الحرفة للأجيال العمانية الشابة", "Passing the craft to young Omanis", 10, 10),
    ],
    ScoringStage.FINAL: [
        ("الجودة", "Quality", 10, 40),
        ("الكفاءة", "Efficiency", 10, 30),
        ("المطابقة لشروط التحكيم النهائي", "Conformity with the conditions", 10, 30),
    ],
}


def _now():
    return timezone.now()


@transaction.atomic
def edition_setup_defaults(*, edition: Edition) -> None:
    """Give a new edition the two categories and the source's criteria (idempotent)."""
    for position, (code, name_ar, name_en) in enumerate(DEFAULT_CATEGORIES):
        category, _created = Category.objects.get_or_create(
            edition=edition,
            code=code,
            defaults={"name_ar": name_ar, "name_en": name_en, "position": position},
        )
        if category.criteria.exists():
            continue
        for stage, rows in DEFAULT_CRITERIA.items():
            for index, (c_ar, c_en, max_score, weight) in enumerate(rows, start=1):
                Criterion.objects.create(
                    category=category,
                    stage=stage,
                    position=index,
                    name_ar=c_ar,
                    name_en=c_en,
                    max_score=max_score,
                    weight=weight,
                )


# --- Stage machine ---------------------------------------------------------------------------


def edition_advance_problems(edition: Edition, to: str) -> list[str]:
    """Why ``edition`` cannot move to ``to`` now (empty when it can)."""
    if to not in Stage.values:
        return [_("Unknown stage.")]
    if to != edition.next_stage:
        return [
            _(
                "An edition moves one stage at a time: from “%(current)s” the next stage is "
                "“%(next)s”."
            )
            % {
                "current": Stage(edition.stage).label,
                "next": Stage(edition.next_stage).label if edition.next_stage else "—",
            }
        ]
    problems = []
    nominations = Nomination.objects.of_edition(edition)
    if to == Stage.NOMINATIONS:
        categories = list(edition.categories.all())
        if not categories:
            problems.append(_("The edition has no categories."))
        for category in categories:
            stages = set(category.criteria.values_list("stage", flat=True))
            for stage in ScoringStage:
                if stage.value not in stages:
                    problems.append(
                        _("The category “%(category)s” has no criteria for the %(stage)s.")
                        % {"category": category.name, "stage": stage.label}
                    )
    elif to == Stage.INITIAL:
        active = nominations.exclude(status=NominationStatus.WITHDRAWN)
        if not active.exists():
            problems.append(_("No nomination has been registered."))
        covered = set(
            Committee.objects.filter(
                edition=edition, kind=CommitteeKind.INITIAL, memberships__isnull=False
            ).values_list("governorate_id", flat=True)
        )
        missing = active.exclude(governorate_id__in=covered).values_list(
            "governorate__name_en", "governorate__name_ar"
        )
        for name_en, name_ar in sorted(set(missing)):
            problems.append(
                _(
                    "The governorate %(governorate)s has nominations but no initial committee "
                    "with members."
                )
                % {"governorate": name_ar if _is_arabic() else name_en}
            )
    elif to == Stage.FINAL:
        waiting = nominations.filter(status=NominationStatus.SUBMITTED).count()
        if waiting:
            problems.append(
                _("%(count)s nomination(s) still await the initial decision.") % {"count": waiting}
            )
        if not nominations.filter(status=NominationStatus.FINALIST).exists():
            problems.append(_("No nomination has been recommended to the final stage."))
        if not Committee.objects.filter(
            edition=edition, kind=CommitteeKind.JURY, memberships__isnull=False
        ).exists():
            problems.append(_("The edition has no jury with members."))
    elif to == Stage.REVIEW:
        unscored = (
            nominations.filter(status=NominationStatus.FINALIST)
            .exclude(
                pk__in=ScoreSheet.objects.counted(edition, ScoringStage.FINAL).values(
                    "nomination_id"
                )
            )
            .count()
        )
        if unscored:
            problems.append(
                _("%(count)s finalist(s) have no submitted score sheet yet.") % {"count": unscored}
            )
    elif to == Stage.ANNOUNCED:
        finalist_categories = set(
            Nomination.objects.finalists(edition).values_list("category_id", flat=True)
        )
        approved = set(
            CategoryResult.objects.filter(category__edition=edition).values_list(
                "category_id", flat=True
            )
        )
        for category in edition.categories.filter(pk__in=finalist_categories - approved):
            problems.append(
                _("The results of “%(category)s” have not been approved.")
                % {"category": category.name}
            )
    return problems


def _is_arabic() -> bool:
    from craftsreg.i18n import active_language

    return active_language() == "ar"


@transaction.atomic
def edition_advance(*, edition: Edition, to: str, by) -> Edition:
    """Move ``edition`` one stage forward after checking the guards; record who and when."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not permissions.is_chair(by, edition):
        raise ValidationError(_("Only the award chair can move an edition to another stage."))
    problems = edition_advance_problems(edition, to)
    if problems:
        raise ValidationError(problems)
    now = _now()
    transition = StageTransition(
        edition=edition, from_stage=edition.stage, to_stage=to, by=by, at=now
    )
    transition.full_clean()
    transition.save()
    edition.stage = to
    if to == Stage.ANNOUNCED:
        edition.announced_at = now
    edition.full_clean()
    edition.save()
    return edition


# --- Score sheets ----------------------------------------------------------------------------


def _check_can_score(judge, nomination: Nomination, stage: str) -> None:
    edition = nomination.category.edition
    if edition.scoring_stage != stage:
        raise ValidationError(_("Scoring is closed: the edition is not in this stage."))
    if not permissions.scorable_nominations(judge, edition).filter(pk=nomination.pk).exists():
        raise ValidationError(_("You cannot score this nomination."))


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
        score.full_clean()
        score.save()
    sheet.comment = comment
    if submit:
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = _now()
    sheet.full_clean()
    sheet.save()
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
    reopening = SheetReopening(sheet=sheet, by=by, at=_now(), reason=reason)
    reopening.full_clean()
    reopening.save()
    sheet.status = SheetStatus.DRAFT
    sheet.submitted_at = None
    sheet.full_clean()
    sheet.save()
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
    conflict = ConflictOfInterest(
        judge=judge, nomination=nomination, reason=(reason or "").strip(), declared_at=_now()
    )
    conflict.full_clean()
    conflict.save()
    return conflict


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
    visit = SiteVisit(
        nomination=nomination, stage=stage, visited_on=visited_on, notes=notes, recorded_by=by
    )
    visit.full_clean()
    visit.save()
    visit.members_present.set(members)
    for image in photos:
        photo = SiteVisitPhoto(visit=visit, image=image)
        photo.full_clean()
        photo.save()
    return visit


# --- Chair decisions -------------------------------------------------------------------------


@transaction.atomic
def edition_set_aggregation(*, edition: Edition, aggregation: str, show_normalised: bool, by):
    """The chair chooses how judges' totals are combined, until the first approval."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not permissions.is_chair(by, edition):
        raise ValidationError(_("Only the award chair can change the aggregation method."))
    if edition.stage not in (Stage.FINAL, Stage.REVIEW):
        raise ValidationError(
            _("The aggregation method is chosen during the final judging or the results review.")
        )
    if CategoryResult.objects.filter(category__edition=edition).exists():
        raise ValidationError(
            _("Results have been approved with the current method; it can no longer change.")
        )
    edition.aggregation = aggregation
    edition.show_normalised = show_normalised
    edition.full_clean()
    edition.save(update_fields=["aggregation", "show_normalised"])
    return edition


def decision_against_scores(edition: Edition, recommended: bool, total: float | None) -> bool:
    """A decision goes against the scores when it contradicts the pass mark."""
    if total is None:
        return recommended
    passes = total >= edition.shortlist_pass_mark
    return passes != recommended


@transaction.atomic
def shortlist_decide(
    *, nomination: Nomination, recommended: bool, reason: str, by
) -> ShortlistDecision:
    """Record the initial-stage decision and move the nomination to finalist / not recommended.

    The nomination's initial aggregate is computed here from the counted sheets (not taken from
    the form); a decision against it (see ``decision_against_scores``) needs a reason.
    """
    from awards.results import stage_results

    nomination = (
        Nomination.objects.select_for_update()
        .select_related("category__edition")
        .get(pk=nomination.pk)
    )
    edition = nomination.category.edition
    if not permissions.is_chair(by, edition):
        raise ValidationError(_("Only the award chair can decide the shortlist."))
    if edition.stage != Stage.INITIAL:
        raise ValidationError(_("Shortlist decisions are taken during the initial evaluation."))
    if nomination.status not in (
        NominationStatus.SUBMITTED,
        NominationStatus.FINALIST,
        NominationStatus.NOT_RECOMMENDED,
    ):
        raise ValidationError(_("This nomination is not being evaluated."))
    rows = [
        row
        for result in stage_results(
            edition,
            ScoringStage.INITIAL,
            category=nomination.category,
            nominations=Nomination.objects.filter(pk=nomination.pk),
            include_names=False,
        )
        for row in result.rows
    ]
    initial_total = rows[0].aggregate if rows else None
    reason = (reason or "").strip()
    if decision_against_scores(edition, recommended, initial_total) and not reason:
        raise ValidationError(
            _("This decision goes against the initial scores (pass mark %(mark)s): give a reason.")
            % {"mark": edition.shortlist_pass_mark}
        )
    decision = ShortlistDecision.objects.filter(nomination=nomination).first() or (
        ShortlistDecision(nomination=nomination)
    )
    decision.recommended = recommended
    decision.reason = reason
    decision.initial_total = (
        Decimal(str(round(initial_total, 2))) if initial_total is not None else None
    )
    decision.decided_by = by
    decision.decided_at = _now()
    decision.full_clean()
    decision.save()
    nomination.status = (
        NominationStatus.FINALIST if recommended else NominationStatus.NOT_RECOMMENDED
    )
    nomination.full_clean()
    nomination.save()
    return decision


@transaction.atomic
def jury_assign(*, edition: Edition, pairs: set[tuple[int, int]], by) -> int:
    """Replace the edition's jury assignments with ``pairs`` of (juror id, nomination id).

    An empty set means "every juror judges every finalist" (the default).
    """
    if not permissions.is_chair(by, edition):
        raise ValidationError(_("Only the award chair can assign jurors."))
    if edition.stage not in (Stage.INITIAL, Stage.FINAL):
        raise ValidationError(_("Jurors are assigned before or during the final judging."))
    jurors = set(
        Committee.objects.filter(edition=edition, kind=CommitteeKind.JURY).values_list(
            "memberships__user_id", flat=True
        )
    )
    finalists = set(
        Nomination.objects.of_edition(edition)
        .filter(status=NominationStatus.FINALIST)
        .values_list("pk", flat=True)
    )
    for juror_id, nomination_id in pairs:
        if juror_id not in jurors or nomination_id not in finalists:
            raise ValidationError(_("Assign jury members to finalists only."))
    existing = set(
        JuryAssignment.objects.filter(nomination__category__edition=edition).values_list(
            "juror_id", "nomination_id"
        )
    )
    removed = existing - pairs
    for juror_id, nomination_id in removed:
        JuryAssignment.objects.filter(juror_id=juror_id, nomination_id=nomination_id).delete()
    JuryAssignment.objects.bulk_create(
        [JuryAssignment(juror_id=j, nomination_id=n) for j, n in sorted(pairs - existing)]
    )
    return len(pairs)


@transaction.atomic
def category_approve(*, category: Category, order: list[int], reason: str, by) -> CategoryResult:
    """Approve a category's winners: ``order`` lists the winning nominations, first place first.

    The computed ranking (awards.results) is recomputed here, not trusted from the form. An order
    that differs from it, or that settles a tie the chain could not break, needs a reason.
    """
    from awards.results import stage_results

    category = Category.objects.select_related("edition").get(pk=category.pk)
    edition = Edition.objects.select_for_update().get(pk=category.edition_id)
    if not permissions.is_chair(by, edition):
        raise ValidationError(_("Only the award chair can approve results."))
    if edition.stage != Stage.REVIEW:
        raise ValidationError(_("Results are approved during the results review."))
    (result,) = stage_results(edition, ScoringStage.FINAL, category=category)
    scored = [row.nomination.pk for row in result.rows if row.aggregate is not None]
    places = min(category.places, len(scored))
    if len(order) != places or len(set(order)) != len(order):
        raise ValidationError(
            _("Choose %(places)s different winners, one for each place.") % {"places": places}
        )
    if any(pk not in scored for pk in order):
        raise ValidationError(_("Winners are chosen among this category's scored finalists."))
    computed = scored[:places]
    overridden = order != computed or result.unresolved_ties_within(places)
    reason = (reason or "").strip()
    if overridden and not reason:
        raise ValidationError(
            _("The order differs from the computed ranking or settles a tie: give a reason.")
        )
    approval = CategoryResult.objects.filter(category=category).first() or CategoryResult(
        category=category
    )
    approval.approved_by = by
    approval.approved_at = _now()
    approval.computed_order = scored
    approval.approved_order = order
    approval.overridden = overridden
    approval.reason = reason
    approval.full_clean()
    approval.save()
    for nomination in Nomination.objects.select_for_update().filter(
        pk__in=[row.nomination.pk for row in result.rows]
    ):
        if nomination.pk in order:
            nomination.status = NominationStatus.WINNER
            nomination.rank = order.index(nomination.pk) + 1
        else:
            nomination.status = NominationStatus.NOT_PLACED
            nomination.rank = None
        nomination.full_clean()
        nomination.save()
    edition.results_approved_at = approval.approved_at
    edition.save(update_fields=["results_approved_at"])
    return approval
