"""Apply globa/core/sql/ again: ``globa_table_versions``, each table's part of the audit
trail, so the monitoring figures of a source are kept while the tables it reads are
unchanged, whatever else changes."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [("core", "0022_staff_spans"), ("audit", "0009_change_by_table")]
    operations = [ApplySecurity(__name__)]
