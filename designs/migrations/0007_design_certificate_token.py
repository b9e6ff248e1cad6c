import secrets

from django.db import migrations, models

import craftsreg.verification


def fill_tokens(apps, schema_editor):
    # One random token per existing design (a callable default would give them all one).
    Design = apps.get_model("designs", "Design")
    for pk in Design.objects.values_list("pk", flat=True).iterator():
        Design.objects.filter(pk=pk).update(certificate_token=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [
        ("designs", "0006_certificate_scan_filing_number_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="design",
            name="certificate_token",
            field=models.CharField(editable=False, max_length=43, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="design",
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
            model_name="historicaldesign",
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
