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
