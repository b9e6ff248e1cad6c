"""Governorate committees qualify their finalists: a recommendation per nomination, then a
signed-off list with minutes. The award chair confirms the finalists from the signed lists."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import permissions
from awards.models import (
    Committee,
    CommitteeKind,
    CommitteeRecommendation,
    CommitteeSignOff,
    Nomination,
    NominationStatus,
    ScoringStage,
    Stage,
)
from awards.services.base import _create, _now, _save


def initial_total(nomination: Nomination) -> float | None:
    """The nomination's initial aggregate from its counted sheets (None when unscored)."""
    from awards.results import stage_results

    (result,) = stage_results(
        nomination.category.edition,
        ScoringStage.INITIAL,
        category=nomination.category,
        nominations=Nomination.objects.filter(pk=nomination.pk),
        include_names=False,
    )
    return result.rows[0].aggregate if result.rows else None


def decision_against_scores(edition, recommended: bool, total: float | None) -> bool:
    """A decision goes against the scores when it contradicts the pass mark."""
    if total is None:
        return recommended
    passes = total >= edition.shortlist_pass_mark
    return passes != recommended


def _as_decimal(total: float | None) -> Decimal | None:
    return Decimal(str(round(total, 2))) if total is not None else None


def _open_committee(committee: Committee, by) -> Committee:
    committee = (
        Committee.objects.select_for_update(of=("self",))
        .select_related("edition", "governorate")
        .get(pk=committee.pk)
    )
    if committee.kind != CommitteeKind.INITIAL or not permissions.is_committee_member(
        by, committee
    ):
        raise ValidationError(_("Only the members of this committee can record its list."))
    if committee.edition.stage != Stage.INITIAL:
        raise ValidationError(_("Committees record their lists during the initial evaluation."))
    if CommitteeSignOff.objects.filter(committee=committee).exists():
        raise ValidationError(_("The committee has signed off its list; it can no longer change."))
    return committee


@transaction.atomic
def committee_recommend(
    *, committee: Committee, nomination: Nomination, qualify: bool, reason: str, by
) -> CommitteeRecommendation:
    """Record the committee's recommendation on one of its governorate's nominations.

    A recommendation against the committee's own scores (the edition's pass mark) needs a
    reason: the chair and the transparency report see it.
    """
    committee = _open_committee(committee, by)
    nomination = Nomination.objects.select_related("category__edition").get(pk=nomination.pk)
    if (
        nomination.category.edition_id != committee.edition_id
        or nomination.governorate_id != committee.governorate_id
        or nomination.status == NominationStatus.WITHDRAWN
    ):
        raise ValidationError(_("This nomination is not on the committee's list."))
    total = initial_total(nomination)
    reason = (reason or "").strip()
    if decision_against_scores(committee.edition, qualify, total) and not reason:
        raise ValidationError(
            _(
                "This recommendation departs from the committee's scores (pass mark %(mark)s): "
                "give a reason."
            )
            % {"mark": committee.edition.shortlist_pass_mark}
        )
    recommendation = CommitteeRecommendation.objects.filter(nomination=nomination).first() or (
        CommitteeRecommendation(nomination=nomination, committee=committee)
    )
    recommendation.qualify = qualify
    recommendation.reason = reason
    recommendation.initial_total = _as_decimal(total)
    recommendation.recorded_by = by
    recommendation.recorded_at = _now()
    _save(recommendation)
    return recommendation


@transaction.atomic
def committee_sign_off(
    *, committee: Committee, by, met_on, members, minutes: str
) -> CommitteeSignOff:
    """Close the committee's list with its minutes: every nomination has a recommendation, the
    qualified works respect the edition's quota per category, the members present are members."""
    committee = _open_committee(committee, by)
    edition = committee.edition
    nominations = list(
        Nomination.objects.of_edition(edition)
        .filter(governorate=committee.governorate)
        .exclude(status=NominationStatus.WITHDRAWN)
        .select_related("category")
    )
    recommendations = {
        r.nomination_id: r
        for r in CommitteeRecommendation.objects.filter(nomination__in=nominations)
    }
    errors = []
    missing = [n for n in nominations if n.pk not in recommendations]
    if missing:
        errors.append(
            _("%(count)s nomination(s) have no recommendation yet.") % {"count": len(missing)}
        )
    if edition.finalist_quota:
        qualified = Counter(
            n.category for n in nominations if getattr(recommendations.get(n.pk), "qualify", False)
        )
        for category, count in qualified.items():
            if count > edition.finalist_quota:
                errors.append(
                    _(
                        "%(count)s works qualified in “%(category)s”: the edition allows "
                        "%(quota)s per governorate."
                    )
                    % {"count": count, "category": category.name, "quota": edition.finalist_quota}
                )
    member_ids = set(committee.memberships.values_list("user_id", flat=True))
    members = list(members)
    if not members:
        errors.append(_("Tick the members present at the meeting."))
    elif any(m.pk not in member_ids for m in members):
        errors.append(_("Only the committee's members can be listed as present."))
    if met_on > timezone.localdate():
        errors.append(_("The date of the meeting cannot be in the future."))
    minutes = (minutes or "").strip()
    if not minutes:
        errors.append(_("Write the minutes of the meeting."))
    if errors:
        raise ValidationError(errors)
    sign_off = _create(
        CommitteeSignOff,
        committee=committee,
        met_on=met_on,
        minutes=minutes,
        signed_by=by,
        signed_at=_now(),
    )
    sign_off.members_present.set(members)
    return sign_off


@transaction.atomic
def finalists_confirm(*, committee: Committee, by) -> int:
    """The chair confirms a signed-off committee's list: each nomination still awaiting its
    decision follows the committee's recommendation. Returns how many were decided."""
    from awards.services.decisions import shortlist_decide

    if not CommitteeSignOff.objects.filter(committee=committee).exists():
        raise ValidationError(_("The committee has not signed off its list yet."))
    done = 0
    for recommendation in CommitteeRecommendation.objects.filter(
        committee=committee, nomination__status=NominationStatus.SUBMITTED
    ).select_related("nomination"):
        shortlist_decide(
            nomination=recommendation.nomination,
            recommended=recommendation.qualify,
            reason=recommendation.reason,
            by=by,
        )
        done += 1
    return done
