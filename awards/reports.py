"""Read-only figures for the chair's dashboard and the transparency report.

Each builder runs a fixed number of queries whatever the number of nominations and judges.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from awards.models import (
    CategoryResult,
    Committee,
    CommitteeKind,
    CommitteeMembership,
    CommitteeRecommendation,
    CommitteeSignOff,
    ConflictOfInterest,
    Criterion,
    Edition,
    JuryAssignment,
    Nomination,
    NominationStatus,
    ResultAssent,
    ResultCorrection,
    Score,
    ScoreSheet,
    ScoringStage,
    SheetStatus,
    ShortlistDecision,
    SiteVisit,
    Stage,
    StageTransition,
)
from awards.models.committee import MEMBERS_WHEN_RECORDED
from awards.results import stage_results
from craftsreg.charts import ColumnChart, column_chart


def focus_stage(edition: Edition) -> str:
    """The scoring stage the chair is looking at: the open one, or the last one."""
    if edition.stage_reached(Stage.FINAL):
        return ScoringStage.FINAL
    return ScoringStage.INITIAL


@dataclass
class JudgeProgress:
    user: object
    governorate: object = None
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0
    conflicts: int = 0

    @property
    def not_started(self) -> int:
        return max(0, self.assigned - self.submitted - self.drafts)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0


@dataclass
class NominationProgress:
    result: object  # results.NominationResult
    submitted: int = 0
    drafts: int = 0
    conflicts: int = 0
    assigned: int = 0
    decision: object = None
    against_scores: bool = False
    recommendation: object = None
    below_minimum: bool = False


@dataclass
class Dashboard:
    edition: Edition
    stage: str
    judges: list[JudgeProgress] = field(default_factory=list)
    categories: list = field(default_factory=list)  # [(CategoryResults, [NominationProgress])]
    conflicts: list = field(default_factory=list)
    assigned_mode: bool = False
    committees: list = field(default_factory=list)  # initial committees with their sign-off
    minimum_sheets: int = 1

    @property
    def flagged(self) -> int:
        return sum(1 for _c, rows in self.categories for p in rows if p.result.flagged)


def dashboard(edition: Edition) -> Dashboard:
    """Completion per judge, sheets per nomination, conflicts and spread flags."""
    from awards.services import decision_against_scores

    stage = focus_stage(edition)
    results = stage_results(edition, stage)
    nominations = [row.nomination for r in results for row in r.rows]

    kind = CommitteeKind.scoring_in(stage)
    memberships = list(
        CommitteeMembership.objects.filter(committee__edition=edition, committee__kind=kind)
        .select_related("user__staff_profile", "committee__governorate")
        .order_by("committee__governorate__code", "user__username")
    )
    sheets = list(
        ScoreSheet.objects.of_edition(edition, stage).values_list(
            "judge_id", "nomination_id", "status"
        )
    )
    conflicts = list(
        ConflictOfInterest.objects.filter(nomination__category__edition=edition)
        .select_related("judge__staff_profile", "nomination__artisan")
        .order_by("declared_at")
    )
    assignments = set()
    if stage == ScoringStage.FINAL:
        assignments = set(
            JuryAssignment.objects.filter(nomination__category__edition=edition).values_list(
                "juror_id", "nomination_id"
            )
        )
    decisions, recommendations, committees = {}, {}, []
    if stage == ScoringStage.INITIAL:
        decisions = {
            d.nomination_id: d
            for d in ShortlistDecision.objects.filter(nomination__category__edition=edition)
        }
        recommendations = {
            r.nomination_id: r
            for r in CommitteeRecommendation.objects.filter(committee__edition=edition)
        }
        committees = list(
            Committee.objects.filter(edition=edition, kind=CommitteeKind.INITIAL)
            .select_related("governorate", "sign_off")
            .order_by("governorate__code")
        )

    conflict_pairs = {(c.judge_id, c.nomination_id) for c in conflicts}
    sheet_status = {(j, n): s for j, n, s in sheets}

    def judge_nominations(membership):
        if stage == ScoringStage.INITIAL:
            return [
                n for n in nominations if n.governorate_id == membership.committee.governorate_id
            ]
        if assignments:
            return [n for n in nominations if (membership.user_id, n.pk) in assignments]
        return nominations

    progress_by_nomination = defaultdict(lambda: {"assigned": 0})
    judges = []
    for membership in memberships:
        progress = JudgeProgress(user=membership.user, governorate=membership.committee.governorate)
        for nomination in judge_nominations(membership):
            key = (membership.user_id, nomination.pk)
            if key in conflict_pairs:
                progress.conflicts += 1
                continue
            progress.assigned += 1
            progress_by_nomination[nomination.pk]["assigned"] += 1
            status = sheet_status.get(key)
            if status == SheetStatus.SUBMITTED:
                progress.submitted += 1
            elif status == SheetStatus.DRAFT:
                progress.drafts += 1
        judges.append(progress)

    # A conflicted judge's sheet is left out of the aggregate: it is not counted here either.
    per_nomination_status = Counter((n, s) for j, n, s in sheets if (j, n) not in conflict_pairs)
    per_nomination_conflicts = Counter(c.nomination_id for c in conflicts)
    categories = []
    for category_result in results:
        rows = []
        for row in category_result.rows:
            pk = row.nomination.pk
            decision = decisions.get(pk)
            rows.append(
                NominationProgress(
                    result=row,
                    submitted=per_nomination_status[(pk, SheetStatus.SUBMITTED)],
                    drafts=per_nomination_status[(pk, SheetStatus.DRAFT)],
                    conflicts=per_nomination_conflicts[pk],
                    assigned=progress_by_nomination[pk]["assigned"],
                    decision=decision,
                    against_scores=bool(decision)
                    and decision_against_scores(edition, decision.recommended, row.aggregate),
                    recommendation=recommendations.get(pk),
                    below_minimum=row.sheet_count < edition.minimum_sheets_for(stage),
                )
            )
        # Nominations short of the minimum number of sheets are listed after the complete
        # ones, not ranked among them (their aggregate rests on too few judges).
        rows.sort(key=lambda p: p.below_minimum)
        categories.append((category_result, rows))
    return Dashboard(
        edition=edition,
        stage=stage,
        judges=judges,
        categories=categories,
        conflicts=conflicts,
        assigned_mode=bool(assignments),
        committees=committees,
        minimum_sheets=edition.minimum_sheets_for(stage),
    )


# --- A committee member's or juror's own list --------------------------------------------------


# Row statuses of the judging home besides the sheet statuses.
NOT_STARTED = "not_started"
CONFLICT = "conflict"


# The judging home's order: work in progress first, then what is still to score, then what is
# done, then what the juror may not score.
STATUS_ORDER = [SheetStatus.DRAFT, NOT_STARTED, SheetStatus.SUBMITTED, CONFLICT]


def balanced_assignment(
    juror_ids: list[int],
    finalist_ids: list[int],
    *,
    per_finalist: int,
    conflicts: set[tuple[int, int]] = frozenset(),
) -> set[tuple[int, int]]:
    """(juror id, finalist id) pairs giving each finalist ``per_finalist`` jurors, or every juror
    without a declared conflict with it where fewer remain.

    Each finalist takes the least-loaded jurors so far, so without conflicts the jurors' loads
    end up within one of each other. Ties go to the juror listed first: the same inputs always
    give the same suggestion.
    """
    load = dict.fromkeys(juror_ids, 0)
    pairs = set()
    for finalist_id in finalist_ids:
        free = [j for j in juror_ids if (j, finalist_id) not in conflicts]
        for juror_id in sorted(free, key=load.__getitem__)[:per_finalist]:
            load[juror_id] += 1
            pairs.add((juror_id, finalist_id))
    return pairs


@dataclass(frozen=True)
class Due:
    """When a stage's score sheets are due, as the judging home shows it: the date, and the
    days left (negative once it has passed)."""

    deadline: datetime.date | None
    days_left: int | None

    @classmethod
    def of(cls, edition, stage) -> Due:
        return cls(edition.deadline(stage), edition.days_to_deadline(stage))

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0

    def sort_key(self) -> tuple:
        """Nearest deadline first (a passed one is nearer still); no deadline last."""
        return (self.deadline is None, self.deadline or datetime.date.max)


def judging_home(user, status: str | None = None) -> list[dict]:
    """Per edition the user scores in now: their nominations with the state of their sheet, and
    their progress (a declared conflict is neither counted nor pending).

    Rows come drafts first (see STATUS_ORDER); ``status`` keeps only the rows in that state,
    while ``counts`` always counts every state so the filter can show them.
    """
    from awards import permissions

    sections = []
    for edition in permissions.judging_editions(user):
        stage = edition.scoring_stage
        nominations = list(
            permissions.assignable_nominations(user, edition)
            .with_registry()
            .order_by("category__position", "governorate__code", "pk")
        )
        ids = [n.pk for n in nominations]
        statuses = dict(
            ScoreSheet.objects.filter(judge=user, stage=stage, nomination__in=ids).values_list(
                "nomination_id", "status"
            )
        )
        conflicts = set(
            ConflictOfInterest.objects.filter(judge=user, nomination__in=ids).values_list(
                "nomination_id", flat=True
            )
        )
        rows = [
            {
                "nomination": n,
                "status": CONFLICT if n.pk in conflicts else statuses.get(n.pk, NOT_STARTED),
            }
            for n in nominations
        ]
        rank = {state: position for position, state in enumerate(STATUS_ORDER)}
        # A stable sort keeps category and governorate order within each state.
        rows.sort(key=lambda r: rank[r["status"]])
        counts = dict.fromkeys(STATUS_ORDER, 0)
        for r in rows:
            counts[r["status"]] += 1
        counted = [r for r in rows if r["status"] != CONFLICT]
        submitted = sum(1 for r in counted if r["status"] == SheetStatus.SUBMITTED)
        sections.append(
            {
                "edition": edition,
                "stage": ScoringStage(stage),
                "deadline": edition.deadline(stage),
                "days_left": edition.days_to_deadline(stage),
                "due": Due.of(edition, stage),
                "rows": [r for r in rows if status is None or r["status"] == status],
                "counts": counts,
                "total": len(counted),
                "submitted": submitted,
                "drafts": sum(1 for r in counted if r["status"] == SheetStatus.DRAFT),
                "percent": round(100 * submitted / len(counted)) if counted else 0,
            }
        )
    # The work due soonest comes first (editions come newest first, and a stable sort keeps
    # that order between editions due the same day).
    sections.sort(key=lambda section: section["due"].sort_key())
    return sections


def member_overview(user) -> list[dict]:
    """Every committee the user sits on, newest edition first, with where its edition stands,
    what comes next, and what the user did in it (score sheets, site visits attended).

    Three queries whatever the number of editions: memberships, sheet counts, visit counts.
    """
    from django.db.models import Count

    memberships = list(
        CommitteeMembership.objects.filter(user=user)
        .select_related("committee__edition", "committee__governorate")
        .order_by("-committee__edition__number", "committee__kind")
    )
    if not memberships:
        return []
    sheets = defaultdict(Counter)
    for edition_id, status, count in (
        ScoreSheet.objects.filter(judge=user)
        .values_list("nomination__category__edition", "status")
        .annotate(count=Count("pk"))
    ):
        sheets[edition_id][status] += count
    visits = dict(
        SiteVisit.objects.filter(members_present=user)
        .values_list("nomination__category__edition")
        .annotate(count=Count("pk"))
    )
    rows = []
    for membership in memberships:
        edition = membership.committee.edition
        following = edition.next_stage
        # A deadline concerns the committee only while its own stage is open.
        scoring = (
            edition.scoring_stage
            if CommitteeKind.scoring_in(edition.scoring_stage) == membership.committee.kind
            else None
        )
        rows.append(
            {
                "membership": membership,
                "committee": membership.committee,
                "edition": edition,
                "stage": Stage(edition.stage),
                "next_stage": Stage(following) if following else None,
                "submitted": sheets[edition.pk][SheetStatus.SUBMITTED],
                "drafts": sheets[edition.pk][SheetStatus.DRAFT],
                "visits": visits.get(edition.pk, 0),
                "due": Due.of(edition, scoring) if scoring else None,
            }
        )
    # Committees with work due come first, the soonest first; the rest stay newest first.
    rows.sort(key=lambda row: row["due"].sort_key() if row["due"] else (True, datetime.date.max))
    return rows


def next_to_score(user, current):
    """The nomination the user should open after ``current``: the next one (in the judging
    home's order) still in draft or not started, or None when nothing else is waiting."""
    for section in judging_home(user):
        if section["edition"].pk != current.category.edition_id:
            continue
        waiting = [
            r["nomination"]
            for r in section["rows"]
            if r["status"] in (SheetStatus.DRAFT, NOT_STARTED) and r["nomination"].pk != current.pk
        ]
        return waiting[0] if waiting else None
    return None


# --- Transparency report -----------------------------------------------------------------------


@dataclass
class Distribution:
    criterion: Criterion
    bins: list[tuple[str, int]]
    count: int
    mean: float | None
    minimum: float | None
    maximum: float | None

    @property
    def peak(self) -> int:
        return max((n for _label, n in self.bins), default=0) or 1

    @property
    def chart(self) -> ColumnChart:
        """The histogram's coordinates (the shared column chart)."""
        return column_chart(self.bins)


def _bins(criterion: Criterion, values: list[float]) -> list[tuple[str, int]]:
    """Integer bins up to a maximum of 10; ten equal bins above that."""
    top = criterion.max_score
    if top <= 10:
        counts = Counter(min(top, math.floor(v)) for v in values)
        return [(str(v), counts[v]) for v in range(0, top + 1)]
    width = top / 10
    counts = Counter(min(9, math.floor(v / width)) for v in values)
    return [(f"{round(i * width)}–{round((i + 1) * width)}", counts[i]) for i in range(10)]


def transparency(edition: Edition, *, public: bool) -> dict:
    """Figures of the transparency report. ``public`` leaves out every judge's identity."""
    results = stage_results(edition, ScoringStage.FINAL, include_names=not public)
    criteria_ids = [c.pk for r in results for c in r.criteria]
    counted = ScoreSheet.objects.counted(edition, ScoringStage.FINAL)
    values_by_criterion = defaultdict(list)
    for criterion_id, value in Score.objects.filter(
        sheet__in=counted, criterion_id__in=criteria_ids
    ).values_list("criterion_id", "value"):
        values_by_criterion[criterion_id].append(float(value))
    categories = []
    for category_result in results:
        distributions = []
        for criterion in category_result.criteria:
            values = values_by_criterion[criterion.pk]
            distributions.append(
                Distribution(
                    criterion=criterion,
                    bins=_bins(criterion, values),
                    count=len(values),
                    mean=statistics.fmean(values) if values else None,
                    minimum=min(values) if values else None,
                    maximum=max(values) if values else None,
                )
            )
        categories.append({"result": category_result, "distributions": distributions})
    judges = (
        ScoreSheet.objects.counted(edition, ScoringStage.FINAL)
        .values("judge_id")
        .distinct()
        .count()
    )
    conflicts = Counter(
        ConflictOfInterest.objects.filter(nomination__category__edition=edition).values_list(
            "nomination__category_id", flat=True
        )
    )
    approvals = list(
        CategoryResult.objects.filter(category__edition=edition).select_related(
            "category", "approved_by__staff_profile"
        )
    )
    transitions = list(
        StageTransition.objects.filter(edition=edition)
        .select_related("by__staff_profile")
        .order_by("at", "pk")
    )
    corrections = list(
        ResultCorrection.objects.filter(category__edition=edition)
        .select_related("category", "nomination", "by__staff_profile")
        .order_by("at", "pk")
    )
    qualified = Counter(
        CommitteeRecommendation.objects.filter(
            committee__edition=edition, qualify=True
        ).values_list("committee_id", flat=True)
    )
    sign_offs = [
        {"sign_off": s, "qualified": qualified[s.committee_id]}
        for s in CommitteeSignOff.objects.filter(committee__edition=edition)
        .select_related("committee__governorate")
        .annotate(present=Count("members_present"))
        .order_by("committee__governorate__code")
    ]
    assents = list(
        ResultAssent.objects.filter(edition=edition)
        .select_related("member__staff_profile")
        .order_by("at", "pk")
    )
    initial_committees = Committee.objects.filter(
        edition=edition, kind=CommitteeKind.INITIAL
    ).count()
    reopenings = (
        ScoreSheet.objects.of_edition(edition, ScoringStage.FINAL)
        .filter(reopenings__isnull=False)
        .count()
    )
    return {
        "categories": categories,
        "judges": judges,
        "conflicts_total": sum(conflicts.values()),
        "conflicts_by_category": conflicts,
        "approvals": approvals,
        "transitions": transitions,
        "corrections": corrections,
        "sign_offs": sign_offs,
        "assents": assents,
        "initial_committees": initial_committees,
        "reopenings": reopenings,
        "nominations": Nomination.objects.of_edition(edition)
        .exclude(status=NominationStatus.WITHDRAWN)
        .count(),
        "finalists": Nomination.objects.finalists(edition).count(),
    }


@dataclass(frozen=True)
class MembershipChange:
    at: object  # datetime
    member: str
    change: str
    by: str


def membership_changes(committee: Committee) -> list[MembershipChange]:
    """Who joined ``committee``, changed chair or left, when and by whose hand: newest first.
    Two queries (the entries with their people and profiles)."""
    from awards.people import display_name

    entries = list(
        CommitteeMembership.history.filter(committee_id=committee.pk)
        .select_related("user__staff_profile", "history_user__staff_profile")
        .order_by("history_date", "history_id")
    )
    chaired = {}  # membership id: chaired before this entry
    changes = []
    for entry in entries:
        before = chaired.get(entry.id)
        if entry.history_change_reason == MEMBERS_WHEN_RECORDED:
            change = _("member when changes began to be recorded")
        elif entry.history_type == "+":
            change = _("added as chair") if entry.is_chair else _("added")
        elif entry.history_type == "-":
            change = _("removed")
        elif before is not None and before != entry.is_chair:
            change = _("now chairs the committee") if entry.is_chair else _("no longer chairs")
        else:
            change = _("changed")
        chaired[entry.id] = entry.is_chair
        changes.append(
            MembershipChange(
                at=entry.history_date,
                member=display_name(entry.user),
                change=change,
                by=display_name(entry.history_user),
            )
        )
    return changes[::-1]
