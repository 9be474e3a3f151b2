"""How many children live with each household, kept on the household's row by the database.

Matching reads every on-call carer at once; counting each carer's placements and own
children there cost index lookups per carer. Triggers on placements and own children now
recount the households a statement changed, in its transaction, and ``globa_placed``
counts a household's placements on any day. Both run as the tables' owner, so a count is
the household's, not only what the writer may see. The columns are the database's: the
application's model does not write them, and the audit trail leaves them out.
"""

from django.db import migrations

COLUMNS = """
ALTER TABLE registry_carerhousehold
  ADD COLUMN placed_open integer NOT NULL DEFAULT 0 CHECK (placed_open >= 0),
  ADD COLUMN placed_settled_from date,
  ADD COLUMN own_living integer NOT NULL DEFAULT 0 CHECK (own_living >= 0);
COMMENT ON COLUMN registry_carerhousehold.placed_open IS
  'Placements with no end (kept by globa_household_recount).';
COMMENT ON COLUMN registry_carerhousehold.placed_settled_from IS
  'The latest start or end of any placement: from this day on, placed_open is who is placed.';
COMMENT ON COLUMN registry_carerhousehold.own_living IS
  'Own children living in the household (kept by globa_household_recount).';
"""

# TG_ARGV[1], when given, lists columns the database keeps itself: they are left out of the
# audit trail, and an update of nothing else is not recorded.
AUDIT = """
CREATE OR REPLACE FUNCTION globa_audit() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  kept text[] := CASE WHEN TG_NARGS > 1 THEN string_to_array(TG_ARGV[1], ',') ELSE '{}' END;
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - kept END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - kept END;
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
DROP TRIGGER registry_carerhousehold_audit ON registry_carerhousehold;
CREATE TRIGGER registry_carerhousehold_audit
  AFTER INSERT OR UPDATE OR DELETE ON registry_carerhousehold
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id', 'placed_open,placed_settled_from,own_living');
"""

AUDIT_BEFORE = """
DROP TRIGGER registry_carerhousehold_audit ON registry_carerhousehold;
CREATE TRIGGER registry_carerhousehold_audit
  AFTER INSERT OR UPDATE OR DELETE ON registry_carerhousehold
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');
"""

FUNCTIONS = """
CREATE FUNCTION globa_placed(household uuid, day date) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT ((SELECT count(*) FROM registry_placement p
            WHERE p.household_id = household AND p.ended_on IS NULL AND p.started_on <= day)
        + (SELECT count(*) FROM registry_placement p
            WHERE p.household_id = household AND p.ended_on > day AND p.started_on <= day))::int
$$;

-- Recounts the households. Their rows are locked first, waiting for any other transaction
-- recounting them; the count, a statement later, then includes what that one committed.
CREATE FUNCTION globa_household_recount(households uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
  IF households IS NULL OR cardinality(households) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM registry_carerhousehold h WHERE h.id = ANY (households)
    ORDER BY h.id FOR NO KEY UPDATE;
  UPDATE registry_carerhousehold h
     SET placed_open = (SELECT count(*) FROM registry_placement p
                         WHERE p.household_id = h.id AND p.ended_on IS NULL),
         placed_settled_from = (SELECT greatest(max(p.started_on), max(p.ended_on))
                                  FROM registry_placement p WHERE p.household_id = h.id),
         own_living = (SELECT count(*) FROM registry_householdownchild c
                        WHERE c.household_id = h.id AND c.lives_in_household)
   WHERE h.id = ANY (households);
END
$$;

CREATE FUNCTION globa_household_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
  households uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT household_id) INTO households FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT household_id) INTO households FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT household_id) INTO households
      FROM (SELECT household_id FROM old_rows UNION SELECT household_id FROM new_rows) changed;
  END IF;
  PERFORM globa_household_recount(array_remove(households, NULL));
  RETURN NULL;
END
$$;
"""

# Only the table's owner (the recount, a security definer) may set the counts.
GUARD = """
CREATE FUNCTION globa_household_counts_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF current_user = (SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
                      WHERE c.oid = TG_RELID) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' AND (NEW.placed_open, NEW.placed_settled_from, NEW.own_living)
                          IS DISTINCT FROM (0, NULL::date, 0)
     OR TG_OP = 'UPDATE' AND (NEW.placed_open, NEW.placed_settled_from, NEW.own_living)
                          IS DISTINCT FROM (OLD.placed_open, OLD.placed_settled_from, OLD.own_living)
  THEN
    RAISE EXCEPTION 'a household''s counts are kept by the database'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER registry_carerhousehold_counts_insert BEFORE INSERT ON registry_carerhousehold
  FOR EACH ROW EXECUTE FUNCTION globa_household_counts_guard();
CREATE TRIGGER registry_carerhousehold_counts_update
  BEFORE UPDATE OF placed_open, placed_settled_from, own_living ON registry_carerhousehold
  FOR EACH ROW EXECUTE FUNCTION globa_household_counts_guard();
"""

TRIGGERS = """
CREATE TRIGGER {table}_recount_insert AFTER INSERT ON {table}
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION globa_household_changed();
CREATE TRIGGER {table}_recount_update AFTER UPDATE ON {table}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION globa_household_changed();
CREATE TRIGGER {table}_recount_delete AFTER DELETE ON {table}
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION globa_household_changed();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS {table}_recount_insert ON {table};
DROP TRIGGER IF EXISTS {table}_recount_update ON {table};
DROP TRIGGER IF EXISTS {table}_recount_delete ON {table};
"""

COUNTED = ("registry_placement", "registry_householdownchild")

FORWARD = (
    COLUMNS
    + AUDIT
    + FUNCTIONS
    + GUARD
    + "".join(TRIGGERS.format(table=t) for t in COUNTED)
    + "SELECT globa_household_recount(array_agg(id)) FROM registry_carerhousehold;"
)

BACKWARD = (
    "".join(DROP_TRIGGERS.format(table=t) for t in COUNTED)
    + "DROP TRIGGER registry_carerhousehold_counts_insert ON registry_carerhousehold;"
    + "DROP TRIGGER registry_carerhousehold_counts_update ON registry_carerhousehold;"
    + "DROP FUNCTION globa_household_counts_guard(), globa_household_changed(), globa_household_recount(uuid[]), "
    + "globa_placed(uuid, date);"
    + AUDIT_BEFORE
    + "ALTER TABLE registry_carerhousehold DROP COLUMN placed_open, "
    + "DROP COLUMN placed_settled_from, DROP COLUMN own_living;"
)


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_own_child_household")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
