"""Apply globa/core/sql/ again: the carer satisfaction survey (audit of its rounds and links,
row-level security of its answers) and its figures (``globa_monitoring_survey``)."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0015_transformation"),
        ("monitoring", "0004_survey"),
    ]
    operations = [ApplySecurity(__name__)]
