"""The registry's file format for artisans: one row per artisan, the same columns for import,
export and the downloadable template (documented in docs/import.md).
"""

import functools

from django.utils.translation import gettext_lazy as _

from craftsreg.text import normalize_text

COLUMNS = [
    "civil_number",
    "name_ar",
    "name_en",
    "gender",
    "birth_date",
    "governorate",
    "wilayat",
    "primary_craft",
    "other_crafts",
    "registered_on",
    "phone",
    "status",
]
REQUIRED_COLUMNS = ["civil_number", "name_ar", "gender", "governorate", "wilayat", "primary_craft"]

# Headers people write in the Authority's Arabic spreadsheets, and a few English variants.
HEADER_ALIASES = {
    "civil_number": ["الرقم المدني", "civil number", "civil no", "civil_no"],
    "name_ar": ["الاسم بالعربية", "الاسم بالعربي", "الاسم", "name (arabic)", "arabic name"],
    "name_en": ["الاسم بالإنجليزية", "الاسم بالانجليزية", "name (english)", "english name"],
    "gender": ["الجنس", "النوع"],
    "birth_date": ["تاريخ الميلاد", "date_of_birth", "date of birth", "birth date"],
    "governorate": ["المحافظة"],
    "wilayat": ["الولاية"],
    "primary_craft": ["الحرفة الرئيسية", "الحرفة", "primary craft", "craft"],
    "other_crafts": ["الحرف الأخرى", "الحرف الاخرى", "other crafts"],
    "registered_on": ["تاريخ التسجيل", "registration date", "registered on"],
    "phone": ["الهاتف", "رقم الهاتف", "phone number"],
    "status": ["الحالة"],
}

COLUMN_LABELS = {
    "civil_number": _("civil number"),
    "name_ar": _("name (Arabic)"),
    "name_en": _("name (English)"),
    "gender": _("gender"),
    "birth_date": _("date of birth"),
    "governorate": _("governorate"),
    "wilayat": _("wilayat"),
    "primary_craft": _("primary craft"),
    "other_crafts": _("other crafts"),
    "registered_on": _("registration date"),
    "phone": _("phone"),
    "status": _("status"),
}

OTHER_CRAFTS_SEPARATOR = "; "


@functools.lru_cache(maxsize=4096)
def _key(value: str) -> str:
    return normalize_text(value).lower().replace("_", " ")


def header_key(value) -> str:
    """How names in files are compared: case, spacing, tatweel and Unicode forms ignored.

    Memoised: an import looks the same few governorate, wilayat and craft names up per row.
    """
    return _key(str(value or ""))


def _build_header_map() -> dict[str, str]:
    mapping = {}
    for column in COLUMNS:
        for name in [column, *HEADER_ALIASES.get(column, [])]:
            mapping[header_key(name)] = column
    return mapping


HEADER_MAP = _build_header_map()
