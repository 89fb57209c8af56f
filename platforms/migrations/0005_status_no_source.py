"""Statuses say "no source found" apart from "known to be wrong": `disputed` goes.

A channel was `disputed` only because a wrong number was rumoured beside it; its own value
is then just not verified. Wrong numbers stay in `competing_value`.
"""

from django.db import migrations, models

CHOICES = [("verified", "Verified"), ("unverified", "Not verified"), ("no_source", "No source found")]


def disputed_to_unverified(apps, schema_editor):
    for name in ("ContactChannel", "Policy"):
        apps.get_model("platforms", name).objects.filter(status="disputed").update(
            status="unverified"
        )


class Migration(migrations.Migration):
    dependencies = [("platforms", "0004_channel_key")]

    operations = [
        migrations.RunPython(disputed_to_unverified, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contactchannel",
            name="status",
            field=models.CharField(
                choices=CHOICES, default="unverified", max_length=20, verbose_name="status"
            ),
        ),
        migrations.AlterField(
            model_name="policy",
            name="status",
            field=models.CharField(
                choices=CHOICES, default="unverified", max_length=20, verbose_name="status"
            ),
        ),
    ]
