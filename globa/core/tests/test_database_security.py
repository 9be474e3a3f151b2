"""The database's security catalogue, read from PostgreSQL's own (pg_class, pg_policies,
pg_trigger): every table of personal data has row-level security, a policy and the audit
trigger, and belongs to the owner; every function, policy and trigger in the database is one
of globa/core/sql/, and applying the folder again changes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connections, migrations
from django.db.backends.utils import CursorWrapper
from django.db.migrations.graph import MigrationGraph

from globa.core import dbsecurity

# A table with one of these columns holds an organisation's records.
ORGANISATION_KEYS = ["centre_id", "provider_id", "organisation_id"]

# Tables with an organisation's key that are no one's personal data: each organisation's
# settings, read by the public pages or by every centre.
SETTINGS = {
    "carers_inquiryroute": "where the public form sends a municipality's inquiries",
    "carers_matchweight": "how much each matching criterion counts",
    "carers_stagenorm": "how long a pipeline stage normally takes",
    "support_serviceprovision": "which organisation provides which service",
    "monitoring_servicecontract": "a municipality's contracts with providers (audited)",
    "monitoring_reviewvisit": "a quality review of a centre's work (audited)",
    "monitoring_reviewfinding": "what a review found in a centre's work (audited)",
    "monitoring_reviewaction": "what a review asks a centre to do (audited)",
}
# Personal data without row-level security, and why.
WITHOUT_ROW_SECURITY = {
    "accounts_membership": "signing in and working out a request's scope read it before any scope",
    "accounts_rolegrant": "administrators, who see no organisation's records, read it to decide",
    "api_apiclient": "an API client's token is looked up before the request has any scope",
    "monitoring_surveyround": "a survey's centre and period, read with its link before any scope",
}
# Personal data without the audit trigger, and why.
NOT_AUDITED = {
    "audit_change": "the audit trail itself, written by the trigger",
    "audit_access": "the access log, which the application only adds to",
    "audit_export": "the export log, which the application only adds to",
    "carers_stagechange": "a log of the pipeline, which the application only adds to",
    "reminders_reminder": "made each morning from audited records; a person's own tasks",
    "notifications_notification": "made in the transaction of an audited act; says no more",
    "monitoring_surveyanswer": "anonymous: an entry would tie an answer to its link's use",
}
# Personal data without an organisation's key, and organisation data kept by the application
# only (a municipality's contracts): audited all the same.
ALSO_AUDITED = {
    "accounts_user": "staff accounts",
    "mfa_authenticator": "staff second factors",
    "organisations_organisation": "a centre's public contacts, set by its manager",
    "monitoring_servicecontract": "a municipality's contracts with providers",
    "monitoring_reviewvisit": "a quality review of a centre's work",
    "monitoring_reviewfinding": "what a review found in a centre's work",
    "monitoring_reviewaction": "what a review asks a centre to do",
}

CATALOGUE = """
SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner),
       EXISTS (SELECT 1 FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                  AND a.attname = ANY (%(keys)s)),
       (SELECT count(*) FROM pg_policies p
         WHERE p.schemaname = n.nspname AND p.tablename = c.relname),
       -- After each inserted, updated and deleted row, enabled.
       EXISTS (SELECT 1 FROM pg_trigger t
                WHERE t.tgrelid = c.oid AND NOT t.tgisinternal
                  AND t.tgfoid = 'globa_audit'::regproc AND t.tgenabled IN ('O', 'A')
                  AND t.tgtype & (1 | 4 | 8 | 16) = (1 | 4 | 8 | 16) AND t.tgtype & 2 = 0)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
 ORDER BY c.relname
