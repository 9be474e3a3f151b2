"""Attendance links to the service delivery it is (added empty, filled by 0003, required by
0004); a session carries a version, so that two people correcting it do not overwrite each
other."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0006_service_restricted_not_in_groups"),
        ("training", "0001_initial"),
        ("carers", "0009_training_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="trainingsession",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="attendance",
            name="delivery",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="training_attendance",
                to="support.delivery",
                verbose_name="service delivery",
            ),
        ),
    ]
