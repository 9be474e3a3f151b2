-- Imports: the file a centre sent and which record came from which row, each the centre's
-- (centre_id).

ALTER TABLE imports_importbatch ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS imports_importbatch_scope ON imports_importbatch;
CREATE POLICY imports_importbatch_scope ON imports_importbatch
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
-- The file itself is not copied into the trail (it can be large); its rows become audited
-- records when the import is saved. Progress is not a change of the import.
CREATE OR REPLACE TRIGGER imports_importbatch_audit AFTER INSERT OR UPDATE OR DELETE ON imports_importbatch
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id', 'rows_done,content,result');

ALTER TABLE imports_importedrecord ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS imports_importedrecord_scope ON imports_importedrecord;
CREATE POLICY imports_importedrecord_scope ON imports_importedrecord
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER imports_importedrecord_audit AFTER INSERT OR UPDATE OR DELETE ON imports_importedrecord
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');
