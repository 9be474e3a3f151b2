-- Early-intervention cases: seen by the case scope of the organisation that runs them.

-- cases_familycase
ALTER TABLE cases_familycase ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS cases_familycase_scope ON cases_familycase;
CREATE POLICY cases_familycase_scope ON cases_familycase
  USING (globa_in_case_scope(organisation_id)) WITH CHECK (globa_in_case_scope(organisation_id));
CREATE OR REPLACE TRIGGER cases_familycase_audit AFTER INSERT OR UPDATE OR DELETE ON cases_familycase
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- cases_stageentry
ALTER TABLE cases_stageentry ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS cases_stageentry_scope ON cases_stageentry;
CREATE POLICY cases_stageentry_scope ON cases_stageentry
  USING (globa_in_case_scope(organisation_id)) WITH CHECK (globa_in_case_scope(organisation_id));
CREATE OR REPLACE TRIGGER cases_stageentry_audit AFTER INSERT OR UPDATE OR DELETE ON cases_stageentry
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- cases_casechild
ALTER TABLE cases_casechild ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS cases_casechild_scope ON cases_casechild;
CREATE POLICY cases_casechild_scope ON cases_casechild
  USING (globa_in_case_scope(organisation_id)) WITH CHECK (globa_in_case_scope(organisation_id));
CREATE OR REPLACE TRIGGER cases_casechild_audit AFTER INSERT OR UPDATE OR DELETE ON cases_casechild
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- cases_teammember
ALTER TABLE cases_teammember ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS cases_teammember_scope ON cases_teammember;
CREATE POLICY cases_teammember_scope ON cases_teammember
  USING (globa_in_case_scope(organisation_id)) WITH CHECK (globa_in_case_scope(organisation_id));
CREATE OR REPLACE TRIGGER cases_teammember_audit AFTER INSERT OR UPDATE OR DELETE ON cases_teammember
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- cases_conference
ALTER TABLE cases_conference ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS cases_conference_scope ON cases_conference;
CREATE POLICY cases_conference_scope ON cases_conference
  USING (globa_in_case_scope(organisation_id)) WITH CHECK (globa_in_case_scope(organisation_id));
CREATE OR REPLACE TRIGGER cases_conference_audit AFTER INSERT OR UPDATE OR DELETE ON cases_conference
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- cases_conferenceparticipant
ALTER TABLE cases_conferenceparticipant ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS cases_conferenceparticipant_scope ON cases_conferenceparticipant;
CREATE POLICY cases_conferenceparticipant_scope ON cases_conferenceparticipant
  USING (globa_in_case_scope(organisation_id)) WITH CHECK (globa_in_case_scope(organisation_id));
CREATE OR REPLACE TRIGGER cases_conferenceparticipant_audit AFTER INSERT OR UPDATE OR DELETE ON cases_conferenceparticipant
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- cases_goal
ALTER TABLE cases_goal ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS cases_goal_scope ON cases_goal;
CREATE POLICY cases_goal_scope ON cases_goal
  USING (globa_in_case_scope(organisation_id)) WITH CHECK (globa_in_case_scope(organisation_id));
CREATE OR REPLACE TRIGGER cases_goal_audit AFTER INSERT OR UPDATE OR DELETE ON cases_goal
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- cases_action
ALTER TABLE cases_action ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS cases_action_scope ON cases_action;
CREATE POLICY cases_action_scope ON cases_action
  USING (globa_in_case_scope(organisation_id)) WITH CHECK (globa_in_case_scope(organisation_id));
CREATE OR REPLACE TRIGGER cases_action_audit AFTER INSERT OR UPDATE OR DELETE ON cases_action
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');
