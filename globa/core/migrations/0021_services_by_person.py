"""Apply globa/core/sql/ again: the services' monitoring figures
(``globa_monitoring_services``) add up the records by provider, service and person on the
typed columns first, the same figures several times faster over ten years of records."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [("core", "0020_indicators2")]
    operations = [ApplySecurity(__name__)]
