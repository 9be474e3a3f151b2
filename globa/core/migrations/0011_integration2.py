"""Apply globa/core/sql/ again: an assessment's or a plan's documents are read as the
assessment or plan; anonymisation passes a completed assessment's lock only through the
system role's own function (globa_anonymise_assessments), for its free text alone."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_workday2"),
        ("documents", "0002_assessments_and_plans"),
        ("retention", "0003_assessments_and_plans"),
    ]
    operations = [ApplySecurity(__name__)]
