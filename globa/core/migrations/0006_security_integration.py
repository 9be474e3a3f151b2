"""Apply globa/core/sql/ again: API clients and their tokens are audited; documents have
row-level security and the audit trigger."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_security_again"),
        ("api", "0001_initial"),
        ("documents", "0001_initial"),
        ("imports", "0001_initial"),
        # The task queue's tables, granted to the application role like every other.
        ("procrastinate", "0041_post_retry_failed_job"),
    ]
    operations = [ApplySecurity(__name__)]
