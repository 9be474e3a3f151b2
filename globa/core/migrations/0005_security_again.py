"""Apply globa/core/sql/ again: the capacity rule in force (globa_capacity) now lives there,
the public figures read it, and role grants are audited."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_submissions"),
        ("accounts", "0003_role_grants"),
        ("audit", "0006_access_log_outlives_records"),
        ("carers", "0009_training_moved"),
        ("oncall", "0001_initial"),
        ("training", "0004_attendance_delivery_required"),
        ("cases", "0005_constraint_messages"),
        ("organisations", "0004_constraint_messages"),
        ("registry", "0012_constraint_messages"),
        ("reminders", "0004_constraint_messages"),
        ("support", "0007_constraint_messages"),
    ]
    operations = [ApplySecurity(__name__)]
