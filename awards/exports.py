"""The rows of the award's downloads (CSV and XLSX through craftsreg.tabular): every score sheet
for the chair, and the ranking table — public once announced, the chair's before."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from awards.models import (
    ConflictOfInterest,
    Criterion,
    Edition,
    NominationStatus,
    Score,
    ScoreSheet,
)
from awards.people import display_name
from awards.results import sheet_total, stage_results


def export_rows(edition: Edition):
    """Every score sheet of the edition, one row each, for the chair's CSV/XLSX export.

    Yields a header row then data rows; criteria columns are "<category> / <criterion>".
    """
    criteria = list(
        Criterion.objects.filter(category__edition=edition)
        .select_related("category")
        .order_by("stage", "category__position", "position")
    )
    sheets = list(
        ScoreSheet.objects.filter(nomination__category__edition=edition)
        .select_related("judge__staff_profile", "nomination__artisan", "nomination__category")
        .order_by("stage", "nomination__category__position", "nomination_id", "judge__username")
    )
    values = defaultdict(dict)
    for sheet_id, criterion_id, value in Score.objects.filter(
        sheet__nomination__category__edition=edition
    ).values_list("sheet_id", "criterion_id", "value"):
        values[sheet_id][criterion_id] = value
    conflicts = set(
        ConflictOfInterest.objects.filter(nomination__category__edition=edition).values_list(
            "judge_id", "nomination_id"
        )
    )
    by_category_stage = defaultdict(list)
    for criterion in criteria:
        by_category_stage[(criterion.category_id, criterion.stage)].append(criterion)

    header = [
        "stage",
        "category",
        "nomination_id",
        "nomination",
        "artisan_registration_number",
        "artisan",
        "judge",
        "status",
        "counted",
        "submitted_at",
        "weighted_total",
    ] + [
        f"{c.get_stage_display()} / {c.category.name} / {c.name} (/{c.max_score})" for c in criteria
    ]
    yield header
    for sheet in sheets:
        nomination = sheet.nomination
        own = by_category_stage[(nomination.category_id, sheet.stage)]
        counted = sheet.is_submitted and (sheet.judge_id, nomination.pk) not in conflicts
        yield [
            sheet.get_stage_display(),
            nomination.category.name,
            nomination.pk,
            nomination.title,
            nomination.artisan.registration_number,
            nomination.artisan.name,
            display_name(sheet.judge),
            sheet.get_status_display(),
            "yes" if counted else "no",
            sheet.submitted_at.isoformat() if sheet.submitted_at else "",
            round(sheet_total(values[sheet.pk], own), 2),
        ] + [values[sheet.pk].get(c.pk, "") if c in own else "" for c in criteria]


# --- The ranking table ----------------------------------------------------------------------------
# (JSON key, CSV heading). Keys are stable English identifiers; headings follow the language.
RESULT_COLUMNS = (
    ("category", _("Category")),
    ("rank", _("Computed rank")),
    ("nomination", _("Nomination number")),
    ("title", _("Title")),
    ("artisan", _("Artisan")),
    ("governorate", _("Governorate")),
    ("sheets", _("Sheets")),
    ("aggregate", _("Aggregate")),
    ("normalised", _("Normalised")),
    ("spread", _("Spread")),
    ("place", _("Place awarded")),
    ("status", _("Status")),
)
DECIMALS = 2


@dataclass
class ResultsTable:
    """One row per nomination of a scoring stage, category by category in rank order."""

    edition: Edition
    stage: str
    columns: list[tuple[str, object]]  # (key, heading)
    rows: list[dict]  # values by key; None = no value (no counted sheet, no place)

    def csv_rows(self):
        """The header in the active language, then the rows (status as its label)."""
        keys = [key for key, _heading in self.columns]
        yield [str(heading) for _key, heading in self.columns]
        for row in self.rows:
            cells = {**row, "status": NominationStatus(row["status"]).label}
            yield ["" if cells[key] is None else cells[key] for key in keys]

    def as_json(self) -> dict:
        keys = [key for key, _heading in self.columns]
        return {
            "edition": self.edition.number,
            "year": self.edition.year,
            "stage": self.stage,
            "aggregation": self.edition.aggregation,
            "columns": keys,
            "rows": [{key: row[key] for key in keys} for row in self.rows],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def results_table(edition: Edition, stage: str, *, public: bool) -> ResultsTable:
    """The ranking of ``stage`` as a table, from ``stage_results`` (scores are never computed
    again here). ``public`` gives the transparency report's columns: the judge-severity
    normalisation is the chair's comparison (the results page shows it when the edition's
    ``show_normalised`` is on), never a column of the public report, so never of its file.
    No judge is named either way. Queries: those of ``stage_results`` without names (six)."""
    with_normalised = edition.show_normalised and not public
    columns = [(k, h) for k, h in RESULT_COLUMNS if k != "normalised" or with_normalised]
    rows = []
    for category_result in stage_results(edition, stage, include_names=False):
        for row in category_result.rows:
            nomination = row.nomination
            rows.append(
                {
                    "category": category_result.category.name,
                    "rank": row.rank,
                    "nomination": nomination.pk,
                    "title": nomination.title,
                    "artisan": nomination.artisan.name,
                    "governorate": nomination.governorate.name,
                    "sheets": row.sheet_count,
                    "aggregate": _rounded(row.aggregate),
                    "normalised": _rounded(row.normalised),
                    "spread": _rounded(row.spread),
                    "place": nomination.rank,
                    "status": nomination.status,
                }
            )
    return ResultsTable(edition=edition, stage=stage, columns=columns, rows=rows)
