"""Capacity rules in force since 2020 (Child Rights Protection Law and the care-centre rules)."""

import datetime as dt

from django.db import migrations

RULES = [
    {
        "household_kind": "on_call",
        "name": "Budintis globotojas: iki 3 vaikų, iki 5 su savais; vienas vaikas iki 12 mėn.",
        "max_placed": 3,
        "max_total": 5,
        "max_months_per_child": 12,
        "legal_basis": "Vaiko teisių apsaugos pagrindų įstatymas; budinčio globotojo veiklos tvarka",
    },
    {
        "household_kind": "guardian_relative",
        "name": "Globėjų šeima: iki 5 vaikų su savais, daugiau tik broliams ir seserims",
        "max_total": 5,
        "siblings_may_exceed": True,
        "legal_basis": "Vaiko globos organizavimo nuostatai",
    },
    {
        "household_kind": "guardian_non_relative",
        "name": "Globėjų šeima: iki 5 vaikų su savais, daugiau tik broliams ir seserims",
        "max_total": 5,
        "siblings_may_exceed": True,
        "legal_basis": "Vaiko globos organizavimo nuostatai",
    },
    {
        "household_kind": "permanent",
        "name": "Nuolatinis globotojas: iki 5 vaikų su savais, daugiau tik broliams ir seserims",
        "max_total": 5,
        "siblings_may_exceed": True,
        "legal_basis": "Vaiko globos organizavimo nuostatai",
    },
    {
        "household_kind": "family_home",
        "name": "Šeimyna: nuo 6 iki 12 vaikų",
        "min_total": 6,
        "max_total": 12,
        "legal_basis": "Šeimynų įstatymas",
    },
]


def load(apps, schema_editor):
    CapacityRule = apps.get_model("registry", "CapacityRule")
    for rule in RULES:
        CapacityRule.objects.using(schema_editor.connection.alias).update_or_create(
            household_kind=rule["household_kind"], valid_from=dt.date(2020, 1, 1), defaults=rule
        )


def unload(apps, schema_editor):
    apps.get_model("registry", "CapacityRule").objects.using(schema_editor.connection.alias).filter(valid_from=dt.date(2020, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_security")]
    operations = [migrations.RunPython(load, unload)]
