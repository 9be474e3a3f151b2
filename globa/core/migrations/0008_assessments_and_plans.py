"""Apply globa/core/sql/ again: row-level security, audit and locking of assessments and
plans, instruments published only by the owner, the access log naming assessments and plans."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_security_again"),
        ("assessments", "0001_initial"),
        ("plans", "0001_initial"),
        ("audit", "0007_access_log_assessments_plans"),
        ("carers", "0010_decision_links_assessment"),
        ("cases", "0007_goals_from_assessments"),
        ("reminders", "0005_reassessments_and_plan_reviews"),
        ("support", "0009_delivery_plan_action"),
    ]
    operations = [ApplySecurity(__name__)]
