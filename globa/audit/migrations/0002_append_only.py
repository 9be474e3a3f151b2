"""The audit tables: readable within scope, added to by the application, never changed."""

from django.db import migrations

from globa.lib.dbsecurity import append_only


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        append_only("audit_change", "organisation_id"),
        append_only("audit_access", "organisation_id"),
    ]
