"""Admin pieces every app uses."""

from django.contrib import admin


class SuperuserOnlyChangesAdmin(admin.ModelAdmin):
    """Reference data: every staff user may look it up, only superusers change it."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
