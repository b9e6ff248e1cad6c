"""Setting up an edition and moving it between stages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards import permissions
from awards.models import (
    Category,
    CategoryResult,
    Committee,
    CommitteeKind,
    CommitteeMembership,
    Criterion,
    Edition,
    Nomination,
    NominationStatus,
    ResultAssent,
    ScoreSheet,
    ScoringStage,
    Stage,
    StageTransition,
)
from awards.services.base import _create, _is_arabic, _now, _save
from craftsreg.reference_data import bilingual, read_rows

DEFAULT_CATEGORIES = [
    (Category.PRODUCT, "المنتج الحرفي", "Craft product"),
    (Category.PROJECT, "المشروع الحرفي", "Craft project"),
]
# The source's criteria (docs/sources.md §2), one row each: category code, scoring stage, Arabic,
# English, maximum score, weight, in their order within the category and stage. Maxima and
# weights are our defaults; staff may change them in the admin until the stage opens. A craft
# project is a workshop or enterprise, not one piece: it is judged on what it does for the
# craft — people employed and trained, Omani materials, how it is run — beside the quality of
# what it makes (issue 19). Its facts (workforce, trainees, share of Omani materials) are
# recorded on the nomination.
CRITERIA_CSV = Path(__file__).resolve().parent.parent / "data" / "criteria.csv"


@transaction.atomic
def edition_setup_defaults(*, edition: Edition) -> None:
    """Give a new edition the two categories and the source's criteria (idempotent)."""
    criteria = list(read_rows(CRITERIA_CSV))
    for position, (code, name_ar, name_en) in enumerate(DEFAULT_CATEGORIES):
        category, _created = Category.objects.get_or_create(
            edition=edition,
            code=code,
            defaults={"name_ar": name_ar, "name_en": name_en, "position": position},
        )
        if category.criteria.exists():
            continue
        positions = Counter()
        for row in criteria:
            if row["category"] != code:
                continue
            positions[row["stage"]] += 1
            Criterion.objects.create(
                category=category,
                stage=row["stage"],
                position=positions[row["stage"]],
                **bilingual(row),
                max_score=int(row["max_score"]),
                weight=int(row["weight"]),
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
        for committee in _unsigned_committees(edition):
            problems.append(
                _("The %(governorate)s committee has not signed off its recommendations.")
                % {"governorate": committee.governorate.name}
            )
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
        needed, given = assent_count(edition)
        if given < needed:
            problems.append(
                _(
                    "%(given)s of the %(needed)s main committee assents needed before the "
                    "announcement have been given."
                )
                % {"given": given, "needed": needed}
            )
    return problems


def _unsigned_committees(edition: Edition):
    """Initial committees with nominations to judge that have not signed off their list."""
    governorates = (
        Nomination.objects.of_edition(edition)
        .exclude(status=NominationStatus.WITHDRAWN)
        .values("governorate_id")
    )
    return (
        Committee.objects.filter(
            edition=edition, kind=CommitteeKind.INITIAL, governorate__in=governorates
        )
        .filter(sign_off__isnull=True)
        .select_related("governorate")
        .order_by("governorate__code")
    )


def assent_count(edition: Edition) -> tuple[int, int]:
    """(assents needed, assents given) of the main committee's members besides the chair."""
    members = set(
        CommitteeMembership.objects.filter(
            committee__edition=edition, committee__kind=CommitteeKind.MAIN, is_chair=False
        ).values_list("user_id", flat=True)
    )
    needed = min(edition.assent_quorum or len(members), len(members))
    given = ResultAssent.objects.filter(edition=edition, member_id__in=members).count()
    return needed, given


def edition_advance_incomplete(edition: Edition, board=None) -> list[str]:
    """What is still incomplete in the stage the edition would leave, for the chair to read
    before confirming a move: per judge the sheets not submitted, per nomination fewer counted
    sheets than the edition's minimum."""
    from awards import reports
    from awards.people import display_name

    if edition.scoring_stage is None:
        return []
    board = board or reports.dashboard(edition)
    minimum = edition.minimum_sheets_for(edition.scoring_stage)
    items = []
    for judge in board.judges:
        if judge.submitted >= judge.assigned:
            continue
        name = display_name(judge.user)
        if judge.governorate is not None:
            name = f"{name} ({judge.governorate.name})"
        items.append(
            _(
                "%(name)s: %(submitted)s of %(assigned)s sheets submitted, %(drafts)s draft(s) "
                "open, %(not_started)s not started."
            )
            % {
                "name": name,
                "submitted": judge.submitted,
                "assigned": judge.assigned,
                "drafts": judge.drafts,
                "not_started": judge.not_started,
            }
        )
    for _category, rows in board.categories:
        for row in rows:
            if row.result.sheet_count < minimum:
                items.append(
                    _(
                        "“%(title)s”: %(count)s counted sheet(s), fewer than the minimum of "
                        "%(minimum)s."
                    )
                    % {
                        "title": row.result.nomination.title,
                        "count": row.result.sheet_count,
                        "minimum": minimum,
                    }
                )
    return items


def _move(edition: Edition, to: str, *, by, at, **details) -> None:
    """Record the move of ``edition`` from its stage to ``to`` (who, when, and ``details``:
    what was incomplete, or that it went back and why), then set its stage; the caller saves
    the edition. Every move, forward or back, leaves this one trace."""
    _create(
        StageTransition,
        edition=edition,
        from_stage=edition.stage,
        to_stage=to,
        by=by,
        at=at,
        **details,
    )
    edition.stage = to


@transaction.atomic
def edition_advance(*, edition: Edition, to: str, by, confirmed: bool = False) -> Edition:
    """Move ``edition`` one stage forward after checking the guards; record who and when.

    The chair confirms every move explicitly (``confirmed``) after reading what is still
    incomplete (``edition_advance_incomplete``); the list is kept with the move.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not permissions.is_chair(by, edition):
        raise ValidationError(_("Only the award chair can move an edition to another stage."))
    problems = edition_advance_problems(edition, to)
    if problems:
        raise ValidationError(problems)
    if not confirmed:
        raise ValidationError(
            _(
                "Nothing was changed: confirm the move after reading what is still incomplete "
                "(tick the confirmation box)."
            )
        )
    now = _now()
    _move(edition, to, by=by, at=now, incomplete=edition_advance_incomplete(edition))
    if to == Stage.ANNOUNCED:
        edition.announced_at = now
    _save(edition)
    return edition


@transaction.atomic
def edition_step_back(*, edition: Edition, by, reason: str) -> Edition:
    """A superuser moves ``edition`` one stage back, with a recorded reason.

    Nothing is deleted: drafts, submitted sheets, decisions and visits stay as they are, so the
    stage can simply be moved forward again. Approved results are never reopened this way (they
    are corrected with ``result_correct``).
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not permissions.is_superuser(by):
        raise ValidationError(_("Only a superuser can move an edition back."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for moving the edition back."))
    previous = edition.previous_stage
    if previous is None:
        raise ValidationError(_("The edition is in its first stage."))
    if edition.is_announced or edition.has_approved_results:
        raise ValidationError(
            _(
                "Results have been approved: they are not reopened by moving the edition back "
                "but corrected with an audited correction."
            )
        )
    _move(edition, previous, by=by, at=_now(), backwards=True, reason=reason)
    _save(edition, update_fields=["stage"])
    return edition
