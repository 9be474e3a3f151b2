"""Apply globa/core/sql/ again: the monitoring facts (``globa_monitoring_*``), counts only,
and on-call care counted per centre (``globa_on_call_by_centre``), which the public figures
now add up by municipality."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0013_workday1"),
        ("monitoring", "0002_child_population"),
        ("registry", "0017_age_of_majority_since_1900"),
        ("support", "0009_delivery_plan_action"),
        ("cases", "0007_goals_from_assessments"),
        ("carers", "0010_decision_links_assessment"),
        ("training", "0005_lithuanian_order"),
        ("assessments", "0001_initial"),
        ("plans", "0001_initial"),
    ]
    operations = [ApplySecurity(__name__)]
