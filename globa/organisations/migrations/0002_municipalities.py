"""Load the 10 counties and 60 municipalities of Lithuania."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "municipalities.csv"


def load(apps, schema_editor):
    db = schema_editor.connection.alias
    County = apps.get_model("organisations", "County")
    Organisation = apps.get_model("organisations", "Organisation")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            county, _ = County.objects.using(db).get_or_create(
                name_lt=row["county_lt"], defaults={"name_en": row["county_en"]}
            )
            municipality, _ = Organisation.objects.using(db).get_or_create(
                name=row["municipality_lt"],
                kind="municipality",
                defaults={"county": county, "sector": "public"},
            )
            municipality.municipality = municipality
            municipality.save(update_fields=["municipality"])


def unload(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("organisations", "Organisation").objects.using(db).filter(kind="municipality").delete()
    apps.get_model("organisations", "County").objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
