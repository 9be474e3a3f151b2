-- The audit trail (audit_change, written only by globa_audit) and the access log (audit_access,
-- a row for each view of a record, written with the page).
--
-- A case's audit rows, and those of a service given in a case, are read with the case scope;
-- an assessment's or a plan's by the scope of its subject (globa_in_assessment_scope); every
-- other row with the registry scope of its organisation. A row without an organisation
-- (a change of a user account) is read only when acting for the whole installation.

ALTER TABLE audit_change ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_change_read ON audit_change;
CREATE POLICY audit_change_read ON audit_change FOR SELECT
  USING (CASE WHEN table_name LIKE 'cases\_%'
                   OR (table_name IN ('support_delivery', 'documents_document')
                       AND coalesce(after, before) ->> 'family_case_id' IS NOT NULL)
              THEN globa_in_case_scope(organisation_id)
              WHEN table_name LIKE 'assessments\_%' OR table_name LIKE 'plans\_%'
              THEN globa_in_assessment_scope(coalesce(after, before) ->> 'subject_kind',
                                             organisation_id)
              ELSE globa_in_scope(organisation_id) END);
-- No role but the owner (the audit trigger) adds to it; nobody changes it.
DROP POLICY IF EXISTS audit_change_add ON audit_change;
SELECT globa_revoke_from_all('audit_change', 'INSERT, UPDATE, DELETE, TRUNCATE');

ALTER TABLE audit_access ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_access_read ON audit_access;
CREATE POLICY audit_access_read ON audit_access FOR SELECT
  USING (CASE WHEN family_case_id IS NOT NULL THEN globa_in_case_scope(organisation_id)
              WHEN assessment_id IS NOT NULL OR plan_id IS NOT NULL
              THEN globa_in_scope(organisation_id) OR globa_in_case_scope(organisation_id)
              ELSE globa_in_scope(organisation_id) END);
-- The application adds a row for each record it shows; nobody changes them.
DROP POLICY IF EXISTS audit_access_add ON audit_access;
CREATE POLICY audit_access_add ON audit_access FOR INSERT
  WITH CHECK (organisation_id IS NULL
              OR CASE WHEN family_case_id IS NOT NULL THEN globa_in_case_scope(organisation_id)
                      WHEN assessment_id IS NOT NULL OR plan_id IS NOT NULL
                      THEN globa_in_scope(organisation_id) OR globa_in_case_scope(organisation_id)
                      ELSE globa_in_scope(organisation_id) END);
SELECT globa_revoke_from_all('audit_access', 'UPDATE, DELETE, TRUNCATE');

-- The export log (audit_export): a row for each list exported to a file, written with it and
-- read in the scope of the organisation the user acted for.
ALTER TABLE audit_export ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_export_read ON audit_export;
CREATE POLICY audit_export_read ON audit_export FOR SELECT
  USING (globa_in_scope(organisation_id) OR globa_in_case_scope(organisation_id));
DROP POLICY IF EXISTS audit_export_add ON audit_export;
CREATE POLICY audit_export_add ON audit_export FOR INSERT
  WITH CHECK (globa_in_scope(organisation_id) OR globa_in_case_scope(organisation_id));
SELECT globa_revoke_from_all('audit_export', 'UPDATE, DELETE, TRUNCATE');
