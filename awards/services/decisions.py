"""The chair's decisions: aggregation, shortlist, jury assignments, approval."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards import permissions
from awards.models import (
    Category,
    CategoryResult,
    Committee,
    CommitteeKind,
    CommitteeRecommendation,
    CommitteeSignOff,
    ConflictOfInterest,
    Edition,
    JuryAssignment,
    Nomination,
    NominationStatus,
    ResultAssent,
    ResultCorrection,
    ScoringStage,
    ShortlistDecision,
    Stage,
)
from awards.people import display_name
from awards.services.base import _create, _now, _save
from awards.services.committees import decision_against_scores, initial_total

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
    _save(edition, update_fields=["aggregation", "show_normalised"])
    return edition


@transaction.atomic
def shortlist_decide(
    *, nomination: Nomination, recommended: bool, reason: str, by
) -> ShortlistDecision:
    """Confirm (or overrule) the governorate committee's recommendation on a nomination: it
    becomes a finalist or is not recommended.

    The committee must have signed off its list. A decision that departs from the committee's
    recommendation, or from the initial scores (computed here, not taken from the form), needs
    a reason.
    """
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("category__edition", "governorate")
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
    if not CommitteeSignOff.objects.filter(
        committee__edition=edition,
        committee__kind=CommitteeKind.INITIAL,
        committee__governorate=nomination.governorate_id,
    ).exists():
        raise ValidationError(
            _(
                "The %(governorate)s committee has not signed off its recommendations yet: the "
                "finalists are confirmed from its list."
            )
            % {"governorate": nomination.governorate.name}
        )
    recommendation = CommitteeRecommendation.objects.filter(nomination=nomination).first()
    total = initial_total(nomination)
    reason = (reason or "").strip()
    if recommendation is not None and recommendation.qualify != recommended and not reason:
        raise ValidationError(
            _("This decision departs from the committee's recommendation: give a reason.")
        )
    if decision_against_scores(edition, recommended, total) and not reason:
        raise ValidationError(
            _("This decision goes against the initial scores (pass mark %(mark)s): give a reason.")
            % {"mark": edition.shortlist_pass_mark}
        )
    decision = ShortlistDecision.objects.filter(nomination=nomination).first() or (
        ShortlistDecision(nomination=nomination)
    )
    decision.recommended = recommended
    decision.reason = reason
    decision.initial_total = Decimal(str(round(total, 2))) if total is not None else None
    decision.decided_by = by
    decision.decided_at = _now()
    _save(decision)
    nomination.status = (
        NominationStatus.FINALIST if recommended else NominationStatus.NOT_RECOMMENDED
    )
    _save(nomination)
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
    # A juror who declared a conflict cannot score the finalist: an assignment would leave it
    # one sheet short while the matrix shows it covered.
    if conflicted := sorted(pairs & ConflictOfInterest.objects.of_edition(edition).pairs()):
        juror_id, nomination_id = conflicted[0]
        raise ValidationError(
            _(
                "%(juror)s declared a conflict of interest with “%(title)s” and cannot be assigned "
                "to it."
            )
            % {
                "juror": display_name(
                    get_user_model().objects.select_related("staff_profile").get(pk=juror_id)
                ),
                "title": Nomination.objects.get(pk=nomination_id).title,
            }
        )
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
    if CategoryResult.objects.filter(category=category).exists():
        raise ValidationError(
            _(
                "These results are approved and can no longer change. A superuser can record an "
                "audited correction with a reason."
            )
        )
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
    # The nominations first: once the approval exists they are locked (Nomination.clean).
    for nomination in Nomination.objects.select_for_update().filter(
        pk__in=[row.nomination.pk for row in result.rows]
    ):
        if nomination.pk in order:
            nomination.status = NominationStatus.WINNER
            nomination.rank = order.index(nomination.pk) + 1
        else:
            nomination.status = NominationStatus.NOT_PLACED
            nomination.rank = None
        _save(nomination)
    approval = _create(
        CategoryResult,
        category=category,
        approved_by=by,
        approved_at=_now(),
        computed_order=scored,
        approved_order=order,
        overridden=overridden,
        reason=reason,
    )
    edition.results_approved_at = approval.approved_at
    edition.save(update_fields=["results_approved_at"])
    return approval


@transaction.atomic
def result_assent(*, edition: Edition, by) -> ResultAssent:
    """A main committee member assents to the edition's approved results."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not permissions.is_main_member(by, edition):
        raise ValidationError(_("Only the members of the main committee assent to the results."))
    if edition.stage != Stage.REVIEW:
        raise ValidationError(_("The results are assented to during the results review."))
    finalist_categories = set(
        Nomination.objects.finalists(edition).values_list("category_id", flat=True)
    )
    approved = set(
        CategoryResult.objects.filter(category__edition=edition).values_list(
            "category_id", flat=True
        )
    )
    if not finalist_categories or finalist_categories - approved:
        raise ValidationError(_("The chair has not approved the results of every category yet."))
    if ResultAssent.objects.filter(edition=edition, member=by).exists():
        raise ValidationError(_("You have already assented to these results."))
    return _create(ResultAssent, edition=edition, member=by, at=_now())


def _describe(value) -> str:
    if value is None:
        return "—"
    registration = getattr(value, "registration_number", "")
    name = getattr(value, "name", None)
    if name is not None:
        return f"{name} ({registration})" if registration else str(name)
    return str(value)


@transaction.atomic
def result_correct(*, nomination: Nomination, by, reason: str, **changes) -> ResultCorrection:
    """A superuser corrects an approved result's nomination (``artisan``, ``craft``,
    ``title_ar``, ``title_en``): the change and its reason are recorded and published on the
    transparency report. The only way to change anything that made an approved result."""
    allowed = {"artisan", "craft", "title_ar", "title_en"}
    if set(changes) - allowed:
        raise ValidationError(_("Only the artisan, the craft and the title can be corrected."))
    if not permissions.is_superuser(by):
        raise ValidationError(_("Only a superuser can correct an approved result."))
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("category__edition", "artisan", "craft")
        .get(pk=nomination.pk)
    )
    if not CategoryResult.objects.filter(category=nomination.category_id).exists():
        raise ValidationError(
            _("The results of this category are not approved: edit the nomination instead.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the correction."))
    recorded = []
    for field, value in changes.items():
        before = getattr(nomination, field)
        if before == value:
            continue
        recorded.append(
            {
                "field": str(Nomination._meta.get_field(field).verbose_name),
                "before": _describe(before),
                "after": _describe(value),
            }
        )
        setattr(nomination, field, value)
    if not recorded:
        raise ValidationError(_("Nothing differs from the approved result: nothing to correct."))
    if "artisan" in changes:
        # The governorate follows the artisan (Nomination.clean); keep it in the record.
        nomination.governorate_id = nomination.artisan.governorate_id
    nomination._audited_correction = True
    nomination._change_reason = reason  # django-simple-history keeps it with the version
    _save(nomination)
    return _create(
        ResultCorrection,
        category=nomination.category,
        nomination=nomination,
        by=by,
        at=_now(),
        reason=reason,
        changes=recorded,
    )
