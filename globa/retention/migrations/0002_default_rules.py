"""The default retention periods (docs/retention.md); an administrator changes them by adding
a new version of a rule."""

import datetime as dt

from django.db import migrations

DEFAULTS = [
    ("child", 75, "Vaiko byla saugoma iki 75-ojo gimtadienio (numatytoji; patikslinkite pagal įstaigos dokumentų saugojimo terminų rodyklę)."),
    ("household", 10, "Globėjų (rūpintojų) šeimos byla saugoma 10 metų po paskutinio apgyvendinimo ar šeimos bylos uždarymo (numatytoji)."),
    ("candidate", 2, "Nesibaigusio globėjo tapimu kreipimosi duomenys saugomi 2 metus (numatytoji)."),
    ("family_case", 10, "Atvejo vadybos byla saugoma 10 metų po atvejo uždarymo (numatytoji)."),
]


def add(apps, schema_editor):
    Rule = apps.get_model("retention", "RetentionRule")
    rules = Rule.objects.using(schema_editor.connection.alias)
    for kind, years, basis in DEFAULTS:
        rules.get_or_create(
            record_kind=kind,
            valid_from=dt.date(2000, 1, 1),
            defaults={"years": years, "legal_basis": basis},
        )


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
