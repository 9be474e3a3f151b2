"""Apply globa/core/sql/ again: survey answers arrive in an inbox only the database reads and
reach the answers in shuffled batches (``globa_survey_release``)."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0017_contracts"),
        ("monitoring", "0006_survey_inbox"),
    ]
    operations = [ApplySecurity(__name__)]
