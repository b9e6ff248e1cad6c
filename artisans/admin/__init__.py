"""The registry's admin: reference data, artisans (with import, export, duplicates and cards),
the record of imports, and staff users with their governorate.

Importing the package registers every ModelAdmin; one module per part.
"""

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
    "StaffUserAdmin",
    "SuperuserOnlyChangesAdmin",
    "WilayatAdmin",
    "export_queryset_for",
]
