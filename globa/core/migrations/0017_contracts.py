"""Apply globa/core/sql/ again: the municipalities' service contracts audited
(``monitoring_servicecontract``) and counted by funding (``globa_monitoring_contracts``)."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0016_quality"),
        ("monitoring", "0005_service_contracts"),
    ]
    operations = [ApplySecurity(__name__)]
