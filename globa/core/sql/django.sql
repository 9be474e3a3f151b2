-- Django's record of the migrations applied is the owner's to write (migrations run as the
-- owner): a web process that could add a row there could make a later migration, such as one
-- re-applying this folder, be skipped.
SELECT globa_revoke_from_all('django_migrations', 'INSERT, UPDATE, DELETE, TRUNCATE');
