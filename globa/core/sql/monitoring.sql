-- Institution transformation (monitoring_transformation*): counts of an institution's
-- residents, never a person's record, so no row-level policy; every change audited under the
-- institution.

-- monitoring_transformationplan
CREATE OR REPLACE TRIGGER monitoring_transformationplan_audit
  AFTER INSERT OR UPDATE OR DELETE ON monitoring_transformationplan
  FOR EACH ROW EXECUTE FUNCTION globa_audit('institution_id');

-- monitoring_transformationstatuschange
CREATE OR REPLACE TRIGGER monitoring_transformationstatuschange_audit
  AFTER INSERT OR UPDATE OR DELETE ON monitoring_transformationstatuschange
  FOR EACH ROW EXECUTE FUNCTION globa_audit('institution_id');

-- monitoring_transformationmilestone
CREATE OR REPLACE TRIGGER monitoring_transformationmilestone_audit
  AFTER INSERT OR UPDATE OR DELETE ON monitoring_transformationmilestone
  FOR EACH ROW EXECUTE FUNCTION globa_audit('institution_id');

-- monitoring_transformationresidents
CREATE OR REPLACE TRIGGER monitoring_transformationresidents_audit
  AFTER INSERT OR UPDATE OR DELETE ON monitoring_transformationresidents
  FOR EACH ROW EXECUTE FUNCTION globa_audit('institution_id');
