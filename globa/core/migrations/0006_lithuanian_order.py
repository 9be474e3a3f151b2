"""Lithuanian alphabetical order (``globa_lt``), made here, before the models order by it.
Its definition is the one in globa/core/sql/00_functions.sql, which the last migration that
applies the folder applies again."""

from django.db import migrations

from globa.core.dbsecurity import function_definition


def create(apps, schema_editor):
    schema_editor.execute(function_definition("globa_lt"))


class Migration(migrations.Migration):
    dependencies = [("core", "0005_security_again")]
    operations = [
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
