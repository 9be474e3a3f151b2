"""Row-level security and the audit trigger for contracts, respite periods and matches; the
default matching weights."""

from django.db import migrations

from globa.lib.dbsecurity import protect

DEFAULT_WEIGHTS = {"near": 3, "siblings": 3, "language": 2, "load": 1, "experience": 2}


def add_weights(apps, schema_editor):
    MatchWeight = apps.get_model("carers", "MatchWeight")
    MatchWeight.objects.using(schema_editor.connection.alias).bulk_create(
        MatchWeight(centre=None, criterion=c, weight=w) for c, w in DEFAULT_WEIGHTS.items()
    )


def remove_weights(apps, schema_editor):
    MatchWeight = apps.get_model("carers", "MatchWeight")
    MatchWeight.objects.using(schema_editor.connection.alias).filter(centre=None).delete()


class Migration(migrations.Migration):
    dependencies = [("carers", "0003_contracts_and_matching")]
    operations = [
        protect("carers_contract", "centre_id"),
        protect("carers_respite", "centre_id"),
        protect("carers_match", "centre_id"),
        migrations.RunPython(add_weights, remove_weights),
    ]
