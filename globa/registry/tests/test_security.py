"""Row-level security, audit and the access log, tested with the application's filters bypassed."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, connections, transaction
from django.urls import reverse

from globa.audit import services as audit_services
from globa.audit.models import AccessLog, AuditChange
from globa.lib.dbscope import db_scope, system_scope
from globa.registry import services
from globa.registry.models import CarerHousehold, Child, Placement
from globa.testing import ChildFactory, World, as_system, as_user, place

APP_ROLE = settings.DATABASES["app"]["USER"]
SYSTEM_ROLE = settings.DATABASES["system"]["USER"]


@contextmanager
def as_the_web_role() -> Iterator[None]:
    """The test session's connection with the application role's privileges, which are all a
    web process has."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(APP_ROLE)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


class TestRowLevelSecurity:
    def test_no_scope_means_no_rows(self, world: World) -> None:
        assert Child.objects.count() == 0
        assert CarerHousehold.objects.count() == 0
        with as_system():
            assert Child.objects.count() == 1

    def test_an_unfiltered_query_sees_only_the_users_centre(self, world: World) -> None:
        ChildFactory(centre=world.centre_b, first_name="Jonas", last_name="Kaunietis", sex="M")
        with as_user(world.charlie):
            names = set(Child.objects.values_list("last_name", flat=True))
        assert names == {"Kaunietis"}
        with as_user(world.alice):
            assert set(Child.objects.values_list("last_name", flat=True)) == {"Jonaitė"}

    def test_monitor_sees_no_rows_at_all(self, world: World) -> None:
        with as_user(world.nora):
            assert Child.objects.count() == 0
            assert Placement.objects.count() == 0
            assert AuditChange.objects.count() == 0

    def test_writing_into_another_centre_is_refused_by_the_database(self, world: World) -> None:
        with (
            as_user(world.charlie),
            pytest.raises(DatabaseError, match="row-level security"),
            transaction.atomic(),
        ):
            Child.objects.create(
                centre=world.centre_a,
                municipality=world.child.municipality,
                first_name="X",
                last_name="Y",
                sex="M",
                birth_date=dt.date(2015, 1, 1),
                other_identifier="X",
                legal_status="temporary_care",
            )

    def test_updates_cannot_reach_other_centres(self, world: World) -> None:
        with as_user(world.charlie):
            assert Child.objects.filter(pk=world.child.pk).update(first_name="Pakeista") == 0

    def test_the_scope_is_transaction_local(self, world: World) -> None:
        with as_user(world.alice):
            assert Child.objects.count() == 1
        # Outside the block the previous (empty) scope is back.
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(current_setting('globa.orgs', true), '')")
            assert cursor.fetchone() == ("",)
        assert Child.objects.count() == 0

    def test_the_application_and_system_roles_neither_own_nor_bypass(self, db: None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.rolname, r.rolsuper, r.rolbypassrls, t.tableowner = r.rolname "
                "FROM pg_roles r, pg_tables t WHERE r.rolname IN (%s, %s) "
                "AND t.tablename = 'registry_child' ORDER BY r.rolname = %s",
                [APP_ROLE, SYSTEM_ROLE, SYSTEM_ROLE],
            )
            assert cursor.fetchall() == [
                (APP_ROLE, False, False, False),
                (SYSTEM_ROLE, False, False, False),
            ]