"""


def roles() -> tuple[str, str]:
    return settings.DATABASES["app"]["USER"], settings.DATABASES["system"]["USER"]


def problems(cursor: CursorWrapper) -> list[str]:
    """What is missing, one line per table."""
    app, system = roles()
    cursor.execute(CATALOGUE, {"keys": ORGANISATION_KEYS})
    found = []
    for table, secured, forced, owner, keyed, policies, audited in cursor.fetchall():
        if owner in (app, system):
            found.append(f"{table}: owned by {owner}, which would bypass row-level security")
        personal = keyed and table not in SETTINGS
        if personal and table not in WITHOUT_ROW_SECURITY:
            if not secured:
                found.append(f"{table}: row-level security is not enabled")
            if not policies:
                found.append(f"{table}: no policy (nothing could be read)")
            # Not forced: the owner, the one role exempt, runs the migrations and the
            # database's own functions (counts, audit), which see every row by design.
            if forced:
                found.append(f"{table}: row-level security is forced on the owner")
        if ((personal and table not in NOT_AUDITED) or table in ALSO_AUDITED) and not audited:
            found.append(f"{table}: no audit trigger")
    return found


@pytest.mark.django_db(databases=["default", "owner"])
class TestCatalogue:
    def test_every_table_of_personal_data_is_protected_and_audited(self) -> None:
        with connections["owner"].cursor() as cursor:
            assert problems(cursor) == []

    def test_the_lists_name_tables_that_exist(self) -> None:
        with connections["owner"].cursor() as cursor:
            cursor.execute("SELECT relname FROM pg_class WHERE relkind IN ('r', 'p')")
            tables = {row[0] for row in cursor.fetchall()}
        listed = {*SETTINGS, *WITHOUT_ROW_SECURITY, *NOT_AUDITED, *ALSO_AUDITED}
        assert listed - tables == set()

    def test_a_new_table_of_personal_data_without_them_fails(self) -> None:
        with connections["owner"].cursor() as cursor:
            cursor.execute("CREATE TABLE registry_newrecord (id bigint, centre_id bigint)")
            cursor.execute("CREATE TABLE accounts_newsecret (id bigint, organisation_id bigint)")
            cursor.execute("ALTER TABLE accounts_newsecret ENABLE ROW LEVEL SECURITY")
            assert problems(cursor) == [
                "accounts_newsecret: no policy (nothing could be read)",
                "accounts_newsecret: no audit trigger",
                "registry_newrecord: row-level security is not enabled",
                "registry_newrecord: no policy (nothing could be read)",
                "registry_newrecord: no audit trigger",
            ]

    def test_the_roles_are_neither_owners_nor_exempt(self) -> None:
        app, system = roles()
        with connections["owner"].cursor() as cursor:
            cursor.execute(
                "SELECT rolname, rolsuper, rolbypassrls, rolcreaterole, "
                "has_table_privilege(rolname, 'globa_system_context', 'SELECT') "
                "FROM pg_roles WHERE rolname IN (%s, %s) ORDER BY rolname = %s",
                [app, system, system],
            )
            # Only the system role may act for the whole installation.
            assert cursor.fetchall() == [
                (app, False, False, False, False),
                (system, False, False, False, True),
            ]
            cursor.execute(
                "SELECT pg_has_role(%s, %s, 'MEMBER'), pg_has_role(%s, %s, 'MEMBER')",
                [system, app, app, system],
            )
            # The system role holds the application's privileges; never the other way round.
            assert cursor.fetchone() == (True, False)
            cursor.execute(
                "SELECT has_schema_privilege(%s, 'public', 'CREATE'), "
                "has_schema_privilege(%s, 'public', 'CREATE')",
                [app, system],
            )
            assert cursor.fetchone() == (False, False)
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_class c, aclexplode(c.relacl) a "
                "WHERE a.grantee = %s::regrole",
                [system],
            )
            assert cursor.fetchall() == [("globa_system_context",)]

    def test_only_the_owner_writes_the_audit_trail_and_the_migrations(self) -> None:
        app, system = roles()
        with connections["owner"].cursor() as cursor:
            cursor.execute(
                "SELECT t, has_table_privilege(r, t, 'SELECT'), "
                "has_table_privilege(r, t, 'INSERT'), has_table_privilege(r, t, 'UPDATE'), "
                "has_table_privilege(r, t, 'DELETE'), has_table_privilege(r, t, 'TRUNCATE') "
                "FROM unnest(ARRAY[%s, %s]) r, "
                "unnest(ARRAY['audit_change', 'audit_access', 'django_migrations']) t "
                "ORDER BY r = %s, t",
                [app, system, system],
            )
            rights = cursor.fetchall()
        expected = [
            ("audit_access", True, True, False, False, False),
            ("audit_change", True, False, False, False, False),
            ("django_migrations", True, False, False, False, False),
        ]
        assert rights == expected * 2


def defined_in_the_folder() -> dict[str, set[tuple[str, ...]]]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in dbsecurity.files())
    return {
        "functions": {(name,) for name in re.findall(r"CREATE OR REPLACE FUNCTION (\w+)\(", text)},
        "policies": set(re.findall(r"CREATE POLICY (\w+) ON (\w+)", text)),
        "triggers": set(
            re.findall(
                r"CREATE OR REPLACE TRIGGER (\w+)\s+(?:BEFORE|AFTER)\s[^;]*?\sON (\w+)", text
            )
        ),
    }


IN_THE_DATABASE = {
    # The extensions' functions are theirs.
    "functions": """
        SELECT DISTINCT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'public' AND NOT EXISTS (
               SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')""",
    "policies": "SELECT policyname, tablename FROM pg_policies WHERE schemaname = 'public'",
    "triggers": """
        SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND NOT t.tgisinternal""",
}


