-- The carer pipeline, contracts, matching and training: each row its centre's (centre_id).

-- carers_candidate
ALTER TABLE carers_candidate ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS carers_candidate_scope ON carers_candidate;
CREATE POLICY carers_candidate_scope ON carers_candidate
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER carers_candidate_audit AFTER INSERT OR UPDATE OR DELETE ON carers_candidate
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- carers_contract
ALTER TABLE carers_contract ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS carers_contract_scope ON carers_contract;
CREATE POLICY carers_contract_scope ON carers_contract
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER carers_contract_audit AFTER INSERT OR UPDATE OR DELETE ON carers_contract
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- carers_respite
ALTER TABLE carers_respite ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS carers_respite_scope ON carers_respite;
CREATE POLICY carers_respite_scope ON carers_respite
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER carers_respite_audit AFTER INSERT OR UPDATE OR DELETE ON carers_respite
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- carers_match
ALTER TABLE carers_match ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS carers_match_scope ON carers_match;
CREATE POLICY carers_match_scope ON carers_match
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER carers_match_audit AFTER INSERT OR UPDATE OR DELETE ON carers_match
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- carers_traininggroup
ALTER TABLE carers_traininggroup ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS carers_traininggroup_scope ON carers_traininggroup;
CREATE POLICY carers_traininggroup_scope ON carers_traininggroup
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER carers_traininggroup_audit AFTER INSERT OR UPDATE OR DELETE ON carers_traininggroup
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- carers_trainer
ALTER TABLE carers_trainer ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS carers_trainer_scope ON carers_trainer;
CREATE POLICY carers_trainer_scope ON carers_trainer
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER carers_trainer_audit AFTER INSERT OR UPDATE OR DELETE ON carers_trainer
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- carers_participant
ALTER TABLE carers_participant ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS carers_participant_scope ON carers_participant;
CREATE POLICY carers_participant_scope ON carers_participant
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER carers_participant_audit AFTER INSERT OR UPDATE OR DELETE ON carers_participant
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- carers_trainingsession
ALTER TABLE carers_trainingsession ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS carers_trainingsession_scope ON carers_trainingsession;
CREATE POLICY carers_trainingsession_scope ON carers_trainingsession
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER carers_trainingsession_audit AFTER INSERT OR UPDATE OR DELETE ON carers_trainingsession
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- carers_attendance
ALTER TABLE carers_attendance ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS carers_attendance_scope ON carers_attendance;
CREATE POLICY carers_attendance_scope ON carers_attendance
  USING (globa_in_scope(centre_id)) WITH CHECK (globa_in_scope(centre_id));
CREATE OR REPLACE TRIGGER carers_attendance_audit AFTER INSERT OR UPDATE OR DELETE ON carers_attendance
  FOR EACH ROW EXECUTE FUNCTION globa_audit('centre_id');

-- carers_stagechange: a log of the pipeline; the application adds to it and never changes it.
ALTER TABLE carers_stagechange ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS carers_stagechange_read ON carers_stagechange;
CREATE POLICY carers_stagechange_read ON carers_stagechange FOR SELECT
  USING (globa_in_scope(centre_id));
DROP POLICY IF EXISTS carers_stagechange_add ON carers_stagechange;
CREATE POLICY carers_stagechange_add ON carers_stagechange FOR INSERT
  WITH CHECK (centre_id IS NULL OR globa_in_scope(centre_id));
SELECT globa_revoke_from_all('carers_stagechange', 'UPDATE, DELETE, TRUNCATE');
