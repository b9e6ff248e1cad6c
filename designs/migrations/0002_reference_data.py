from django.db import migrations


def load_reference(apps, schema_editor):
    from designs import reference

    reference.load(
        apps.get_model("designs", "ProductKind"),
        apps.get_model("designs", "Material"),
        apps.get_model("designs", "LocarnoClass"),
        apps.get_model("artisans", "Craft"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("designs", "0001_initial"),
        ("artisans", "0002_reference_data"),
    ]

    # Reversing leaves the rows: designs may already point at them (PROTECT).
    operations = [migrations.RunPython(load_reference, migrations.RunPython.noop)]
