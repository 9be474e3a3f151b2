-- Assessments: instruments (reference data, written only by the owner: `globa migrate` and
-- `globa instruments` publish them) and the assessments made with them, each row the
-- organisation's responsible for the person assessed, read by its subject's scope.

-- The published versions never change, and only the owner publishes them.
CREATE OR REPLACE TRIGGER assessments_instrumentversion_unchanged BEFORE UPDATE ON assessments_instrumentversion
  FOR EACH ROW EXECUTE FUNCTION globa_instrument_unchanged();
CREATE OR REPLACE TRIGGER assessments_domain_unchanged BEFORE UPDATE ON assessments_domain
  FOR EACH ROW EXECUTE FUNCTION globa_instrument_unchanged();
CREATE OR REPLACE TRIGGER assessments_item_unchanged BEFORE UPDATE ON assessments_item
  FOR EACH ROW EXECUTE FUNCTION globa_instrument_unchanged();
SELECT globa_revoke_from_all('assessments_instrument', 'INSERT, UPDATE, DELETE, TRUNCATE');
SELECT globa_revoke_from_all('assessments_instrumentversion', 'INSERT, UPDATE, DELETE, TRUNCATE');
SELECT globa_revoke_from_all('assessments_domain', 'INSERT, UPDATE, DELETE, TRUNCATE');
SELECT globa_revoke_from_all('assessments_item', 'INSERT, UPDATE, DELETE, TRUNCATE');

-- assessments_assessment: locked once completed
ALTER TABLE assessments_assessment ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS assessments_assessment_scope ON assessments_assessment;
CREATE POLICY assessments_assessment_scope ON assessments_assessment
  USING (globa_in_assessment_scope(subject_kind, organisation_id))
  WITH CHECK (globa_in_assessment_scope(subject_kind, organisation_id));
CREATE OR REPLACE TRIGGER assessments_assessment_audit AFTER INSERT OR UPDATE OR DELETE ON assessments_assessment
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');
CREATE OR REPLACE TRIGGER assessments_assessment_locked BEFORE UPDATE OR DELETE ON assessments_assessment
  FOR EACH ROW EXECUTE FUNCTION globa_assessment_locked();

-- assessments_answer: evidence in a restricted domain is not copied into the audit trail
ALTER TABLE assessments_answer ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS assessments_answer_scope ON assessments_answer;
CREATE POLICY assessments_answer_scope ON assessments_answer
  USING (globa_in_assessment_scope(subject_kind, organisation_id))
  WITH CHECK (globa_in_assessment_scope(subject_kind, organisation_id));
CREATE OR REPLACE TRIGGER assessments_answer_audit AFTER INSERT OR UPDATE OR DELETE ON assessments_answer
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id', 'updated_at', 'evidence', 'globa_restricted_evidence');
CREATE OR REPLACE TRIGGER assessments_answer_locked BEFORE INSERT OR UPDATE OR DELETE ON assessments_answer
  FOR EACH ROW EXECUTE FUNCTION globa_assessment_part_locked();

-- assessments_informant
ALTER TABLE assessments_informant ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS assessments_informant_scope ON assessments_informant;
CREATE POLICY assessments_informant_scope ON assessments_informant
  USING (globa_in_assessment_scope(subject_kind, organisation_id))
  WITH CHECK (globa_in_assessment_scope(subject_kind, organisation_id));
CREATE OR REPLACE TRIGGER assessments_informant_audit AFTER INSERT OR UPDATE OR DELETE ON assessments_informant
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');
CREATE OR REPLACE TRIGGER assessments_informant_locked BEFORE INSERT OR UPDATE OR DELETE ON assessments_informant
  FOR EACH ROW EXECUTE FUNCTION globa_assessment_part_locked();

-- assessments_domainrating
ALTER TABLE assessments_domainrating ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS assessments_domainrating_scope ON assessments_domainrating;
CREATE POLICY assessments_domainrating_scope ON assessments_domainrating
  USING (globa_in_assessment_scope(subject_kind, organisation_id))
  WITH CHECK (globa_in_assessment_scope(subject_kind, organisation_id));
CREATE OR REPLACE TRIGGER assessments_domainrating_audit AFTER INSERT OR UPDATE OR DELETE ON assessments_domainrating
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id', 'updated_at');
CREATE OR REPLACE TRIGGER assessments_domainrating_locked BEFORE INSERT OR UPDATE OR DELETE ON assessments_domainrating
  FOR EACH ROW EXECUTE FUNCTION globa_assessment_part_locked();
