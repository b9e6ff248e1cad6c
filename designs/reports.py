"""Figures about deposited designs for the public statistics section, with their bar charts."""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from craftsreg.i18n import active_language, localized_field
from designs.models import Design, Material, ProductKind

DEPOSITED = Q(designs__status=Design.Status.DEPOSITED)


def deposited_per_year() -> list[tuple[str, int]]:
    rows = (
        Design.objects.public()
        .annotate(year=ExtractYear("certificate_date"))
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
        .values_list("year", "n")
    )
    return [(str(year), n) for year, n in rows]


def _per_reference(model) -> list[tuple[str, int]]:
    rows = (
        model.objects.annotate(n=Count("designs", filter=DEPOSITED))
        .filter(n__gt=0)
        .order_by("-n", localized_field("name"))
        .values_list("name_ar", "name_en", "n")
    )
    english = active_language() == "en"
    return [((name_en or name_ar) if english else name_ar, n) for name_ar, name_en, n in rows]


def deposited_per_product_kind() -> list[tuple[str, int]]:
    return _per_reference(ProductKind)


def deposited_per_material() -> list[tuple[str, int]]:
    """A design of two materials counts once under each."""
    return _per_reference(Material)


# Geometry of the horizontal bar charts (SVG user units).
WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 56
ROW_HEIGHT = 30
BAR_HEIGHT = 18
PADDING = 8


def bar_chart(title: str, rows: list[tuple[str, int]], *, rtl: bool) -> dict:
    """Coordinates of a horizontal bar chart; bars grow from the reading start of the page."""
    largest = max((n for _, n in rows), default=0) or 1
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * PADDING
    bars = []
    for index, (label, n) in enumerate(rows):
        length = round(bar_space * n / largest, 1)
        y = PADDING + index * ROW_HEIGHT
        if rtl:
            label_x = WIDTH - PADDING
            bar_x = WIDTH - LABEL_WIDTH - length
            value_x = bar_x - 6
        else:
            label_x = PADDING
            bar_x = LABEL_WIDTH
            value_x = bar_x + length + 6
        bars.append(
            {
                "label": label,
                "value": n,
                "y": y,
                "text_y": y + BAR_HEIGHT - 4,
                "label_x": label_x,
                "bar_x": bar_x,
                "bar_width": max(length, 1),
                "value_x": value_x,
            }
        )
    return {
        "title": title,
        "rows": rows,
        "bars": bars,
        "width": WIDTH,
        "height": PADDING * 2 + max(len(rows), 1) * ROW_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "label_anchor": "end" if rtl else "start",
        "value_anchor": "end" if rtl else "start",
        "total": sum(n for _, n in rows),
    }


def design_statistics(*, rtl: bool) -> dict:
    """The three charts of the catalogue's statistics section (three queries)."""
    per_year = deposited_per_year()
    return {
        "total": sum(n for _, n in per_year),
        "charts": [
            dict(
                bar_chart(_("Designs deposited per year"), per_year, rtl=rtl),
                slug="per-year",
                label_heading=_("Year"),
            ),
            dict(
                bar_chart(
                    _("Deposited designs per product kind"),
                    deposited_per_product_kind(),
                    rtl=rtl,
                ),
                slug="per-kind",
                label_heading=_("Product kind"),
            ),
            dict(
                bar_chart(_("Deposited designs per material"), deposited_per_material(), rtl=rtl),
                slug="per-material",
                label_heading=_("Material"),
                note=_("A design made of several materials is counted under each of them."),
            ),
        ],
    }
