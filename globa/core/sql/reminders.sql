-- Reminders and tasks: each row is its assignee's own, seen by them (and by background work,
-- which makes them). Not audited: the daily run makes, updates and resolves them from records
-- whose own changes are audited, and a task is a person's note to themselves.

ALTER TABLE reminders_reminder ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS reminders_reminder_own ON reminders_reminder;
CREATE POLICY reminders_reminder_own ON reminders_reminder
  USING (globa_system()
         OR assignee_id = nullif(current_setting('globa.user_id', true), '')::bigint)
  WITH CHECK (globa_system()
              OR assignee_id = nullif(current_setting('globa.user_id', true), '')::bigint);
