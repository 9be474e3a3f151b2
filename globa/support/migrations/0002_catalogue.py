"""Load the service catalogue and the contact rules (reference data, extended in the admin)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "services.csv"
RESTRICTED = {"psychological_consultation"}
CONTACT_DAYS = {
    "on_call": (14, "Budintys globotojai: koordinatorius susitinka ne rečiau kaip kas dvi savaites"),
    "guardian_relative": (30, ""),
    "guardian_non_relative": (30, ""),
    "permanent": (30, ""),
    "adoptive": (90, ""),
    "family_home": (30, ""),
}


def load(apps, schema_editor):
    db = schema_editor.connection.alias
    Service = apps.get_model("support", "Service")
    ContactRule = apps.get_model("support", "ContactRule")
    with DATA.open(encoding="utf-8") as handle:
        for position, row in enumerate(csv.DictReader(handle)):
            Service.objects.using(db).update_or_create(
                code=row["code"],
                defaults={
                    "group": row["group"],
                    "name_lt": row["name_lt"],
                    "name_en": row["name_en"],
                    "legal_source": row["source"],
                    "restricted_notes": row["code"] in RESTRICTED,
                    "position": position,
                },
            )
    for kind, (days, basis) in CONTACT_DAYS.items():
        ContactRule.objects.using(db).update_or_create(
            household_kind=kind, defaults={"interval_days": days, "legal_basis": basis}
        )


def unload(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("support", "ContactRule").objects.using(db).all().delete()
    apps.get_model("support", "Service").objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
