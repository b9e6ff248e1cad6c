"""The registry's reference data as shipped: governorates, wilayats, crafts.

Loaded by data migrations (so every database has it) and editable in admin afterwards.
"""

from pathlib import Path

from craftsreg.reference_data import bilingual, read_rows

DATA = Path(__file__).resolve().parent / "data"
WILAYATS_CSV = DATA / "oman-wilayats.csv"
# code, Arabic, English
CRAFT_GROUPS_CSV = DATA / "craft-groups.csv"
# code, Arabic, English, group code. The first three names are the source article's own words.
CRAFTS_CSV = DATA / "crafts.csv"

_GOVERNORATE_PREFIX = "محافظة "


def read_wilayats():
    """Rows of the shipped CSV: (code, governorate ar/en, wilayat ar/en, is_seat)."""
    for row in read_rows(WILAYATS_CSV):
        yield {
            "code": row["iso_3166_2"],
            # The registry writes governorates without the word "governorate" in both languages.
            "governorate_ar": row["governorate_ar"].removeprefix(_GOVERNORATE_PREFIX),
            "governorate_en": row["governorate_en"],
            "wilayat_ar": row["wilayat_ar"],
            "wilayat_en": row["wilayat_en"],
            "is_seat": row["is_seat"] == "1",
        }


def load(governorate_model, wilayat_model, craft_group_model, craft_model):
    """Create or update the reference rows; safe to run again (matched by stable codes)."""
    governorates = {}
    for row in read_wilayats():
        code = row["code"]
        if code not in governorates:
            governorates[code], _ = governorate_model.objects.update_or_create(
                code=code,
                defaults={"name_ar": row["governorate_ar"], "name_en": row["governorate_en"]},
            )
        wilayat_model.objects.update_or_create(
            governorate=governorates[code],
            name_en=row["wilayat_en"],
            defaults={"name_ar": row["wilayat_ar"], "is_seat": row["is_seat"]},
        )
    groups = {}
    for row in read_rows(CRAFT_GROUPS_CSV):
        groups[row["code"]], _ = craft_group_model.objects.update_or_create(
            code=row["code"], defaults=bilingual(row)
        )
    for row in read_rows(CRAFTS_CSV):
        craft_model.objects.update_or_create(
            code=row["code"],
            defaults={**bilingual(row), "group": groups[row["group"]]},
        )
