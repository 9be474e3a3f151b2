"""The age of majority (18) held long before the civil code of 2000 that the first version
cites: a record of a person born before 1982 (an adult relative, a record kept until the
child's 75th birthday) is judged by it too. Its first version now runs from 1900."""

import datetime as dt

from django.db import migrations

FIRST = dt.date(2000, 1, 1)
EARLIER = dt.date(1900, 1, 1)
BASIS = (
    "Lietuvos Respublikos civilinis kodeksas, 2.5 str. "
    "(pilnametystė nuo 18 metų galiojo ir iki 2000 m.)"
)


def earlier(apps, schema_editor):
    LegalRule = apps.get_model("registry", "LegalRule")
    LegalRule.objects.using(schema_editor.connection.alias).filter(
        key="age_of_majority", valid_from=FIRST
    ).update(valid_from=EARLIER, legal_basis=BASIS)


def back(apps, schema_editor):
    LegalRule = apps.get_model("registry", "LegalRule")
    LegalRule.objects.using(schema_editor.connection.alias).filter(
        key="age_of_majority", valid_from=EARLIER
    ).update(valid_from=FIRST)


class Migration(migrations.Migration):
    dependencies = [("registry", "0016_reasons_in_the_readers_language")]
    operations = [migrations.RunPython(earlier, back)]
