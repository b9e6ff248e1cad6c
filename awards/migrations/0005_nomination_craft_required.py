# Separate from the data migration: PostgreSQL refuses ALTER TABLE with pending deferred
# foreign-key checks from the same transaction.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("awards", "0004_nomination_craft_from_artisan")]

    operations = [
        migrations.AlterField(
            model_name="nomination",
            name="craft",
            field=models.ForeignKey(
                blank=True,
                help_text="The craft of the nominated work; defaults to the artisan's primary craft.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="award_nominations",
                to="artisans.craft",
                verbose_name="craft",
            ),
        ),
    ]
