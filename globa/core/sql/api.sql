-- API clients and their tokens. No row-level security: a token is looked up before the
-- request has any scope (globa.api.middleware), as a staff member's membership is. Every
-- change is audited; a token's hash is never copied into the trail, nor its last use.

CREATE OR REPLACE TRIGGER api_apiclient_audit AFTER INSERT OR UPDATE OR DELETE ON api_apiclient
  FOR EACH ROW EXECUTE FUNCTION globa_audit('organisation_id');

CREATE OR REPLACE TRIGGER api_apitoken_audit AFTER INSERT OR UPDATE OR DELETE ON api_apitoken
  FOR EACH ROW EXECUTE FUNCTION globa_audit('', 'last_used_at', 'key_hash');
