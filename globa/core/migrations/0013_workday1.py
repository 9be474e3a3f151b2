"""Apply globa/core/sql/ again: notifications are their recipient's own; planned
visits, home visit records and placement requests between centres have row-level security
and the audit trigger; the free on-call places of other centres are counted, and an accepted
request passes the children's records, by the database."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_workday3"),
        ("notifications", "0001_initial"),
        ("support", "0010_planned_visits"),
        ("oncall", "0002_placement_requests"),
        ("organisations", "0006_on_call_phone"),
        ("registry", "0017_age_of_majority_since_1900"),
    ]
    operations = [ApplySecurity(__name__)]
