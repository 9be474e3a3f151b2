-- The registry: children, relatives, sibling groups, carer households, their adults and own
-- children, coordinators and placements. Each row is its centre's (centre_id).

-- registry_child
ALTER TABLE registry_child ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS registry_child_scope ON registry_child;
CREATE POLICY registry_child_scope ON registry_child
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER registry_child_audit AFTER INSERT OR UPDATE OR DELETE ON registry_child
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- registry_relative
ALTER TABLE registry_relative ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS registry_relative_scope ON registry_relative;
CREATE POLICY registry_relative_scope ON registry_relative
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER registry_relative_audit AFTER INSERT OR UPDATE OR DELETE ON registry_relative
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- registry_siblinggroup
ALTER TABLE registry_siblinggroup ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS registry_siblinggroup_scope ON registry_siblinggroup;
CREATE POLICY registry_siblinggroup_scope ON registry_siblinggroup
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER registry_siblinggroup_audit AFTER INSERT OR UPDATE OR DELETE ON registry_siblinggroup
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- registry_householdadult
ALTER TABLE registry_householdadult ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS registry_householdadult_scope ON registry_householdadult;
CREATE POLICY registry_householdadult_scope ON registry_householdadult
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER registry_householdadult_audit AFTER INSERT OR UPDATE OR DELETE ON registry_householdadult
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- registry_coordinatorassignment
ALTER TABLE registry_coordinatorassignment ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS registry_coordinatorassignment_scope ON registry_coordinatorassignment;
CREATE POLICY registry_coordinatorassignment_scope ON registry_coordinatorassignment
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER registry_coordinatorassignment_audit AFTER INSERT OR UPDATE OR DELETE ON registry_coordinatorassignment
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- registry_carerhousehold
ALTER TABLE registry_carerhousehold ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS registry_carerhousehold_scope ON registry_carerhousehold;
CREATE POLICY registry_carerhousehold_scope ON registry_carerhousehold
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER registry_carerhousehold_audit AFTER INSERT OR UPDATE OR DELETE ON registry_carerhousehold
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id', 'placed_open,placed_settled_from,own_living');

-- The counts on the household's row are the database's (globa_household_recount): nobody but
-- the owner sets them, and the audit trail leaves them out (above).
CREATE OR REPLACE TRIGGER registry_carerhousehold_counts_insert
  BEFORE INSERT ON registry_carerhousehold
  FOR EACH ROW EXECUTE FUNCTION globa_household_counts_guard();
CREATE OR REPLACE TRIGGER registry_carerhousehold_counts_update
  BEFORE UPDATE OF placed_open, placed_settled_from, own_living ON registry_carerhousehold
  FOR EACH ROW EXECUTE FUNCTION globa_household_counts_guard();

-- registry_placement
ALTER TABLE registry_placement ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS registry_placement_scope ON registry_placement;
CREATE POLICY registry_placement_scope ON registry_placement
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER registry_placement_audit AFTER INSERT OR UPDATE OR DELETE ON registry_placement
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');
-- Recounts the households the statement changed.
CREATE OR REPLACE TRIGGER registry_placement_recount_insert AFTER INSERT ON registry_placement
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION globa_household_changed();
CREATE OR REPLACE TRIGGER registry_placement_recount_update AFTER UPDATE ON registry_placement
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION globa_household_changed();
CREATE OR REPLACE TRIGGER registry_placement_recount_delete AFTER DELETE ON registry_placement
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION globa_household_changed();

-- registry_householdownchild
ALTER TABLE registry_householdownchild ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS registry_householdownchild_scope ON registry_householdownchild;
CREATE POLICY registry_householdownchild_scope ON registry_householdownchild
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER registry_householdownchild_audit AFTER INSERT OR UPDATE OR DELETE ON registry_householdownchild
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');
-- Recounts the households the statement changed.
CREATE OR REPLACE TRIGGER registry_householdownchild_recount_insert AFTER INSERT ON registry_householdownchild
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION globa_household_changed();
CREATE OR REPLACE TRIGGER registry_householdownchild_recount_update AFTER UPDATE ON registry_householdownchild
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION globa_household_changed();
CREATE OR REPLACE TRIGGER registry_householdownchild_recount_delete AFTER DELETE ON registry_householdownchild
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION globa_household_changed();
