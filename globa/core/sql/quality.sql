-- Quality monitoring of care centres: the carer satisfaction survey.
--
-- A round (centre and period) and its links hold no personal record: a link is a random
-- token looked up before the request has any scope (the survey page needs no login), as an
-- API token is, so they have no row-level security; the application lets only the centre's
-- manager and the national monitor open them. Every change is audited; a token is never
-- copied into the trail.
--
-- An answer names no household and no link. Its comment is the centre's to read (its
-- managers, through globa.orgs); anyone may add an answer (the page checks and spends the
-- link in the same transaction), which is why the insert policy checks nothing more. The
-- share of positive answers is counted by globa_monitoring_survey, counts only.

CREATE OR REPLACE TRIGGER monitoring_surveyround_audit AFTER INSERT OR UPDATE OR DELETE ON monitoring_surveyround
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

CREATE OR REPLACE TRIGGER monitoring_surveylink_audit AFTER INSERT OR UPDATE OR DELETE ON monitoring_surveylink
  FOR EACH ROW EXECUTE FUNCTION globa_audit('', 'token');

ALTER TABLE monitoring_surveyanswer ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS monitoring_surveyanswer_scope ON monitoring_surveyanswer;
CREATE POLICY monitoring_surveyanswer_scope ON monitoring_surveyanswer
  USING (globa_in_scope(centre_id));
DROP POLICY IF EXISTS monitoring_surveyanswer_add ON monitoring_surveyanswer;
CREATE POLICY monitoring_surveyanswer_add ON monitoring_surveyanswer FOR INSERT
  WITH CHECK (true);

-- Quality review visits of the national service to the care centres, their findings and
-- follow-up actions: about a centre's work, never a record of a child or a household, so,
-- like the service contracts, organisation data without row-level security (the application
-- shows them to the national monitor, the centre's managers and its municipality's
-- officers). Every change audited as the centre's.

CREATE OR REPLACE TRIGGER monitoring_reviewvisit_audit AFTER INSERT OR UPDATE OR DELETE ON monitoring_reviewvisit
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

CREATE OR REPLACE TRIGGER monitoring_reviewfinding_audit AFTER INSERT OR UPDATE OR DELETE ON monitoring_reviewfinding
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

CREATE OR REPLACE TRIGGER monitoring_reviewaction_audit AFTER INSERT OR UPDATE OR DELETE ON monitoring_reviewaction
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');
