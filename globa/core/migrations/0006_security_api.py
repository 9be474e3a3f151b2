"""Apply globa/core/sql/ again: API clients and their tokens are audited; documents have
row-level security and the audit trigger."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_security_again"),
        ("api", "0001_initial"),
        ("documents", "0001_initial"),
    ]
    operations = [ApplySecurity(__name__)]
