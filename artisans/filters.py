"""Filters of the public statistics pages (year, governorate, craft, gender).

The FilterSet validates the query string and filters the artisan queryset as usual; pages whose
figures come from a cached aggregate (statistics.Cube) apply the same cleaned values to it with
``filter_cube``.

Choices come from reference lists the page has already loaded (governorates and crafts are also
rows of its tables), so validating and rendering the form costs no query, and any value that is
not one of the choices — text for a year, an unknown code, a NUL byte, a 10,000-character
string — is a form error with a plain message, never a database lookup.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from artisans.statistics import end_of_year


class StatisticsFilterSet(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        method="filter_year",
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a year from the list.")},
    )
    governorate = django_filters.ChoiceFilter(
        label=_("Governorate"),
        method="filter_governorate",
        empty_label=_("All governorates"),
        error_messages={"invalid_choice": _("Choose a governorate from the list.")},
    )
    craft = django_filters.ChoiceFilter(
        label=_("Craft"),
        method="filter_craft",
        empty_label=_("All crafts"),
        error_messages={"invalid_choice": _("Choose a craft from the list.")},
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"),
        choices=Artisan.Gender.choices,
        empty_label=_("Women and men"),
        error_messages={"invalid_choice": _("Choose women, men or both.")},
    )

    class Meta:
        model = Artisan
        fields = []

    def __init__(self, data=None, queryset=None, *, governorates, crafts, years, exclude=()):
        """``governorates`` and ``crafts``: model lists in display order; ``years``: newest first.

        ``exclude`` drops filters a page fixes itself (the governorate page has no governorate
        filter).
        """
        super().__init__(data, queryset)
        self.governorates_by_code = {g.code: g for g in governorates}
        self.crafts_by_code = {c.code: c for c in crafts}
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]
        self.filters["governorate"].extra["choices"] = [(g.code, g.name) for g in governorates]
        self.filters["craft"].extra["choices"] = [(c.code, c.name) for c in crafts]
        for name in exclude:
            del self.filters[name]

    def filter_year(self, queryset, name, value):
        return queryset.registered_by(end_of_year(int(value)))

    def filter_governorate(self, queryset, name, value):
        return queryset.filter(governorate=self.governorates_by_code[value])

    def filter_craft(self, queryset, name, value):
        return queryset.filter(primary_craft=self.crafts_by_code[value])

    def filter_cube(self, cube):
        """Apply the same filters to a cached ``statistics.Cube`` as ``.qs`` applies to the
        queryset (a test holds the two in step)."""
        governorate = self.selected_governorate if "governorate" in self.filters else None
        craft = self.selected_craft if "craft" in self.filters else None
        year = self.value("year") if "year" in self.filters else None
        if governorate is not None and cube.place != "governorate_id":
            raise ValueError("A governorate filter needs a cube by governorate.")
        return cube.sliced(
            last_year=int(year) if year else None,
            gender=self.value("gender") if "gender" in self.filters else None,
            craft_id=craft.pk if craft else None,
            place_id=governorate.pk if governorate else None,
        )

    # --- What the pages need besides the filtered data ---

    def value(self, name):
        """The cleaned value of a filter (None when absent or not on this page)."""
        return self.form.cleaned_data.get(name) or None

    @property
    def selected_governorate(self):
        code = self.value("governorate")
        return self.governorates_by_code[code] if code else None

    @property
    def selected_craft(self):
        code = self.value("craft")
        return self.crafts_by_code[code] if code else None

    @property
    def selected_gender_label(self):
        value = self.value("gender")
        return Artisan.Gender(value).label if value else None

    def query_params(self, *, drop=()) -> dict[str, str]:
        """The valid, non-empty filters as URL parameters (for links that keep them)."""
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value and name not in drop
        }
