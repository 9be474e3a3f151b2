-- Plans that assessments lead to: a child's service plan, a staff member's development plan;
-- each row the organisation's whose plan it is, read by its subject's scope.

-- plans_plan
ALTER TABLE plans_plan ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS plans_plan_scope ON plans_plan;
CREATE POLICY plans_plan_scope ON plans_plan
  USING (globa_in_assessment_scope(subject_kind, organisation_id))
  WITH CHECK (globa_in_assessment_scope(subject_kind, organisation_id));
CREATE OR REPLACE TRIGGER plans_plan_audit AFTER INSERT OR UPDATE OR DELETE ON plans_plan
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- plans_goal
ALTER TABLE plans_goal ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS plans_goal_scope ON plans_goal;
CREATE POLICY plans_goal_scope ON plans_goal
  USING (globa_in_assessment_scope(subject_kind, organisation_id))
  WITH CHECK (globa_in_assessment_scope(subject_kind, organisation_id));
CREATE OR REPLACE TRIGGER plans_goal_audit AFTER INSERT OR UPDATE OR DELETE ON plans_goal
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- plans_action
ALTER TABLE plans_action ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS plans_action_scope ON plans_action;
CREATE POLICY plans_action_scope ON plans_action
  USING (globa_in_assessment_scope(subject_kind, organisation_id))
  WITH CHECK (globa_in_assessment_scope(subject_kind, organisation_id));
CREATE OR REPLACE TRIGGER plans_action_audit AFTER INSERT OR UPDATE OR DELETE ON plans_action
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- plans_review
ALTER TABLE plans_review ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS plans_review_scope ON plans_review;
CREATE POLICY plans_review_scope ON plans_review
  USING (globa_in_assessment_scope(subject_kind, organisation_id))
  WITH CHECK (globa_in_assessment_scope(subject_kind, organisation_id));
CREATE OR REPLACE TRIGGER plans_review_audit AFTER INSERT OR UPDATE OR DELETE ON plans_review
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

-- plans_goalprogress
ALTER TABLE plans_goalprogress ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS plans_goalprogress_scope ON plans_goalprogress;
CREATE POLICY plans_goalprogress_scope ON plans_goalprogress
  USING (globa_in_assessment_scope(subject_kind, organisation_id))
  WITH CHECK (globa_in_assessment_scope(subject_kind, organisation_id));
CREATE OR REPLACE TRIGGER plans_goalprogress_audit AFTER INSERT OR UPDATE OR DELETE ON plans_goalprogress
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');
