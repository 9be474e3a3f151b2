"""The database's security definitions, kept as current SQL in ``globa/core/sql/``, and the
migration operation that applies them.

``00_functions.sql`` holds every function Globa defines in the database (the row-level
security context, the audit trigger, the counts the database keeps, the rules it answers on
records nobody may see); every other file the policies and triggers of one app's tables. Each
statement may run again on a database that has it (``CREATE OR REPLACE``, ``DROP POLICY IF
EXISTS`` then ``CREATE POLICY``), so a change is made by editing the file and adding a
migration that applies the folder again (docs/architecture.md).

Privileges name roles, which differ between installations; they are granted here from the
settings: the application role (``DATABASE_URL``) gets the tables, the system role
(``DATABASE_SYSTEM_URL``) the right to act for the whole installation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState

FOLDER = Path(__file__).resolve().parent / "sql"
FUNCTIONS = "00_functions.sql"


def files() -> list[Path]:
    """The functions first, then the tables' files by name."""
    found = sorted(FOLDER.glob("*.sql"))
    return sorted(found, key=lambda path: (path.name != FUNCTIONS, path.name))


def app_role() -> str:
    return str(settings.DATABASES.get("app", settings.DATABASES["default"])["USER"])


def system_role() -> str:
    return str(settings.DATABASES.get("system", {}).get("USER", ""))


class ApplySecurity(migrations.operations.base.Operation):
    """Apply ``globa/core/sql/`` as it is now, and grant the roles their privileges.

    The folder describes the latest schema: of the migrations that apply it, only the last
    one does (on a new database an earlier one runs before the tables the files now name
    exist). Going back leaves the definitions as they are.
    """

    reduces_to_sql = False
    reversible = True

    def __init__(self, migration: str) -> None:
        # The migration's module name (``__name__``), to find the ones that come after it.
        self.migration = migration

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [self.migration], {})

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if applied_later(self.migration):
            return
        apply(schema_editor)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        pass

    def describe(self) -> str:
        return "Apply the database's security definitions (globa/core/sql/)"


def apply(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Grant the application role the tables, run the folder (whose revocations take back
    what the application may not do), then give the system role its privilege."""
    owner = schema_editor.connection.settings_dict["USER"]
    quote = schema_editor.quote_name
    app = app_role()
    if app and app != owner:
        role = quote(app)
        for statement in (
            f"GRANT USAGE ON SCHEMA public TO {role}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        ):
            schema_editor.execute(statement)
    for path in files():
        schema_editor.execute(path.read_text(encoding="utf-8"), params=None)
    system = system_role()
    if system and system != owner:
        schema_editor.execute(f"GRANT SELECT ON globa_system_context TO {quote(system)}")
        # Anonymising a record whose retention ended (globa.retention, in the background).
        schema_editor.execute(
            f"GRANT EXECUTE ON FUNCTION globa_audit_forget(text, text[], text[]) TO {quote(system)}"
        )
        schema_editor.execute(
            "GRANT EXECUTE ON FUNCTION globa_anonymise_assessments(uuid[], text) "
            f"TO {quote(system)}"
        )


def applied_later(migration: str, graph: MigrationGraph | None = None) -> bool:
    """Whether a migration after this one (a module name) applies the folder too."""
    parts = migration.split(".")
    this = (parts[-3], parts[-1])
    if graph is None:
        graph = MigrationLoader(None, ignore_no_migrations=True).graph
    # Going back from a migration undoes every migration that depends on it: those after it.
    later = (graph.nodes[key] for key in graph.backwards_plan(this) if key != this)
    return any(
        isinstance(operation, ApplySecurity)
        for node in later
        if node is not None
        for operation in node.operations
    )


def function_definition(name: str) -> str:
    """One function's ``CREATE OR REPLACE FUNCTION`` statement from 00_functions.sql, for a
    migration that needs it before the folder is applied."""
    text = (FOLDER / FUNCTIONS).read_text()
    start = text.index(f"CREATE OR REPLACE FUNCTION {name}(")
    return text[start : text.index("$$;", text.index("AS $$", start)) + 3]
