"""Apply globa/core/sql/ again: the services' monitoring figures (``globa_monitoring_services``)
count the people served by form as well, in the same pass over the records that counts the
services delivered by form."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [("core", "0023_versions_by_table")]
    operations = [ApplySecurity(__name__)]
