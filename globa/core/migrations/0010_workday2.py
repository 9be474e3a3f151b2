"""Apply globa/core/sql/ again: the export log (audit_export) has row-level security; the
pipeline's people and the cases keep a folded name for search."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_security_integration"),
        ("audit", "0008_export_log"),
        ("carers", "0011_search_name"),
        ("cases", "0008_search_name"),
    ]
    operations = [ApplySecurity(__name__)]
