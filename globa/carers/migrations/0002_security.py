"""Row-level security and the audit trigger for the people in the pipeline; their stage
changes are a log the application may add to but never change. The default stage norms."""

from django.db import migrations

from globa.lib.dbsecurity import append_only, protect

DEFAULT_NORMS = {
    "inquiry": 14,
    "info_meeting": 30,
    "training": 90,
    "assessment": 60,
    "approval": 30,
    "contract": 30,
    "paused": 90,
}


def add_norms(apps, schema_editor):
    StageNorm = apps.get_model("carers", "StageNorm")
    StageNorm.objects.using(schema_editor.connection.alias).bulk_create(
        StageNorm(centre=None, stage=stage, days=days) for stage, days in DEFAULT_NORMS.items()
    )


def remove_norms(apps, schema_editor):
    StageNorm = apps.get_model("carers", "StageNorm")
    StageNorm.objects.using(schema_editor.connection.alias).filter(centre=None).delete()


class Migration(migrations.Migration):
    dependencies = [("carers", "0001_initial"), ("audit", "0002_append_only")]
    operations = [
        protect("carers_candidate", "centre_id"),
        append_only("carers_stagechange", "centre_id"),
        migrations.RunPython(add_norms, remove_norms),
    ]