class TestTheWebRole:
    """What a compromised web process could try with its own connection."""

    @pytest.mark.django_db(databases=["default", "app"])
    def test_it_cannot_act_for_the_whole_installation(self) -> None:
        web = connections["app"]
        with transaction.atomic(using="app"), web.cursor() as cursor:
            cursor.execute("SELECT set_config('globa.system', 'on', true)")
            cursor.execute(
                "SELECT current_user, globa_system(), globa_in_scope(1) IS TRUE, "
                "globa_in_case_scope(1) IS TRUE"
            )
            assert cursor.fetchone() == (APP_ROLE, False, False, False)
        with (
            pytest.raises(ImproperlyConfigured, match="may not act for the whole installation"),
            transaction.atomic(using="app"),
            system_scope(using="app"),
        ):
            pass
        # Nor become the system role.
        with (
            pytest.raises(DatabaseError, match="permission denied"),
            transaction.atomic(using="app"),
            web.cursor() as cursor,
        ):
            cursor.execute(f"SET ROLE {SYSTEM_ROLE}")

    def test_asking_for_it_shows_no_record(self, world: World) -> None:
        with as_system():
            assert Child.objects.count() == 1
        with as_the_web_role(), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('globa.system', 'on', true)")
            assert Child.objects.count() == 0
            assert AuditChange.objects.count() == 0
            assert Child.objects.filter(pk=world.child.pk).update(first_name="X") == 0

    @pytest.mark.parametrize(
        "statement",
        [
            "GRANT SELECT ON globa_system_context TO CURRENT_USER",
            "ALTER TABLE registry_child DISABLE ROW LEVEL SECURITY",
            "DROP POLICY registry_child_scope ON registry_child",
            "ALTER TABLE registry_child DISABLE TRIGGER registry_child_audit",
            "CREATE OR REPLACE FUNCTION globa_system() RETURNS boolean "
            "LANGUAGE sql AS $$ SELECT true $$",
            "INSERT INTO django_migrations (app, name, applied) VALUES ('core', 'x', now())",
        ],
    )
    def test_it_cannot_give_itself_more(self, world: World, statement: str) -> None:
        with (
            as_the_web_role(),
            pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)

    @pytest.mark.parametrize(
        "statement",
        [
            "INSERT INTO audit_change (at, table_name, row_id, operation, before, after, "
            "user_id, organisation_id) VALUES (now(), 'registry_child', %(child)s, 'U', "
            "'{}', '{}', %(user)s, %(centre)s)",
            "UPDATE audit_change SET user_id = %(user)s",
            "DELETE FROM audit_change",
            "TRUNCATE audit_change",
        ],
    )
    @pytest.mark.parametrize("system", [False, True], ids=["web role", "system role"])
    def test_no_role_can_forge_or_change_audit_rows(
        self, world: World, statement: str, system: bool
    ) -> None:
        values = {"child": str(world.child.pk), "user": world.bob.pk, "centre": world.centre_a.pk}
        with (
            as_system() if system else as_the_web_role(),
            as_system() if system else as_user(world.bob),
            pytest.raises(DatabaseError, match="permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, values)

    def test_its_changes_are_audited_all_the_same(self, world: World) -> None:
        with as_the_web_role(), as_user(world.bob):
            Child.objects.filter(pk=world.child.pk).update(first_name="Ugnė")
            # It reads the audit of its scope, through row-level security.
            assert AuditChange.objects.filter(row_id=str(world.child.pk), operation="U").exists()

    def test_a_temporary_table_does_not_take_the_audit_rows(self, world: World) -> None:
        """A temporary table is found before the schema's tables of the same name; the audit
        trigger names its table in full and runs with a search path of its own."""
        with as_the_web_role():
            with connection.cursor() as cursor:
                cursor.execute(
                    "CREATE TEMPORARY TABLE audit_change (LIKE public.audit_change INCLUDING ALL)"
                )
            with as_user(world.bob):
                Child.objects.filter(pk=world.child.pk).update(first_name="Ugnė")
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_temp.audit_change")
                assert cursor.fetchone() == (0,)
                cursor.execute("DROP TABLE pg_temp.audit_change")
        with as_system():
            change = AuditChange.objects.get(row_id=str(world.child.pk), operation="U")
        assert change.after["first_name"] == "Ugnė"


class TestAudit:
    def test_every_change_is_audited_with_who_and_before_after(self, world: World) -> None:
        with as_user(world.bob):
            Child.objects.filter(pk=world.child.pk).update(first_name="Ugnė")
        with as_system():
            entry = AuditChange.objects.filter(table_name="registry_child", operation="U").latest(
                "at"
            )
        assert entry.before["first_name"] == "Ieva"
        assert entry.after["first_name"] == "Ugnė"
        assert entry.user_id == world.bob.pk
        assert entry.acting_organisation_id == world.centre_a.pk
        assert entry.organisation_id == world.centre_a.pk

    def test_the_acting_organisation_is_the_one_the_change_is_for(self, world: World) -> None:
        from globa.accounts.models import Membership, Role

        # Charlie's first role is in centre B; he becomes a manager of A as well.
        with as_system():
            Membership.objects.create(
                user=world.charlie, organisation=world.centre_a, role=Role.CENTRE_MANAGER
            )
        world.charlie.refresh_from_db()
        with as_user(world.charlie):
            Child.objects.filter(pk=world.child.pk).update(first_name="Rūta")
        with as_system():
            entry = AuditChange.objects.filter(table_name="registry_child", operation="U").latest(
                "at"
            )
            logged = audit_services.record_view(by=world.charlie, record=world.child)
        assert entry.acting_organisation_id == world.centre_a.pk != world.centre_b.pk
        assert logged.acting_organisation_id == world.centre_a.pk

    def test_raw_sql_writes_are_audited_too(self, world: World) -> None:
        with as_system(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE registry_child SET special_needs = 'raw' WHERE id = %s", [world.child.pk]
            )
            assert AuditChange.objects.filter(
                row_id=str(world.child.pk), after__special_needs="raw"
            ).exists()

    def test_the_application_cannot_alter_or_delete_audit_rows(self, world: World) -> None:
        with as_system():
            for statement in (
                "UPDATE audit_change SET table_name = 'x'",
                "DELETE FROM audit_change",
                "DELETE FROM audit_access",
            ):
                with (
                    pytest.raises(DatabaseError, match="permission denied"),
                    transaction.atomic(),
                    connection.cursor() as cursor,
                ):
                    cursor.execute(statement)

    def test_other_centres_cannot_read_the_audit(self, world: World) -> None:
        with as_user(world.charlie):
            assert not AuditChange.objects.filter(organisation_id=world.centre_a.pk).exists()

    def test_a_placement_change_is_audited(self, world: World) -> None:
        with as_user(world.alice):
            placement = services.placement_start(
                by=world.alice,
                child=world.child,
                household=world.household,
                kind=Placement.Kind.TEMPORARY,
                started_on=dt.date(2026, 1, 1),
            )
        with as_system():
            assert AuditChange.objects.filter(
                table_name="registry_placement", row_id=str(placement.pk), operation="I"
            ).exists()


class TestAccessLog:
    def test_if_the_log_cannot_be_written_the_page_is_not_shown(
        self, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def broken(**kwargs: object) -> None:
            raise DatabaseError("audit log unavailable")

        monkeypatch.setattr(audit_services, "record_view", broken)
        client = world.client_for(world.alice)
        client.raise_request_exception = False
        response = client.get(reverse("registry:child", kwargs={"child_id": world.child.pk}))
        assert response.status_code == 500
        assert "Jonaitė" not in response.content.decode()
        assert "Traceback" not in response.content.decode()

    def test_a_failed_request_keeps_nothing(
        self, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        original = audit_services.record_view

        def log_then_fail(**kwargs: object) -> None:
            original(**kwargs)  # type: ignore[arg-type]
            raise DatabaseError("later failure")

        monkeypatch.setattr(audit_services, "record_view", log_then_fail)
        client = world.client_for(world.alice)
        client.raise_request_exception = False
        assert (
            client.get(reverse("registry:child", kwargs={"child_id": world.child.pk})).status_code
            == 500
        )
        with as_system():
            assert not AccessLog.objects.filter(child=world.child).exists()

    def test_a_record_seen_can_be_deleted_and_its_log_stays(self, world: World) -> None:
        """Retention deletes or anonymises records whose time is up; the log of who saw them
        keeps their ids."""
        child_id = world.child.pk
        world.client_for(world.alice).get(reverse("registry:child", kwargs={"child_id": child_id}))
        with as_system():
            Child.objects.filter(pk=child_id).delete()
            log = AccessLog.objects.get(child_id=child_id)
        assert (log.user_id, log.organisation_id) == (world.alice.pk, world.centre_a.pk)

    def test_views_are_logged_per_user(self, world: World) -> None:
        place(world.child, world.household, dt.date(2026, 1, 1))
        for user in (world.alice, world.carol):
            world.client_for(user).get(
                reverse("registry:child", kwargs={"child_id": world.child.pk})
            )
        with db_scope(system=True):
            assert set(
                AccessLog.objects.filter(child=world.child).values_list("user_id", flat=True)
            ) == {world.alice.pk, world.carol.pk}
