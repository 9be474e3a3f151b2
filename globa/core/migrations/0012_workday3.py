"""Apply globa/core/sql/ again: a case's child is found in the registry of the organisation
that runs the case by the personal code (globa_case_child_in_registry), for its case managers
who do not read the registry."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_integration2"),
        ("cases", "0009_case_child_in_registry"),
    ]
    operations = [ApplySecurity(__name__)]