def _task_queue(row: tuple[str, ...]) -> bool:
    """The task queue's own functions and triggers (procrastinate, globa.core.tasks): defined
    and kept by its migrations, as an extension's are by the extension."""
    return any(name.startswith("procrastinate_") for name in row)


@pytest.mark.django_db(databases=["default", "owner"])
class TestTheFolder:
    @pytest.mark.parametrize("kind", IN_THE_DATABASE)
    def test_everything_in_the_database_is_defined_in_the_folder(self, kind: str) -> None:
        """A policy, trigger or function left behind by a migration, or made by hand, would
        stay in force unseen: it must be in the folder (or dropped there)."""
        with connections["owner"].cursor() as cursor:
            cursor.execute(IN_THE_DATABASE[kind])
            in_database = {row for row in cursor.fetchall() if not _task_queue(row)}
        assert in_database == defined_in_the_folder()[kind]

    def test_applying_it_again_changes_nothing(self) -> None:
        before = snapshot()
        with connections["owner"].schema_editor() as editor:
            dbsecurity.apply(editor)
        assert snapshot() == before

    def test_only_the_last_migration_that_applies_it_does(self) -> None:
        """The folder describes the latest schema: on a new database, an earlier migration
        applying it would name tables and columns that do not exist yet."""
        graph = MigrationGraph()
        for name in ("0003_apply", "0004_new_table", "0005_apply_again"):
            migration = migrations.Migration(name, "core")
            migration.operations = [dbsecurity.ApplySecurity(f"globa.core.migrations.{name}")]
            if name == "0004_new_table":
                migration.operations = []
            graph.add_node(("core", name), migration)
        graph.add_dependency(None, ("core", "0004_new_table"), ("core", "0003_apply"))
        graph.add_dependency(None, ("core", "0005_apply_again"), ("core", "0004_new_table"))
        assert dbsecurity.applied_later("globa.core.migrations.0003_apply", graph)
        assert not dbsecurity.applied_later("globa.core.migrations.0005_apply_again", graph)
        # Today's: the latest applies it, the earlier ones leave it to the latest.
        assert dbsecurity.applied_later("globa.core.migrations.0003_security_in_one_place")
        assert dbsecurity.applied_later("globa.core.migrations.0005_security_again")
        assert dbsecurity.applied_later("globa.core.migrations.0007_security_again")
        assert dbsecurity.applied_later("globa.core.migrations.0008_assessments_and_plans")
        assert dbsecurity.applied_later("globa.core.migrations.0009_security_integration")
        assert dbsecurity.applied_later("globa.core.migrations.0010_workday2")
        assert dbsecurity.applied_later("globa.core.migrations.0011_integration2")
        assert dbsecurity.applied_later("globa.core.migrations.0012_workday3")
        assert dbsecurity.applied_later("globa.core.migrations.0013_workday1")
        assert dbsecurity.applied_later("globa.core.migrations.0014_monitoring")
        assert dbsecurity.applied_later("globa.core.migrations.0015_transformation")
        assert dbsecurity.applied_later("globa.core.migrations.0016_quality")
        assert dbsecurity.applied_later("globa.core.migrations.0017_contracts")
        assert dbsecurity.applied_later("globa.core.migrations.0018_survey_inbox")
        assert dbsecurity.applied_later("globa.core.migrations.0019_review_visits")
        assert dbsecurity.applied_later("globa.core.migrations.0020_indicators2")
        assert dbsecurity.applied_later("globa.core.migrations.0021_services_by_person")
        assert dbsecurity.applied_later("globa.core.migrations.0022_staff_spans")
        assert dbsecurity.applied_later("globa.core.migrations.0023_versions_by_table")
        assert not dbsecurity.applied_later("globa.core.migrations.0024_people_by_form")


def snapshot() -> dict[str, Any]:
    queries = {
        "tables": "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, c.relacl::text "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1",
        "policies": "SELECT tablename, policyname, cmd, roles::text, qual, with_check "
        "FROM pg_policies WHERE schemaname = 'public' ORDER BY 1, 2",
        "triggers": "SELECT pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1",
        "functions": "SELECT pg_get_functiondef(p.oid), p.proacl::text FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
        "AND p.prokind = 'f' ORDER BY 1",
        "defaults": "SELECT defaclacl::text FROM pg_default_acl ORDER BY 1",
    }
    with connections["owner"].cursor() as cursor:
        found = {}
        for name, query in queries.items():
            cursor.execute(query)
            found[name] = cursor.fetchall()
    return found
