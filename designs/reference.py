"""Reference data of the designs register as shipped: product kinds, materials, Locarno classes.

Loaded by a data migration (so every database has it) and editable in admin afterwards. Rows are
matched by stable codes/numbers, so loading again updates names and never duplicates.
"""

from pathlib import Path

from craftsreg.reference_data import bilingual, read_rows

DATA = Path(__file__).resolve().parent / "data"
# code, Arabic, English — the product kinds named in the source article (docs/sources.md §3), in
# the catalogue's order.
PRODUCT_KINDS_CSV = DATA / "product-kinds.csv"
# code, Arabic, English, craft code in the registry (empty when no single craft applies).
MATERIALS_CSV = DATA / "materials.csv"
# The Locarno Classification's 32 classes (WIPO, used with acknowledgement). Headings follow the
# English text of the classification; the Arabic headings are ours.
LOCARNO_EDITION = "15"
LOCARNO_CSV = DATA / "locarno-classes.csv"


def load(product_kind_model, material_model, locarno_class_model, craft_model):
    """Create or update the reference rows; safe to run again."""
    for position, row in enumerate(read_rows(PRODUCT_KINDS_CSV), start=1):
        product_kind_model.objects.update_or_create(
            code=row["code"],
            defaults={**bilingual(row), "position": position},
        )
    crafts = {craft.code: craft for craft in craft_model.objects.all()}
    for row in read_rows(MATERIALS_CSV):
        material_model.objects.update_or_create(
            code=row["code"],
            defaults={**bilingual(row), "craft": crafts.get(row["craft"])},
        )
    for row in read_rows(LOCARNO_CSV):
        locarno_class_model.objects.update_or_create(
            number=int(row["number"]),
            defaults={**bilingual(row, "heading"), "edition": LOCARNO_EDITION},
        )
