"""Extensions, the row-level security helpers and the application role's privileges."""

from django.conf import settings
from django.db import migrations

FUNCTIONS = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- unaccent() is only STABLE; names are indexed through this immutable wrapper.
CREATE OR REPLACE FUNCTION globa_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;

-- True when the current transaction may see records of the organisation.
CREATE OR REPLACE FUNCTION globa_in_scope(org bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT coalesce(current_setting('globa.system', true), '') = 'on'
      OR org = ANY (string_to_array(nullif(current_setting('globa.orgs', true), ''), ',')::bigint[])
$$;

-- Copies every change of an audited row into audit_change, in the same transaction.
-- TG_ARGV[0] names the column holding the organisation the row belongs to.
CREATE OR REPLACE FUNCTION globa_audit() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  row_data jsonb := coalesce(new_row, old_row);
BEGIN
  IF TG_OP = 'UPDATE' AND old_row = new_row THEN
    RETURN NULL;
  END IF;
  INSERT INTO audit_change (at, table_name, row_id, operation, before, after,
                            user_id, acting_organisation_id, organisation_id)
  VALUES (clock_timestamp(), TG_TABLE_NAME, row_data->>'id', left(TG_OP, 1), old_row, new_row,
          nullif(current_setting('globa.user_id', true), '')::bigint,
          nullif(current_setting('globa.org_id', true), '')::bigint,
          (row_data->>TG_ARGV[0])::bigint);
  RETURN NULL;
END
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS globa_audit();
DROP FUNCTION IF EXISTS globa_in_scope(bigint);
DROP FUNCTION IF EXISTS globa_fold(text);
"""


def grant_application_role(apps, schema_editor):
    app_role = settings.DATABASES["default"]["USER"]
    owner_role = schema_editor.connection.settings_dict["USER"]
    if not app_role or app_role == owner_role:
        return
    role = schema_editor.quote_name(app_role)
    schema_editor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
    schema_editor.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
    )
    schema_editor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    schema_editor.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}"
    )
    schema_editor.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}"
    )


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    run_before = [("contenttypes", "0001_initial"), ("auth", "0001_initial")]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RunPython(grant_application_role, migrations.RunPython.noop),
    ]
