"""The public catalogue's search and filters (django-filter), with live counts per option."""

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from craftsreg.text import normalize_name, normalize_search
from designs.models import Design, LocarnoClass, Material, ProductKind


class YearFilter(django_filters.NumberFilter):
    # A whole year, not the DecimalField NumberFilter uses ("2017.5" or "1e9" must be refused).
    field_class = forms.IntegerField


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        max_length=100,
        help_text=_(
            "Words from the title or description, a product kind, a material or the name of "
            "the artisan who created it, in Arabic or English, or a number."
        ),
    )
    kind = django_filters.ModelChoiceFilter(
        field_name="product_kind",
        to_field_name="code",
        queryset=ProductKind.objects.all(),
        label=_("Product kind"),
    )
    material = django_filters.ModelChoiceFilter(
        field_name="materials",
        to_field_name="code",
        queryset=Material.objects.all(),
        label=_("Material"),
    )
    locarno = django_filters.ModelChoiceFilter(
        field_name="locarno_class",
        to_field_name="number",
        queryset=LocarnoClass.objects.all(),
        label=_("Design class (Locarno)"),
    )
    year = YearFilter(
        field_name="year_created", label=_("Year created"), min_value=1900, max_value=2100
    )

    class Meta:
        model = Design
        fields = ["q", "kind", "material", "locarno", "year"]

    def search(self, queryset, name, value):
        """Every word must appear in a title, a description (either language), the number, the
        name of the design's product kind or of one of its materials (either language), or the
        name of the artisan who created it.

        Words are matched on normalised text (craftsreg.text), so أسورة finds اسوره and أحزمة
        finds the kind أحزمة الخناجر.
        """
        words = normalize_search(value).split()[:10]
        if not words:
            return queryset
        # Twelve kinds and twelve materials: their names are matched here, read once per
        # request (the facet counts apply this search again for every facet).
        if not hasattr(self, "_names"):
            self._names = (_normalised_names(ProductKind), _normalised_names(Material))
        kinds, materials = self._names
        through = Design.materials.through.objects
        for word in words:
            kind_pks = [pk for pk, text in kinds if word in text]
            material_pks = [pk for pk, text in materials if word in text]
            # The creating artisan's name is public (Design.creator_public_name); a holder's
            # is not unless they also created it, so holders are not searched.
            # Names are folded as names (the article goes: الحارثي finds حارثي).
            condition = Q(search_text__contains=word) | Q(
                creator_kind=Design.Party.ARTISAN,
                creator_artisan__search_key__contains=normalize_name(word) or word,
            )
            if kind_pks:
                condition |= Q(product_kind__in=kind_pks)
            if material_pks:
                # A subquery, not a join: a design of two matching materials is listed once.
                condition |= Q(pk__in=through.filter(material__in=material_pks).values("design_id"))
            queryset = queryset.filter(condition)
        return queryset


def _normalised_names(model) -> list[tuple[int, str]]:
    return [
        (pk, normalize_search(f"{name_ar} {name_en}"))
        for pk, name_ar, name_en in model.objects.values_list("pk", "name_ar", "name_en")
    ]


# Facet name → (the grouping column, whether the relation can repeat a design).
FACETS = {
    "kind": ("product_kind__code", False),
    "material": ("materials__code", True),
    "locarno": ("locarno_class__number", False),
    "year": ("year_created", False),
}


def facet_counts(filterset: CatalogueFilter, base_queryset) -> dict[str, dict]:
    """For each filter, how many designs each option would give with the *other* filters kept.

    One grouped query per facet, whatever the number of designs, options or filters chosen: the
    values come from the filterset's own validated form, so nothing is looked up twice.
    """
    if filterset.is_bound and not filterset.is_valid():
        return {name: {} for name in FACETS}
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    chosen = {name: value for name, value in cleaned.items() if value not in (None, "")}
    counts = {}
    for facet, (column, repeats) in FACETS.items():
        queryset = base_queryset
        for name, value in chosen.items():
            if name != facet:
                queryset = filterset.filters[name].filter(queryset, value)
        rows = (
            queryset.order_by()
            .values(column)
            .annotate(n=Count("pk", distinct=repeats))
            .values_list(column, "n")
        )
        counts[facet] = {key: n for key, n in rows if key is not None}
    return counts


def facet_options(filterset: CatalogueFilter, counts: dict[str, dict]) -> list[dict]:
    """The filter choices to show: options that give results, plus the one selected."""
    form = filterset.form
    cleaned = form.cleaned_data if form.is_valid() else {}

    def selected_key(name, attribute):
        value = cleaned.get(name)
        if value is None:
            return None
        return getattr(value, attribute) if attribute else value

    facets = []
    references = [
        ("kind", _("Product kind"), ProductKind.objects.order_by_name(), "code"),
        ("material", _("Material"), Material.objects.order_by_name(), "code"),
        ("locarno", _("Design class (Locarno)"), LocarnoClass.objects.all(), "number"),
    ]
    for name, label, queryset, attribute in references:
        selected = selected_key(name, attribute)
        options = []
        for item in queryset:
            key = getattr(item, attribute)
            n = counts[name].get(key, 0)
            if n or key == selected:
                options.append(
                    {"value": key, "label": str(item), "count": n, "selected": key == selected}
                )
        facets.append({"name": name, "label": label, "options": options})
    selected_year = selected_key("year", None)
    years = sorted(set(counts["year"]) | ({selected_year} if selected_year else set()))
    facets.append(
        {
            "name": "year",
            "label": _("Year created"),
            "options": [
                {
                    "value": year,
                    "label": str(year),
                    "count": counts["year"].get(year, 0),
                    "selected": year == selected_year,
                }
                for year in reversed(years)
            ],
        }
    )
    return facets
