"""The audit rows of a case's services are read with the case scope, like the case's own."""

from django.db import migrations

CHANGE_SCOPE = (
    "CASE WHEN table_name LIKE 'cases\\_%' OR (table_name = 'support_delivery' "
    "AND coalesce(after, before) ->> 'family_case_id' IS NOT NULL) "
    "THEN globa_in_case_scope(organisation_id) ELSE globa_in_scope(organisation_id) END"
)
PREVIOUS = (
    "CASE WHEN table_name LIKE 'cases\\_%' THEN globa_in_case_scope(organisation_id) "
    "ELSE globa_in_scope(organisation_id) END"
)


def policies(scope: str) -> str:
    return f"""
    DROP POLICY IF EXISTS audit_change_read ON audit_change;
    DROP POLICY IF EXISTS audit_change_add ON audit_change;
    CREATE POLICY audit_change_read ON audit_change FOR SELECT USING ({scope});
    CREATE POLICY audit_change_add ON audit_change FOR INSERT
        WITH CHECK (organisation_id IS NULL OR {scope});
    """


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_access_log_cases"), ("support", "0005_case_deliveries")]
    operations = [migrations.RunSQL(policies(CHANGE_SCOPE), policies(PREVIOUS))]
