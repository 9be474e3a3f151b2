"""Apply globa/core/sql/ again: notifications are their recipient's own."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_security_integration"),
        ("notifications", "0001_initial"),
    ]
    operations = [ApplySecurity(__name__)]
