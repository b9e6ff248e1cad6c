"""Reference data in the admin: governorates, wilayats, craft groups and crafts."""

from collections import Counter

from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import router
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from artisans.models import Craft, CraftGroup, Governorate, Wilayat
from artisans.permissions import governorate_scope
from craftsreg import admin as core_admin


class SuperuserOnlyChangesAdmin(core_admin.SuperuserOnlyChangesAdmin):
    """Reference data: every staff user may look it up, only superusers change it.

    Reference rows in use are protected by the database (PROTECT); instead of Django's page
    listing every one of the thousands of artisans that hold a craft, the superuser is told in
    one sentence what uses it.
    """

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would bypass the one-sentence explanation below.
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.user.is_superuser:
            usage = _protected_usage(obj)
            if usage:
                messages.error(
                    request,
                    gettext("%(object)s cannot be deleted while it is in use (%(usage)s).")
                    % {"object": obj, "usage": usage},
                )
                return redirect(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change", obj.pk
                )
        return super().delete_view(request, object_id, extra_context)


def _protected_usage(obj) -> str:
    """ "6,590 artisans, 3 wilayats" — what keeps ``obj`` from being deleted, or ""."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except ProtectedError as error:
        counts = Counter(type(o) for o in error.protected_objects)
        return ", ".join(
            f"{model._meta.verbose_name_plural}: {intcomma(n)}" for model, n in counts.items()
        )
    return ""


class WilayatInline(admin.TabularInline):
    model = Wilayat
    extra = 0
    fields = ["name_ar", "name_en", "is_seat"]


@admin.register(Governorate)
class GovernorateAdmin(SuperuserOnlyChangesAdmin):
    list_display = ["code", "name_ar", "name_en"]
    search_fields = ["code", "name_ar", "name_en"]
    inlines = [WilayatInline]


@admin.register(Wilayat)
class WilayatAdmin(SuperuserOnlyChangesAdmin):
    list_display = ["name_ar", "name_en", "governorate", "is_seat"]
    list_filter = ["governorate"]
    list_select_related = ["governorate"]
    search_fields = ["name_ar", "name_en"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Autocomplete for an artisan's wilayat offers a governorate-limited user only the
        # wilayats they may register artisans in.
        scope = governorate_scope(request.user)
        if scope is not None and request.path == reverse("admin:autocomplete"):
            queryset = queryset.filter(governorate=scope)
        return queryset, may_have_duplicates


@admin.register(CraftGroup)
class CraftGroupAdmin(SuperuserOnlyChangesAdmin):
    list_display = ["code", "name_ar", "name_en"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(Craft)
class CraftAdmin(SuperuserOnlyChangesAdmin):
    list_display = ["code", "name_ar", "name_en", "group"]
    list_filter = ["group"]
    list_select_related = ["group"]
    search_fields = ["code", "name_ar", "name_en"]
