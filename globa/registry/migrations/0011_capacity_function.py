"""The capacity rule in force, defined once: ``globa_capacity(household_kind, day)``.

The placement check (``registry.selectors.capacity_rule_for``), on-call availability (its
statement's ``rule``) and the data generator each chose the version of the rule for a day
in their own words, and did not agree on the last day of a version: ``valid_to`` is the
first day a version no longer applies (``valid_from <= day < valid_to``). All of them now
read this function. It returns the rule's row (the table's row type), or none when no
version is in force; if the table is renamed, the function goes with it.
"""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION globa_capacity(household_kind text, day date)
RETURNS SETOF registry_capacityrule
LANGUAGE sql STABLE
AS $$
  SELECT r.* FROM registry_capacityrule r
   WHERE r.household_kind = globa_capacity.household_kind
     AND r.valid_from <= globa_capacity.day
     AND (r.valid_to IS NULL OR r.valid_to > globa_capacity.day)
   ORDER BY r.valid_from DESC
   LIMIT 1
$$;
COMMENT ON FUNCTION globa_capacity(text, date) IS
  'The capacity rule in force for a kind of household on a day (valid_from <= day < valid_to).';
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_occupancy")]
    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS globa_capacity(text, date);")
    ]
