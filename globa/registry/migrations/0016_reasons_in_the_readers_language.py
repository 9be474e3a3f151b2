"""The first coordinator's assignment of a household records its reason in English (shown in
the reader's language); those written in Lithuanian before are changed to it."""

from django.db import migrations


def english_reason(apps, schema_editor):
    Assignment = apps.get_model("registry", "CoordinatorAssignment")
    Assignment.objects.using(schema_editor.connection.alias).filter(
        reason="šeima užregistruota"
    ).update(reason="household registered")


class Migration(migrations.Migration):
    dependencies = [("registry", "0015_lithuanian_order")]
    operations = [migrations.RunPython(english_reason, migrations.RunPython.noop)]
