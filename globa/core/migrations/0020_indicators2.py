"""Apply globa/core/sql/ again: the change since the first assessment counted by instrument
(``globa_monitoring_assessments``), and a done assessment's improvement, derived from the
subject's assessments, written again while it is otherwise locked."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0019_review_visits"),
        ("assessments", "0002_improvement"),
        ("training", "0006_staff_programmes"),
    ]
    operations = [ApplySecurity(__name__)]
