"""The artisans list's filters."""

from django.contrib import admin
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from artisans.cache import registry_version
from artisans.models import Artisan, Craft, Governorate, Wilayat
from artisans.permissions import governorate_scope

# Filter values arrive as raw query-string text; each filter accepts only digits (or a known
# choice), so odd input (letters, NUL bytes) lists nothing rather than failing.


def _as_id(value) -> int | None:
    # Longer than any 64-bit key: no such row (and no overflow in the database driver).
    if value and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


class _ForeignKeyFilter(admin.SimpleListFilter):
    """A list filter on one foreign key column (``field``), by the id in the query string; an
    id that is not a number matches no row (``_as_id``)."""

    field = ""

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(**{self.field: _as_id(self.value())})


class GovernorateFilter(_ForeignKeyFilter):
    title = _("governorate")
    parameter_name = "governorate"
    field = "governorate_id"

    def lookups(self, request, model_admin):
        scope = governorate_scope(request.user)
        if scope is not None:
            return [(str(scope.pk), scope.name)]
        return [(str(g.pk), g.name) for g in Governorate.objects.order_by_name()]


class WilayatFilter(_ForeignKeyFilter):
    title = _("wilayat")
    parameter_name = "wilayat"
    field = "wilayat_id"

    def lookups(self, request, model_admin):
        wilayats = Wilayat.objects.order_by_name()
        scope = governorate_scope(request.user)
        governorate = _as_id(request.GET.get(GovernorateFilter.parameter_name))
        if scope is not None:
            wilayats = wilayats.filter(governorate=scope)
        elif governorate is not None:
            wilayats = wilayats.filter(governorate_id=governorate)
        return [(str(w.pk), w.name) for w in wilayats]


class CraftFilter(admin.SimpleListFilter):
    """Artisans who practise a craft, as their primary craft or one of their others."""

    title = _("craft")
    parameter_name = "craft"

    def lookups(self, request, model_admin):
        return [(str(c.pk), c.name) for c in Craft.objects.order_by_name()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        craft_id = _as_id(self.value())
        # EXISTS, not a join: an artisan matching twice must still be listed once.
        other = Artisan.other_crafts.through.objects.filter(
            artisan_id=OuterRef("pk"), craft_id=craft_id
        )
        return queryset.filter(primary_craft_id=craft_id) | queryset.filter(Exists(other))


class RegistrationYearFilter(admin.SimpleListFilter):
    title = _("registration year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        # Building one probe per year costs more Python time than the database spends on the
        # rest of a 1 M-row page; the years change only with the registry, whose version (bumped
        # by every write to artisans) is in the key. Scoped registrars see their own years.
        scope = governorate_scope(request.user)
        key = f"admin:registration-years:{registry_version()}:{scope.pk if scope else 'all'}"
        years = cache.get(key)
        if years is None:
            years = model_admin.get_queryset(request).registration_years()
            cache.set(key, years, timeout=24 * 3600)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        year = _as_id(self.value())
        if year is None or not 1900 <= year <= 9999:
            return queryset.none()
        return queryset.filter(registered_on__year=year)
