"""Figures about deposited designs for the public statistics section, with their bar charts."""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from craftsreg.charts import bar_chart
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


def _chart(slug: str, title: str, rows: list[tuple[str, int]], *, rtl: bool, **extra) -> dict:
    """A chart of the section: the shared bar chart plus the table beside it."""
    return {
        "slug": slug,
        "title": title,
        "rows": rows,
        "chart": bar_chart([(label, n, False) for label, n in rows], rtl=rtl),
        "total": sum(n for _, n in rows),
        **extra,
    }


def design_statistics(*, rtl: bool) -> dict:
    """The three charts of the catalogue's statistics section (three queries)."""
    per_year = deposited_per_year()
    return {
        "total": sum(n for _, n in per_year),
        "charts": [
            _chart(
                "per-year",
                _("Designs deposited per year"),
                per_year,
                rtl=rtl,
                label_heading=_("Year"),
            ),
            _chart(
                "per-kind",
                _("Deposited designs per product kind"),
                deposited_per_product_kind(),
                rtl=rtl,
                label_heading=_("Product kind"),
            ),
            _chart(
                "per-material",
                _("Deposited designs per material"),
                deposited_per_material(),
                rtl=rtl,
                label_heading=_("Material"),
                note=_("A design made of several materials is counted under each of them."),
            ),
        ],
    }
