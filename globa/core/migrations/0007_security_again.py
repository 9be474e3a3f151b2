"""Apply globa/core/sql/ again: where an inquiry from the public form went
(globa_inquiry_centre)."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_lithuanian_order"),
        ("accounts", "0004_lithuanian_order"),
        ("cases", "0006_lithuanian_order"),
        ("organisations", "0005_lithuanian_order"),
        ("registry", "0016_reasons_in_the_readers_language"),
        ("support", "0008_lithuanian_order"),
        ("training", "0005_lithuanian_order"),
        ("carers", "0009_training_moved"),
        ("oncall", "0001_initial"),
        ("reminders", "0004_constraint_messages"),
        ("audit", "0006_access_log_outlives_records"),
    ]
    operations = [ApplySecurity(__name__)]
