"""Row-level security and the audit trigger on the deliveries, keyed by the provider."""

from django.db import migrations

from globa.lib.dbsecurity import protect


class Migration(migrations.Migration):
    dependencies = [("support", "0002_catalogue"), ("audit", "0001_initial")]
    operations = [protect("support_delivery", "provider_id")]
