"""Each reminder is its assignee's own: row-level security by the acting user."""

from django.db import migrations

OWN = (
    "coalesce(current_setting('globa.system', true), '') = 'on' "
    "OR assignee_id = nullif(current_setting('globa.user_id', true), '')::bigint"
)


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial"), ("core", "0002_case_scope")]
    operations = [
        migrations.RunSQL(
            f"""
            ALTER TABLE reminders_reminder ENABLE ROW LEVEL SECURITY;
            CREATE POLICY reminders_reminder_own ON reminders_reminder
                USING ({OWN}) WITH CHECK ({OWN});
            """,
            """
            DROP POLICY IF EXISTS reminders_reminder_own ON reminders_reminder;
            ALTER TABLE reminders_reminder DISABLE ROW LEVEL SECURITY;
            """,
        )
    ]
