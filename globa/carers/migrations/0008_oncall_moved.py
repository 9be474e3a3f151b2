"""On-call care's models now belong to the oncall app (its migration 0001 takes them over):
they leave this app's state only; the tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("carers", "0007_contract_ended_early"),
        ("oncall", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Respite"),
                migrations.DeleteModel(name="Contract"),
                migrations.DeleteModel(name="Match"),
                migrations.DeleteModel(name="MatchWeight"),
            ],
            database_operations=[],
        ),
    ]
