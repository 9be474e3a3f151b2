-- Retention: legal holds, the list of records at their end, and the destruction register,
-- each the organisation's whose record it is (organisation_id). A case's are read with the
-- case scope.

ALTER TABLE retention_legalhold ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS retention_legalhold_scope ON retention_legalhold;
CREATE POLICY retention_legalhold_scope ON retention_legalhold
  USING (CASE WHEN family_case_id IS NOT NULL THEN globa_in_case_scope(organisation_id)
              ELSE globa_in_scope(organisation_id) END)
  WITH CHECK (CASE WHEN family_case_id IS NOT NULL THEN globa_in_case_scope(organisation_id)
                   ELSE globa_in_scope(organisation_id) END);
CREATE OR REPLACE TRIGGER retention_legalhold_audit AFTER INSERT OR UPDATE OR DELETE ON retention_legalhold
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

ALTER TABLE retention_review ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS retention_review_scope ON retention_review;
CREATE POLICY retention_review_scope ON retention_review
  USING (CASE WHEN record_kind = 'family_case' THEN globa_in_case_scope(organisation_id)
              ELSE globa_in_scope(organisation_id) END)
  WITH CHECK (CASE WHEN record_kind = 'family_case' THEN globa_in_case_scope(organisation_id)
                   ELSE globa_in_scope(organisation_id) END);
CREATE OR REPLACE TRIGGER retention_review_audit AFTER INSERT OR UPDATE OR DELETE ON retention_review
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

ALTER TABLE retention_destruction ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS retention_destruction_scope ON retention_destruction;
CREATE POLICY retention_destruction_scope ON retention_destruction
  USING (CASE WHEN record_kind = 'family_case' THEN globa_in_case_scope(organisation_id)
              ELSE globa_in_scope(organisation_id) END)
  WITH CHECK (CASE WHEN record_kind = 'family_case' THEN globa_in_case_scope(organisation_id)
                   ELSE globa_in_scope(organisation_id) END);
CREATE OR REPLACE TRIGGER retention_destruction_audit AFTER INSERT OR UPDATE OR DELETE ON retention_destruction
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');
-- The register is kept: nobody changes or removes an entry.
SELECT globa_revoke_from_all('retention_destruction', 'UPDATE, DELETE, TRUNCATE');
