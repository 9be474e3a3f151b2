"""Creating Globa's database roles: an owner for migrations, an application role for requests."""

from __future__ import annotations

import psycopg
from psycopg import sql


def create_roles_and_database(
    admin_conninfo: str,
    *,
    owner: str,
    app: str,
    database: str,
    owner_password: str | None = None,
    app_password: str | None = None,
) -> list[str]:
    """Create the two roles and the database if missing; return what was done."""
    done: list[str] = []
    with psycopg.connect(admin_conninfo, autocommit=True) as conn:
        for role, attributes, password in (
            (owner, "LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS", owner_password),
            (app, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS", app_password),
        ):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
            verb = "ALTER" if exists else "CREATE"
            statement = sql.SQL("{} ROLE {} " + attributes).format(
                sql.SQL(verb), sql.Identifier(role)
            )
            if password:
                statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
            conn.execute(statement)
            done.append(f"{verb.lower()}d role {role}")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(database), sql.Identifier(owner)
                )
            )
            done.append(f"created database {database}")
    return done
