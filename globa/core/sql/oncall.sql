-- Placement requests between centres: seen by both the requesting and the receiving centre.

ALTER TABLE oncall_placementrequest ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS oncall_placementrequest_scope ON oncall_placementrequest;
CREATE POLICY oncall_placementrequest_scope ON oncall_placementrequest
  USING (globa_in_scope(from_centre_id) OR globa_in_scope(to_centre_id))
  WITH CHECK (globa_in_scope(from_centre_id) OR globa_in_scope(to_centre_id));
CREATE OR REPLACE TRIGGER oncall_placementrequest_audit AFTER INSERT OR UPDATE OR DELETE ON oncall_placementrequest
  FOR EACH ROW EXECUTE FUNCTION globa_audit('from_centre_id');
