"""The artisan registry: reference data (governorates, wilayats, crafts), the artisans, the staff
who keep them, import records and checked duplicate pairs.

The models live in one module per part; everything is importable from ``artisans.models``
(migrations refer to ``artisans.models.artisan_photo_path``).
"""

from artisans.models.artisan import (
    Artisan,
    ArtisanStatus,
    Gender,
    artisan_photo_path,
    civil_number_length,
    civil_number_validator,
    place_and_birth_errors,
    search_key_for,
)
from artisans.models.duplicates import NotDuplicate
from artisans.models.imports import ImportBatch
from artisans.models.querysets import (
    NUMBER_TERM,
    SEARCH_LIMIT,
    SEARCH_ORDERING,
    ArtisanQuerySet,
)
from artisans.models.reference import (
    Craft,
    CraftGroup,
    Governorate,
    RegistrationCounter,
    Wilayat,
    format_registration_number,
)
from artisans.models.staff import StaffProfile

__all__ = [
    "NUMBER_TERM",
    "SEARCH_LIMIT",
    "SEARCH_ORDERING",
    "Artisan",
    "ArtisanQuerySet",
    "ArtisanStatus",
    "Craft",
    "CraftGroup",
    "Gender",
    "Governorate",
    "ImportBatch",
    "NotDuplicate",
    "RegistrationCounter",
    "StaffProfile",
    "Wilayat",
    "artisan_photo_path",
    "civil_number_length",
    "civil_number_validator",
    "format_registration_number",
    "place_and_birth_errors",
    "search_key_for",
]
