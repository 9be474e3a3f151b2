"""SQL for row-level security and the audit trigger, as the apps' earlier migrations wrote it.

Those migrations stay as history and import these helpers. The definitions in force are
kept in ``globa/core/sql/`` and applied by ``globa.core.dbsecurity.ApplySecurity``; a new
table's policy and trigger go there, not through these helpers.

Each personal-data table carries the organisation whose records it belongs to; the policy
lets a transaction see and write a row only when that organisation is in its scope
(``globa_in_scope``). The audit trigger copies every insert, update and delete, with the
row before and after, into ``audit_change`` in the same transaction.
"""

from django.db import migrations


def protect(table: str, org_column: str, in_scope: str = "globa_in_scope") -> migrations.RunSQL:
    """Row-level security keyed by ``org_column`` plus the audit trigger, for one table.
    ``in_scope`` names the function that decides (``globa_in_case_scope`` for cases)."""
    return migrations.RunSQL(
        f"""
        ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
        CREATE POLICY {table}_scope ON {table}
            USING ({in_scope}({org_column}))
            WITH CHECK ({in_scope}({org_column}));
        CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION globa_audit('{org_column}');
        """,
        f"""
        DROP TRIGGER IF EXISTS {table}_audit ON {table};
        DROP POLICY IF EXISTS {table}_scope ON {table};
        ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
        """,
    )


def append_only(table: str, org_column: str) -> migrations.RunPython:
    """Row-level security for a log table the application role may add to but never change."""

    def forward(apps: object, schema_editor: object) -> None:
        from django.conf import settings

        execute = schema_editor.execute  # type: ignore[attr-defined]
        quote = schema_editor.quote_name  # type: ignore[attr-defined]
        execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        execute(
            f"CREATE POLICY {table}_read ON {table} FOR SELECT USING (globa_in_scope({org_column}))"
        )
        execute(
            f"CREATE POLICY {table}_add ON {table} FOR INSERT "
            f"WITH CHECK ({org_column} IS NULL OR globa_in_scope({org_column}))"
        )
        app_role = settings.DATABASES["default"]["USER"]
        if app_role and app_role != schema_editor.connection.settings_dict["USER"]:  # type: ignore[attr-defined]
            execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {quote(app_role)}")

    def backward(apps: object, schema_editor: object) -> None:
        execute = schema_editor.execute  # type: ignore[attr-defined]
        execute(f"DROP POLICY IF EXISTS {table}_read ON {table}")
        execute(f"DROP POLICY IF EXISTS {table}_add ON {table}")
        execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")

    return migrations.RunPython(forward, backward)
