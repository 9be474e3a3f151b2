"""Apply globa/core/sql/ again: the staffing figures (``globa_monitoring_staff``) count the
roles whose span covers the period's last day, instead of the roles held now whatever the
period."""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [("core", "0021_services_by_person"), ("accounts", "0007_membership_span")]
    operations = [ApplySecurity(__name__)]
