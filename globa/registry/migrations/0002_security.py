"""Row-level security and the audit trigger on every personal-data table of the registry."""

from django.db import migrations

from globa.lib.dbsecurity import protect

TABLES = [
    "registry_child",
    "registry_relative",
    "registry_siblinggroup",
    "registry_carerhousehold",
    "registry_householdadult",
    "registry_householdownchild",
    "registry_coordinatorassignment",
    "registry_placement",
]


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial"), ("audit", "0001_initial")]
    operations = [protect(table, "centre_id") for table in TABLES]
