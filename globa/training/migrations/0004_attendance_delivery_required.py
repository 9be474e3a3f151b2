"""Every attendance has its delivery (0003 made those of the attendance recorded before)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("training", "0003_attendance_deliveries")]

    operations = [
        migrations.AlterField(
            model_name="attendance",
            name="delivery",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="training_attendance",
                to="support.delivery",
                verbose_name="service delivery",
            ),
        ),
    ]
