import secrets

from django.db import migrations, models

import craftsreg.verification


def fill_tokens(apps, schema_editor):
    # One random token per existing nomination (a callable default would give them all one).
    Nomination = apps.get_model("awards", "Nomination")
    for pk in Nomination.objects.values_list("pk", flat=True).iterator():
        Nomination.objects.filter(pk=pk).update(certificate_token=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_initial_minimum_sheets"),
    ]

    operations = [
        migrations.AddField(
            model_name="nomination",
            name="certificate_token",
            field=models.CharField(editable=False, max_length=43, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="nomination",
            name="certificate_token",
            field=models.CharField(
                default=craftsreg.verification.new_token,
                editable=False,
                max_length=43,
                unique=True,
                verbose_name="certificate verification token",
            ),
        ),
        migrations.AddField(
            model_name="historicalnomination",
            name="certificate_token",
            field=models.CharField(
                db_index=True,
                default=craftsreg.verification.new_token,
                editable=False,
                max_length=43,
                verbose_name="certificate verification token",
            ),
        ),
    ]
