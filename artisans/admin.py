from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan, Craft, CraftGroup, Governorate, Wilayat


class SuperuserOnlyChangesAdmin(admin.ModelAdmin):
    """Reference data: every staff user may look it up, only superusers change it."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


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


@admin.register(Artisan)
class ArtisanAdmin(admin.ModelAdmin):
    list_display = [
        "registration_number",
        "name_ar",
        "name_en",
        "governorate",
        "wilayat",
        "primary_craft",
        "gender",
        "registered_on",
        "status",
    ]
    list_filter = ["governorate", "status", "gender"]
    list_select_related = ["governorate", "wilayat", "primary_craft"]
    search_fields = ["=civil_number", "=registration_number", "name_ar", "name_en"]
    readonly_fields = ["registration_number", "created_at", "updated_at"]
    autocomplete_fields = ["primary_craft", "other_crafts"]
    fieldsets = [
        (
            _("Identity"),
            {"fields": ["civil_number", "name_ar", "name_en", "gender", "date_of_birth"]},
        ),
        (_("Contact and location"), {"fields": ["phone", "governorate", "wilayat"]}),
        (_("Crafts"), {"fields": ["primary_craft", "other_crafts"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_number",
                    "registered_on",
                    "status",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
