from django.db import migrations


def craft_from_artisan(apps, schema_editor):
    """Existing nominations take their artisan's primary craft (the default for new ones)."""
    Nomination = apps.get_model("awards", "Nomination")
    for nomination in Nomination.objects.filter(craft__isnull=True).select_related("artisan"):
        nomination.craft_id = nomination.artisan.primary_craft_id
        nomination.save(update_fields=["craft"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_integrity_and_process")]

    operations = [
        migrations.RunPython(craft_from_artisan, migrations.RunPython.noop),
    ]
