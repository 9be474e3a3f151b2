-- Notifications: each row is its recipient's own, seen, read and marked by them alone (and by
-- background work, which e-mails them). A person writes one for someone else only as its
-- actor, or within the scope of the organisation it concerns (the public inquiry form writes
-- in the receiving centre's scope). Not audited: each is made in the transaction of an act
-- whose own change is audited, and says no more than that act.

ALTER TABLE notifications_notification ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS notifications_notification_own ON notifications_notification;
CREATE POLICY notifications_notification_own ON notifications_notification
  USING (globa_system()
         OR recipient_id = nullif(current_setting('globa.user_id', true), '')::bigint);
DROP POLICY IF EXISTS notifications_notification_send ON notifications_notification;
CREATE POLICY notifications_notification_send ON notifications_notification
  FOR INSERT
  WITH CHECK (globa_system()
              OR actor_id = nullif(current_setting('globa.user_id', true), '')::bigint
              OR (organisation_id IS NOT NULL AND globa_in_scope(organisation_id)));
