-- Quality monitoring of care centres: the carer satisfaction survey.
--
-- A round (centre and period) and its links hold no personal record: a link is a random
-- token looked up before the request has any scope (the survey page needs no login), as an
-- API token is, so they have no row-level security; the application lets only the centre's
-- manager and the national monitor open them. Every change is audited; a token is never
-- copied into the trail.
--
-- An answer names no household and no link. It is written to the inbox in the transaction
-- that spends its link (both or neither): anyone may add to the inbox (the page checks and
-- spends the link), nobody but its owner reads it. globa_survey_release moves the inbox into
-- the answers in a shuffled batch with new ids once a batch has come in, and at the round's
-- close mixes the whole round once more, so neither the answers' order, nor their ids, nor
-- the transaction that wrote them (xmin) ties an answer to the link spent with it, which
-- the audit trail dates. An answer's comment is the centre's to read (its managers, through
-- globa.orgs). The share of positive answers is counted by globa_monitoring_survey, counts
-- only, from the answers and the inbox alike.

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

ALTER TABLE monitoring_surveyinbox ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS monitoring_surveyinbox_add ON monitoring_surveyinbox;
CREATE POLICY monitoring_surveyinbox_add ON monitoring_surveyinbox FOR INSERT
  WITH CHECK (true);
SELECT globa_revoke_from_all('monitoring_surveyinbox', 'SELECT, UPDATE, DELETE, TRUNCATE');

-- Moves a round's inbox into its answers when at least `batch` wait (the installation's
-- disclosure threshold), or whatever waits when `final` (the round has closed), then mixing
-- the round's earlier answers in too. Returns how many answers were moved.
CREATE OR REPLACE FUNCTION globa_survey_release(round bigint, batch integer, final boolean)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  waiting integer;
  moved integer;
BEGIN
  -- One release of a round at a time (an answer being given holds the same lock).
  PERFORM 1 FROM public.monitoring_surveyround r WHERE r.id = round FOR UPDATE;
  SELECT count(*) INTO waiting FROM public.monitoring_surveyinbox i WHERE i.round_id = round;
  IF waiting = 0 OR (NOT final AND waiting < greatest(batch, 1)) THEN
    RETURN 0;
  END IF;
  CREATE TEMPORARY TABLE IF NOT EXISTS globa_survey_mix (
    reachable smallint, support smallint, training smallint, respite smallint,
    respect smallint, comment text) ON COMMIT DROP;
  TRUNCATE pg_temp.globa_survey_mix;
  WITH gone AS (
    DELETE FROM public.monitoring_surveyinbox i WHERE i.round_id = round
    RETURNING i.reachable, i.support, i.training, i.respite, i.respect, i.comment)
  INSERT INTO pg_temp.globa_survey_mix SELECT * FROM gone;
  IF final THEN
    WITH gone AS (
      DELETE FROM public.monitoring_surveyanswer a WHERE a.round_id = round
      RETURNING a.reachable, a.support, a.training, a.respite, a.respect, a.comment)
    INSERT INTO pg_temp.globa_survey_mix SELECT * FROM gone;
  END IF;
  INSERT INTO public.monitoring_surveyanswer
         (id, round_id, centre_id, reachable, support, training, respite, respect, comment)
  SELECT gen_random_uuid(), r.id, r.centre_id, m.reachable, m.support, m.training, m.respite,
         m.respect, m.comment
    FROM pg_temp.globa_survey_mix m CROSS JOIN public.monitoring_surveyround r
   WHERE r.id = round
   ORDER BY random();
  GET DIAGNOSTICS moved = ROW_COUNT;
  TRUNCATE pg_temp.globa_survey_mix;
  RETURN moved;
END
$$;

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
