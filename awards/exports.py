"""The rows of the chair's downloads (CSV and XLSX through craftsreg.tabular)."""

from collections import defaultdict

from awards.models import ConflictOfInterest, Criterion, Edition, Score, ScoreSheet
from awards.people import display_name
from awards.results import sheet_total


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
