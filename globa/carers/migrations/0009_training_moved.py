"""GIMK training's models now belong to the training app (its migration 0001 takes them
over): they leave this app's state only; the tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("carers", "0008_oncall_moved"),
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Attendance"),
                migrations.DeleteModel(name="TrainingSession"),
                migrations.DeleteModel(name="Participant"),
                migrations.DeleteModel(name="Trainer"),
                migrations.DeleteModel(name="TrainingGroup"),
                migrations.DeleteModel(name="Topic"),
                migrations.DeleteModel(name="Programme"),
            ],
            database_operations=[],
        ),
    ]
