"""The row-level security function for early-intervention cases.

Cases are seen by the case managers and centre managers of the organisation that runs them
(``globa.case_orgs``), not by everyone who works with the registry of that organisation.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION globa_in_case_scope(org bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT coalesce(current_setting('globa.system', true), '') = 'on'
      OR org = ANY (string_to_array(nullif(current_setting('globa.case_orgs', true), ''), ',')::bigint[])
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0001_database_security")]
    operations = [
        migrations.RunSQL(CREATE, "DROP FUNCTION IF EXISTS globa_in_case_scope(bigint);")
    ]
