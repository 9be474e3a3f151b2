"""Apply globa/core/sql/ again: institution transformation plans, their status changes,
milestones and resident counts audited (monitoring.sql), and their figures counted by the
database (``globa_monitoring_transformation``, counts only)."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0014_monitoring"),
        ("monitoring", "0003_transformation"),
    ]
    operations = [ApplySecurity(__name__)]
