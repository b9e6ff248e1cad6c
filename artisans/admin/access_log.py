"""The access log (craftsreg.access_log_admin) with the registry's rule on who may read it: a
staff user limited to one governorate never does (the log shows every governorate's reads)."""

from django.contrib import admin

from artisans.permissions import governorate_scope
from craftsreg.access_log_admin import AccessLogAdmin
from craftsreg.models import PersonalDataAccess


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(AccessLogAdmin):
    def is_limited(self, request) -> bool:
        return governorate_scope(request.user) is not None
