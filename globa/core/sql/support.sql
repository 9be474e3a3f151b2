-- Services delivered and group sessions, each row the providing organisation's (provider_id).

-- support_delivery: services in a case are seen with the case (the case scope), every other
-- delivery with the registry of the provider. The notes of a service whose notes only the
-- specialist team may read (support_service.restricted_notes) are not copied into the audit
-- trail, which more people read: it records that they changed.
ALTER TABLE support_delivery ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS support_delivery_scope ON support_delivery;
CREATE POLICY support_delivery_scope ON support_delivery
  USING (CASE WHEN family_case_id IS NOT NULL THEN globa_in_case_scope(provider_id)
             ELSE globa_in_scope(provider_id) END)
  WITH CHECK (CASE WHEN family_case_id IS NOT NULL THEN globa_in_case_scope(provider_id)
             ELSE globa_in_scope(provider_id) END);
CREATE OR REPLACE TRIGGER support_delivery_audit AFTER INSERT OR UPDATE OR DELETE ON support_delivery
  FOR EACH ROW EXECUTE FUNCTION globa_audit('provider_id', '', 'notes', 'globa_restricted_notes');

-- support_group
ALTER TABLE support_group ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS support_group_scope ON support_group;
CREATE POLICY support_group_scope ON support_group
  USING (globa_in_scope(provider_id)) WITH CHECK (globa_in_scope(provider_id));
CREATE OR REPLACE TRIGGER support_group_audit AFTER INSERT OR UPDATE OR DELETE ON support_group
  FOR EACH ROW EXECUTE FUNCTION globa_audit('provider_id');

-- support_groupmember
ALTER TABLE support_groupmember ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS support_groupmember_scope ON support_groupmember;
CREATE POLICY support_groupmember_scope ON support_groupmember
  USING (globa_in_scope(provider_id)) WITH CHECK (globa_in_scope(provider_id));
CREATE OR REPLACE TRIGGER support_groupmember_audit AFTER INSERT OR UPDATE OR DELETE ON support_groupmember
  FOR EACH ROW EXECUTE FUNCTION globa_audit('provider_id');

-- support_groupsession
ALTER TABLE support_groupsession ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS support_groupsession_scope ON support_groupsession;
CREATE POLICY support_groupsession_scope ON support_groupsession
  USING (globa_in_scope(provider_id)) WITH CHECK (globa_in_scope(provider_id));
CREATE OR REPLACE TRIGGER support_groupsession_audit AFTER INSERT OR UPDATE OR DELETE ON support_groupsession
  FOR EACH ROW EXECUTE FUNCTION globa_audit('provider_id');

-- support_plannedvisit: a visit booked with a household, the providing centre's.
ALTER TABLE support_plannedvisit ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS support_plannedvisit_scope ON support_plannedvisit;
CREATE POLICY support_plannedvisit_scope ON support_plannedvisit
  USING (globa_in_scope(provider_id)) WITH CHECK (globa_in_scope(provider_id));
CREATE OR REPLACE TRIGGER support_plannedvisit_audit AFTER INSERT OR UPDATE OR DELETE ON support_plannedvisit
  FOR EACH ROW EXECUTE FUNCTION globa_audit('provider_id');

-- support_homevisit: the structured record of a home visit (children seen, safety, next steps).
ALTER TABLE support_homevisit ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS support_homevisit_scope ON support_homevisit;
CREATE POLICY support_homevisit_scope ON support_homevisit
  USING (globa_in_scope(provider_id)) WITH CHECK (globa_in_scope(provider_id));
CREATE OR REPLACE TRIGGER support_homevisit_audit AFTER INSERT OR UPDATE OR DELETE ON support_homevisit
  FOR EACH ROW EXECUTE FUNCTION globa_audit('provider_id');
