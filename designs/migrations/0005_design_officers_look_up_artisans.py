from django.db import migrations

from craftsreg.roles import role_migration


class Migration(migrations.Migration):
    """Design officers lose read access to the artisans register (civil numbers, phones) and
    keep only the look-up they need to name a design's creator or holder."""

    dependencies = [
        ("designs", "0004_design_search_text"),
        ("artisans", "0006_artisan_lookup_permission"),
    ]

    operations = [role_migration("designs.roles")]
