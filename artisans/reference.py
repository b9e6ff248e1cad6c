"""The registry's reference data as shipped: governorates, wilayats, crafts.

Loaded by data migrations (so every database has it) and editable in admin afterwards.
"""

import csv
from pathlib import Path

WILAYATS_CSV = Path(__file__).resolve().parent / "data" / "oman-wilayats.csv"

CRAFT_GROUPS = [
    # code, Arabic, English
    ("textiles", "النسيج والتطريز", "Textiles and embroidery"),
    ("metalwork", "المشغولات المعدنية", "Metalwork"),
    ("plant-and-wood", "السعفيات والأخشاب", "Palm-frond and woodwork"),
    ("incense-and-perfumes", "البخور والعطور", "Incense and perfumes"),
    ("earth-leather-bone", "الفخار والجلود والعظام", "Pottery, leather and bone"),
]

# code, Arabic, English, group code. The first three names are the source article's own words.
CRAFTS = [
    ("cotton-weaving", "النسيج القطني", "Cotton weaving", "textiles"),
    ("wool-weaving", "النسيج الصوفي (ومنه السدو)", "Wool weaving (incl. Bedouin sadu)", "textiles"),
    (
        "incense-cosmetics",
        "صناعة البخور ومستحضرات التجميل",
        "Incense and cosmetics making",
        "incense-and-perfumes",
    ),
    ("silverware", "الفضيات والحلي", "Silverware and jewellery", "metalwork"),
    ("khanjar", "صناعة الخناجر", "Khanjar making", "metalwork"),
    ("pottery", "الفخار", "Pottery", "earth-leather-bone"),
    ("palm-frond", "السعفيات", "Palm-frond work", "plant-and-wood"),
    ("woodwork", "الأعمال الخشبية", "Woodwork", "plant-and-wood"),
    ("leatherwork", "الصناعات الجلدية", "Leatherwork", "earth-leather-bone"),
    ("copperware", "النحاسيات", "Copperware", "metalwork"),
    ("boat-building", "صناعة السفن التقليدية", "Traditional boat building", "plant-and-wood"),
    ("bone-carving", "المشغولات العظمية", "Bone carving", "earth-leather-bone"),
    ("coconut-shell", "مشغولات قشر جوز الهند", "Coconut-shell work", "plant-and-wood"),
    ("embroidery", "التطريز", "Embroidery", "textiles"),
    (
        "perfumes-rosewater",
        "العطور التقليدية وماء الورد",
        "Traditional perfumes and rose water",
        "incense-and-perfumes",
    ),
]

_GOVERNORATE_PREFIX = "محافظة "


def read_wilayats():
    """Rows of the shipped CSV: (code, governorate ar/en, wilayat ar/en, is_seat)."""
    with WILAYATS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            governorate_ar = row["governorate_ar"].strip()
            # The registry writes governorates without the word "governorate" in both languages.
            governorate_ar = governorate_ar.removeprefix(_GOVERNORATE_PREFIX)
            yield {
                "code": row["iso_3166_2"].strip(),
                "governorate_ar": governorate_ar,
                "governorate_en": row["governorate_en"].strip(),
                "wilayat_ar": row["wilayat_ar"].strip(),
                "wilayat_en": row["wilayat_en"].strip(),
                "is_seat": row["is_seat"].strip() == "1",
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
    for code, name_ar, name_en in CRAFT_GROUPS:
        groups[code], _ = craft_group_model.objects.update_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en}
        )
    for code, name_ar, name_en, group in CRAFTS:
        craft_model.objects.update_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en, "group": groups[group]}
        )
