"""Combining judges' score sheets into a ranking (read-only; no writes here).

- Weighted total of one sheet = Σ(score / max × weight) / Σ weight × 100, so every sheet is out
  of 100 whatever the criteria's maxima.
- A nomination's aggregate combines the totals of its *counted* sheets (submitted, and not by a
  judge who declared a conflict with it) by the edition's method: mean, median, or trimmed mean
  (highest and lowest dropped; only with 5 or more sheets, otherwise the mean).
- Judge-severity normalisation (shown side by side, never replacing the ranking): each judge's
  totals become z-scores over that judge's own sheets in the stage, rescaled to the mean and
  standard deviation of all sheets, clipped to 0–100. A judge with fewer than
  ``NORMALISE_MIN_SHEETS`` sheets, or who gave every sheet the same total, keeps raw totals.
- Ranking within a category (never across): higher aggregate, then the higher mean score on
  each criterion in form order (the first is quality), then the smaller spread (highest total
  minus lowest), then the chair's recorded decision — nominations still equal after the chain
  are marked ``tied`` and the chair's approval of their order needs a reason.

Everything is computed from a fixed number of queries whatever the number of nominations and
judges (see ``stage_results``).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model

from awards.models import (
    Aggregation,
    Category,
    ConflictOfInterest,
    Criterion,
    Edition,
    Nomination,
    NominationStatus,
    Score,
    ScoreSheet,
    ScoringStage,
)
from awards.people import display_name

TRIM_MIN_SHEETS = 5
NORMALISE_MIN_SHEETS = 3
# Aggregates are compared after rounding so float noise never decides a rank.
PRECISION = 6


def sheet_total(values: dict[int, Decimal | float | None], criteria: list[Criterion]) -> float:
    """Weighted total out of 100; a missing score counts as 0 (drafts only)."""
    weight_sum = sum(c.weight for c in criteria)
    if not weight_sum:
        return 0.0
    total = 0.0
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is None:
            continue
        total += float(value) / criterion.max_score * criterion.weight
    return total / weight_sum * 100


def combine(totals: list[float], method: str) -> float | None:
    if not totals:
        return None
    if method == Aggregation.MEDIAN:
        return statistics.median(totals)
    if method == Aggregation.TRIMMED and len(totals) >= TRIM_MIN_SHEETS:
        trimmed = sorted(totals)[1:-1]
        return statistics.fmean(trimmed)
    return statistics.fmean(totals)


@dataclass
class SheetRow:
    sheet_id: int
    judge_id: int
    judge_name: str
    nomination_id: int
    values: dict[int, Decimal]
    total: float
    submitted_at: object
    normalised: float | None = None


@dataclass
class NominationResult:
    nomination: Nomination
    sheets: list[SheetRow] = field(default_factory=list)
    aggregate: float | None = None
    normalised: float | None = None
    spread: float | None = None
    flagged: bool = False
    criterion_means: list[float | None] = field(default_factory=list)
    conflicts: int = 0
    rank: int | None = None
    normalised_rank: int | None = None
    tied: bool = False  # equal to a neighbour after the whole tie-break chain

    @property
    def sheet_count(self) -> int:
        return len(self.sheets)

    def sort_key(self):
        aggregate = round(self.aggregate, PRECISION) if self.aggregate is not None else -1
        means = [round(m, PRECISION) if m is not None else -1 for m in self.criterion_means]
        spread = round(self.spread, PRECISION) if self.spread is not None else 0
        return (-aggregate, *(-m for m in means), spread)


@dataclass
class CategoryResults:
    category: Category
    criteria: list[Criterion]
    rows: list[NominationResult]

    @property
    def computed_order(self) -> list[int]:
        return [row.nomination.pk for row in self.rows]

    def unresolved_ties_within(self, places: int) -> bool:
        """Whether the chain left a tie that decides a place or the order of the places."""
        return any(row.tied for row in self.rows[:places])


def _rank(rows: list[NominationResult]) -> None:
    rows.sort(key=lambda r: (r.sort_key(), r.nomination.pk))
    previous = None
    for position, row in enumerate(rows, start=1):
        row.rank = position
        key = row.sort_key()
        if previous is not None and key == previous.sort_key() and row.aggregate is not None:
            row.tied = previous.tied = True
        previous = row


def _normalise(sheets: list[SheetRow]) -> None:
    all_totals = [s.total for s in sheets]
    if len(all_totals) < 2:
        for s in sheets:
            s.normalised = s.total
        return
    global_mean = statistics.fmean(all_totals)
    global_sd = statistics.pstdev(all_totals)
    by_judge: dict[int, list[SheetRow]] = defaultdict(list)
    for s in sheets:
        by_judge[s.judge_id].append(s)
    for judge_sheets in by_judge.values():
        totals = [s.total for s in judge_sheets]
        sd = statistics.pstdev(totals) if len(totals) > 1 else 0.0
        if len(totals) < NORMALISE_MIN_SHEETS or sd == 0:
            for s in judge_sheets:
                s.normalised = s.total
            continue
        mean = statistics.fmean(totals)
        for s in judge_sheets:
            z = (s.total - mean) / sd
            s.normalised = min(100.0, max(0.0, global_mean + z * global_sd))


def stage_results(
    edition: Edition,
    stage: str,
    *,
    category: Category | None = None,
    nominations=None,
    include_names: bool = True,
) -> list[CategoryResults]:
    """Per category, the ranked nominations of ``stage`` with their aggregates.

    ``category`` limits the result to that one category (a list of one). ``nominations``
    defaults to the stage's field: every nomination that was evaluated in the initial stage (not
    withdrawn), or the finalists in the final stage.
    Queries: categories, criteria, nominations, sheets, judges' names, scores, conflicts —
    seven, always (six without names).
    """
    categories = Category.objects.filter(edition=edition)
    criteria = Criterion.objects.filter(category__edition=edition, stage=stage)
    if category is not None:
        categories = categories.filter(pk=category.pk)
        criteria = criteria.filter(category=category)
    categories = list(categories.order_by("position", "pk"))
    criteria_by_category: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in criteria.order_by("position", "pk"):
        criteria_by_category[criterion.category_id].append(criterion)

    if nominations is None:
        nominations = Nomination.objects.of_edition(edition)
        if stage == ScoringStage.FINAL:
            nominations = Nomination.objects.finalists(edition)
        else:
            nominations = nominations.exclude(status=NominationStatus.WITHDRAWN)
    if category is not None:
        nominations = nominations.filter(category=category)
    nominations = list(nominations.with_registry().order_by("pk"))

    # Plain tuples, not model instances: at 200 finalists × 15 judges this is 3,000 rows.
    counted = ScoreSheet.objects.counted(edition, stage)
    sheets = list(
        counted.order_by("pk").values_list("pk", "judge_id", "nomination_id", "submitted_at")
    )
    judge_names: dict[int, str] = {}
    if include_names:
        users = get_user_model().objects.filter(pk__in={s[1] for s in sheets})
        for user in users.select_related("staff_profile"):
            judge_names[user.pk] = display_name(user)
    values: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for sheet_id, criterion_id, value in Score.objects.filter(
        sheet__in=counted.values("pk")
    ).values_list("sheet_id", "criterion_id", "value"):
        values[sheet_id][criterion_id] = value
    conflict_counts: dict[int, int] = defaultdict(int)
    for nomination_id in ConflictOfInterest.objects.filter(
        nomination__category__edition=edition
    ).values_list("nomination_id", flat=True):
        conflict_counts[nomination_id] += 1

    category_of = {n.pk: n.category_id for n in nominations}
    rows_by_nomination = {n.pk: NominationResult(nomination=n) for n in nominations}
    sheet_rows: list[SheetRow] = []
    for sheet_id, judge_id, nomination_id, submitted_at in sheets:
        if nomination_id not in rows_by_nomination:
            continue
        criteria = criteria_by_category[category_of[nomination_id]]
        row = SheetRow(
            sheet_id=sheet_id,
            judge_id=judge_id,
            judge_name=judge_names.get(judge_id, ""),
            nomination_id=nomination_id,
            values=values[sheet_id],
            total=sheet_total(values[sheet_id], criteria),
            submitted_at=submitted_at,
        )
        sheet_rows.append(row)
        rows_by_nomination[nomination_id].sheets.append(row)
    _normalise(sheet_rows)

    results = []
    for category in categories:
        criteria = criteria_by_category[category.pk]
        rows = [r for r in rows_by_nomination.values() if r.nomination.category_id == category.pk]
        for row in rows:
            totals = [s.total for s in row.sheets]
            row.conflicts = conflict_counts[row.nomination.pk]
            row.aggregate = combine(totals, edition.aggregation)
            row.normalised = combine([s.normalised for s in row.sheets], edition.aggregation)
            row.spread = (max(totals) - min(totals)) if totals else None
            row.flagged = row.spread is not None and row.spread > edition.spread_flag
            row.criterion_means = [
                statistics.fmean(float(s.values[c.pk]) for s in row.sheets)
                if any(c.pk in s.values for s in row.sheets)
                and all(c.pk in s.values for s in row.sheets)
                else None
                for c in criteria
            ]
        by_normalised = sorted(
            rows,
            key=lambda r: (-(r.normalised if r.normalised is not None else -1), r.nomination.pk),
        )
        for position, row in enumerate(by_normalised, start=1):
            row.normalised_rank = position
        _rank(rows)
        results.append(CategoryResults(category=category, criteria=criteria, rows=rows))
    return results
