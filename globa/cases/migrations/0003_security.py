"""Row-level security (the organisation's cases) and the audit trigger on every case table."""

from django.db import migrations

from globa.lib.dbsecurity import protect

TABLES = [
    "cases_familycase",
    "cases_stageentry",
    "cases_casechild",
    "cases_teammember",
    "cases_conference",
    "cases_conferenceparticipant",
    "cases_goal",
    "cases_action",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_deadlines"),
        ("core", "0002_case_scope"),
        ("audit", "0001_initial"),
    ]
    operations = [protect(table, "organisation_id", "globa_in_case_scope") for table in TABLES]
