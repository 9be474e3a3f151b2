"""Apply globa/core/sql/ again: API clients and their tokens are audited; documents, imports,
legal holds, retention reviews and the destruction register have row-level security and the
audit trigger; the audit trail can forget an anonymised record's identifying values."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_assessments_and_plans"),
        ("api", "0002_rate_windows"),
        ("documents", "0001_initial"),
        ("imports", "0001_initial"),
        ("retention", "0002_default_rules"),
        ("accounts", "0005_data_protection_officer"),
        # The task queue's tables, granted to the application role like every other.
        ("procrastinate", "0041_post_retry_failed_job"),
    ]
    operations = [ApplySecurity(__name__)]
