from django.db import migrations


def load_reference_data(apps, schema_editor):
    from artisans import reference

    reference.load(
        apps.get_model("artisans", "Governorate"),
        apps.get_model("artisans", "Wilayat"),
        apps.get_model("artisans", "CraftGroup"),
        apps.get_model("artisans", "Craft"),
    )


class Migration(migrations.Migration):
    dependencies = [("artisans", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
