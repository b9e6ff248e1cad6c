from django.db import migrations

from craftsreg.roles import role_migration


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [role_migration("artisans.roles")]
