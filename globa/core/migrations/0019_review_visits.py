"""Apply globa/core/sql/ again: the quality review visits of the care centres, their findings
and follow-up actions audited (``monitoring_review*``), and the centres' staffing counted
(``globa_monitoring_staff``)."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0018_survey_inbox"),
        ("monitoring", "0007_review_visits"),
        ("accounts", "0006_staff_position"),
    ]
    operations = [ApplySecurity(__name__)]
