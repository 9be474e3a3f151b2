"""The database's security and audit definitions, applied from globa/core/sql/ as they are now.

Until here they were spread over the apps' migrations (which stay as history). From here on,
a change is an edit of the folder and a new migration that applies it again, after this one
and after the migrations that made the tables it names (docs/architecture.md).
"""

from django.db import migrations

from globa.core.dbsecurity import ApplySecurity


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_case_scope"),
        ("accounts", "0001_initial"),
        ("audit", "0006_access_log_outlives_records"),
        ("carers", "0007_contract_ended_early"),
        ("cases", "0004_participant_lookup"),
        ("organisations", "0003_public_details"),
        ("registry", "0010_occupancy"),
        ("reminders", "0003_contract_ending"),
        ("support", "0006_service_restricted_not_in_groups"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]
    operations = [ApplySecurity(__name__)]
