"""The registry's admin: reference data, artisans (with import, export, duplicates and cards),
the record of imports, staff users with their governorate, and the access log with the
registry's rule on who reads it.

Importing the package registers every ModelAdmin; one module per part.
"""

from artisans.admin.access_log import PersonalDataAccessAdmin
from artisans.admin.artisan import ArtisanAdmin
from artisans.admin.import_export import ImportBatchAdmin, export_queryset_for
from artisans.admin.reference import (
    CraftAdmin,
    CraftGroupAdmin,
    GovernorateAdmin,
    SuperuserOnlyChangesAdmin,
    WilayatAdmin,
)
from artisans.admin.staff import StaffUserAdmin

__all__ = [
    "ArtisanAdmin",
    "CraftAdmin",
    "CraftGroupAdmin",
    "GovernorateAdmin",
    "ImportBatchAdmin",
    "PersonalDataAccessAdmin",
    "StaffUserAdmin",
    "SuperuserOnlyChangesAdmin",
    "WilayatAdmin",
    "export_queryset_for",
]
