"""Creating Globa's database roles: an owner for migrations, an application role for requests
and a system role for commands and background work."""

from __future__ import annotations

import psycopg
from psycopg import sql

# None of them bypasses row-level security; only the owner owns anything.
OWNER = "LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS"
APP = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"
SYSTEM = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"


def create_roles_and_database(
    admin_conninfo: str,
    *,
    owner: str,
    app: str,
    system: str,
    database: str,
    owner_password: str | None = None,
    app_password: str | None = None,
    system_password: str | None = None,
) -> list[str]:
    """Create the three roles and the database if missing; return what was done.

    The system role is a member of the application role, so it holds exactly the
    application's privileges, plus the one the migrations grant it alone: acting for the
    whole installation. The application role is no member of it."""
    done: list[str] = []
    if len({owner, app, system}) < 3:
        raise ValueError("the owner, application and system roles must be three different roles")
    with psycopg.connect(admin_conninfo, autocommit=True) as conn:
        for role, attributes, password in (
            (owner, OWNER, owner_password),
            (app, APP, app_password),
            (system, SYSTEM, system_password),
        ):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
            verb = "ALTER" if exists else "CREATE"
            statement = sql.SQL("{} ROLE {} " + attributes).format(
                sql.SQL(verb), sql.Identifier(role)
            )
            if password:
                statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
            conn.execute(statement)
            done.append(f"{'altered' if exists else 'created'} role {role}")
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(app), sql.Identifier(system)))
        done.append(f"granted role {app} to {system}")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(database), sql.Identifier(owner)
                )
            )
            done.append(f"created database {database}")
    return done
