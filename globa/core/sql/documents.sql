-- Documents attached to records, each its record's organisation's (organisation_id). A case's
-- documents are seen with the case (the case scope); an assessment's or a plan's as the
-- assessment or plan (subject_kind, as globa_in_assessment_scope reads it); every other with
-- the registry scope.

ALTER TABLE documents_document ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS documents_document_scope ON documents_document;
CREATE POLICY documents_document_scope ON documents_document
  USING (CASE WHEN family_case_id IS NOT NULL THEN globa_in_case_scope(organisation_id)
              WHEN subject_kind <> '' THEN globa_in_assessment_scope(subject_kind, organisation_id)
              ELSE globa_in_scope(organisation_id) END)
  WITH CHECK (CASE WHEN family_case_id IS NOT NULL THEN globa_in_case_scope(organisation_id)
                   WHEN subject_kind <> '' THEN globa_in_assessment_scope(subject_kind, organisation_id)
                   ELSE globa_in_scope(organisation_id) END);
CREATE OR REPLACE TRIGGER documents_document_audit AFTER INSERT OR UPDATE OR DELETE ON documents_document
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');
