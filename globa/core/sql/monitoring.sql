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

-- A municipality's service contracts with providers are organisation data, not personal
-- data: like the organisations and the services they provide, no row-level security (the
-- application shows them only to the municipality's officers). Their changes are audited,
-- each as the municipality's own; the service types of a contract as the installation's.

CREATE OR REPLACE TRIGGER monitoring_servicecontract_audit
  AFTER INSERT OR UPDATE OR DELETE ON monitoring_servicecontract
  FOR EACH ROW EXECUTE FUNCTION globa_audit('municipality_id');

CREATE OR REPLACE TRIGGER monitoring_servicecontract_services_audit
  AFTER INSERT OR UPDATE OR DELETE ON monitoring_servicecontract_services
  FOR EACH ROW EXECUTE FUNCTION globa_audit('');
