"""Apply globa/core/sql/ again: notifications are their recipient's own; planned
visits and home visit records have row-level security and the audit trigger."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_security_integration"),
        ("notifications", "0001_initial"),
        ("support", "0010_planned_visits"),
    ]
    operations = [ApplySecurity(__name__)]
