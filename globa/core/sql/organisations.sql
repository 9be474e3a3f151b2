-- Organisations are public (the centre directory): no row-level security. Their changes are
-- audited, each as the organisation's own (a centre's manager sets its public contacts).

CREATE OR REPLACE TRIGGER organisations_organisation_audit
  AFTER INSERT OR UPDATE OR DELETE ON organisations_organisation
  FOR EACH ROW EXECUTE FUNCTION globa_audit('id');
