"""Default stage deadlines: how long a case may stay in each stage (an organisation sets its own)."""

from django.db import migrations

DAYS = {
    "initiation": 3,  # the first meeting with the family
    "analysis": 10,
    "needs_assessment": 10,
    "help_plan": 10,  # the plan agreed with the family and the team
    "monitoring": 90,  # the plan is reviewed at least every three months
    "review": 10,
}


def load(apps, schema_editor):
    StageDeadline = apps.get_model("cases", "StageDeadline")
    for stage, days in DAYS.items():
        StageDeadline.objects.using(schema_editor.connection.alias).update_or_create(
            stage=stage, defaults={"days": days}
        )


def unload(apps, schema_editor):
    apps.get_model("cases", "StageDeadline").objects.using(schema_editor.connection.alias).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
