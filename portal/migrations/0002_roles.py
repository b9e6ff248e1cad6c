from django.db import migrations

from craftsreg.roles import grant_migration


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("artisans", "0012_artisan_photo"),
    ]

    operations = [grant_migration("portal.roles")]
