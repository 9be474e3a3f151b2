-- The schema and Django's own tables.

-- Only the owner creates objects in the schema (the default since PostgreSQL 15, kept for a
-- database that came from an older one): a function of the web's, next to ours, could be
-- chosen by an owner-run function's call.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Django's record of the migrations applied is the owner's to write (migrations run as the
-- owner): a web process that could add a row there could make a later migration, such as one
-- re-applying this folder, be skipped.
SELECT globa_revoke_from_all('django_migrations', 'INSERT, UPDATE, DELETE, TRUNCATE');
