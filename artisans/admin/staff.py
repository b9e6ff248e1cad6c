"""Staff users in the admin, with the governorate each works on."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from artisans.models import StaffProfile
from craftsreg.mfa_admin import EnrolmentCodeAdminMixin


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    verbose_name_plural = _("profile")
    fields = ["display_name_ar", "display_name_en", "governorate"]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(EnrolmentCodeAdminMixin, UserAdmin):
    inlines = [*UserAdmin.inlines, StaffProfileInline]
    # Award committees pick members by autocomplete: by login, name or display name.
    search_fields = [
        *UserAdmin.search_fields,
        "staff_profile__display_name_ar",
        "staff_profile__display_name_en",
    ]
