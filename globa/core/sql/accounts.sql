-- Staff accounts, their memberships and second factors. No row-level security: signing in and
-- working out a request's scope read them before there is any scope. Every change is audited,
-- never with a password hash or a second factor's secret (only that it changed), nor the time
-- of a login (not a change of the account).

CREATE OR REPLACE TRIGGER accounts_user_audit AFTER INSERT OR UPDATE OR DELETE ON accounts_user
  FOR EACH ROW EXECUTE FUNCTION globa_audit('', 'last_login', 'password');

CREATE OR REPLACE TRIGGER accounts_membership_audit
  AFTER INSERT OR UPDATE OR DELETE ON accounts_membership
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

CREATE OR REPLACE TRIGGER mfa_authenticator_audit
  AFTER INSERT OR UPDATE OR DELETE ON mfa_authenticator
  FOR EACH ROW EXECUTE FUNCTION globa_audit('', 'last_used_at', 'data');

-- Roles proposed, approved and declined: the record of who gave whom access. No row-level
-- security either: administrators, who work with no organisation's records, read it on the
-- staff pages (accounts.selectors.role_grants scopes it to whom the reader looks after).
CREATE OR REPLACE TRIGGER accounts_rolegrant_audit
  AFTER INSERT OR UPDATE OR DELETE ON accounts_rolegrant
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');
