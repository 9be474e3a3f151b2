"""Each source's figures kept ready by its own tables' changes: the tables a source reads are
found in the database, a source reading a table whose changes leave no audit row is never
kept, and a change recounts only the sources that read the changed table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.monitoring import selectors, sources, survey
from globa.monitoring.compute import COUNTRY, MUNICIPALITY, Area
from globa.monitoring.indicators import INDICATORS
from globa.monitoring.periods import Period
from globa.monitoring.permissions import View
from globa.support.models import Delivery, DeliveryForm, Service
from globa.testing import World

pytestmark = pytest.mark.django_db

SOURCES = tuple(sorted({i.source for i in INDICATORS}))


@pytest.fixture
def world() -> World:
    return World()


def _audited() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = c.relname || '_audit' AND NOT t.tgisinternal"
        )
        return {name for (name,) in cursor.fetchall()}


def test_every_source_finds_the_tables_it_reads() -> None:
    found = sources.catalogue()
    for source in SOURCES:
        assert found.source_tables(source) - sources.ALWAYS_READ, source
    assert {"support_delivery", "support_service", "organisations_organisation"} <= (
        found.source_tables("services")
    )
    # Staff counts beside the households and children, through their functions.
    assert {
        "accounts_membership",
        "registry_carerhousehold",
        "registry_placement",
        "registry_child",
        "support_delivery",
        "carers_contract",
    } <= found.source_tables("staff")
    # The counts on a household's row are left out of its audit trail: the tables whose
    # triggers recount them are read too.
    assert "registry_householdownchild" in found.source_tables("households")
    assert "monitoring_surveyinbox" in found.source_tables("survey")
    assert "support_delivery" not in found.source_tables("children")


def test_no_source_is_kept_on_a_version_that_ignores_a_table_it_reads() -> None:
    """A table without an audit trigger has a version only if globa_table_versions covers
    it (the reference tables, by their rows); a source reading one it does not cover is
    counted every time."""
    audited = _audited()
    at = sources.versions(SOURCES)
    for source in SOURCES:
        tables = sources.catalogue().source_tables(source)
        unaudited = sorted(tables - audited)
        covered = sources.table_versions(unaudited)
        if all(covered[t] is not None for t in unaudited):
            assert source in at, source
        else:
            assert source not in at, (source, covered)
    # The survey's answers and inbox leave no audit row (an answer must not be dated), nor
    # does the candidates' journey log.
    assert "survey" not in at and "carers" not in at
    assert {"services", "children", "households", "staff", "contracts"} <= set(at)


def test_a_reference_table_s_version_changes_with_its_rows(world: World) -> None:
    before = sources.table_versions(["support_service"])["support_service"]
    Service.objects.filter(code="coordinator_assistance").update(name_en="Coordination")
    assert sources.table_versions(["support_service"])["support_service"] != before


def test_the_columns_left_out_of_the_audit_that_a_source_reads_are_kept_by_its_tables() -> None:
    """A change of a column the audit trail leaves out writes no audit row: a source may read
    one only when the database computes it from tables the source reads too."""
    found = sources.catalogue()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, encode(t.tgargs, 'escape') FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = c.relname || '_audit'"
        )
        left_out = {
            table: [c for c in args.split("\\000")[1].split(",") if c]
            for table, args in cursor.fetchall()
            if args.count("\\000") > 1
        }
    for source in SOURCES:
        tables = found.source_tables(source)
        text = "\n".join(found.bodies[f] for f in found.reached(f"globa_monitoring_{source}"))
        for table in tables & set(left_out):
            for column in left_out[table]:
                if column not in text:
                    continue
                keepers = {
                    t
                    for t, fs in found.triggers.items()
                    if any(table in found.writes(f) for f in fs)
                }
                assert keepers and keepers <= tables, (source, table, column)


def test_no_source_depends_on_the_time_it_is_counted() -> None:
    found = sources.catalogue()
    for source in SOURCES:
        for name in found.reached(f"globa_monitoring_{source}"):
            body = found.bodies[name].lower()
            for word in ("now()", "current_date", "current_timestamp", "clock_timestamp"):
                assert word not in body, (source, name, word)


def test_a_table_s_version_changes_with_its_own_changes_only(world: World) -> None:
    def version(table: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version FROM globa_table_versions(%s)", [[table]])
            return str(cursor.fetchone()[0])

    deliveries, children = version("support_delivery"), version("registry_child")
    _deliver(world, clock.today())
    assert version("support_delivery") != deliveries
    assert version("registry_child") == children


def _deliver(world: World, day: dt.date) -> None:
    with system_scope():
        Delivery.objects.create(
            provider=world.centre_a,
            service=Service.objects.get(code="coordinator_assistance"),
            delivered_on=day,
            minutes=60,
            form=DeliveryForm.choices[0][0],
            given_by=world.alice,
            recorded_by=world.alice,
            household=world.household,
        )


def _functions(queries: list[dict[str, str]]) -> set[str]:
    return {
        source for source in SOURCES for q in queries if f"globa_monitoring_{source}(" in q["sql"]
    }


def test_a_change_recounts_only_the_sources_that_read_its_table(world: World) -> None:
    view = View(Area(COUNTRY), "Lithuania", MUNICIPALITY, exact=True)
    period = Period.year(clock.today().year)
    first = selectors.dashboard(view, period)
    services = int(first.figure("services").total.value or 0)
    _deliver(world, clock.today())
    with CaptureQueriesContext(connection) as again:
        second = selectors.dashboard(view, period)
    assert second.made_at != first.made_at
    assert second.figure("services").total.value == services + 1
    # The households (last contact) and the staff (beside the households) read the service
    # records too; the survey and the carer journey are counted every time (tables without
    # an audit trail); nothing else is counted again.
    assert _functions(again.captured_queries) == {
        "services",
        "households",
        "staff",
        "survey",
        "carers",
    }
    # An answer to the survey arrives: its figure changes at once.
    before = second.figure("survey_respondents").total.value or 0
    round = survey.open_round(
        by=world.bob,
        centre=world.centre_a,
        starts_on=dt.date(period.start.year, 1, 1),
        ends_on=period.end,
        closes_on=clock.today() + dt.timedelta(days=14),
        links=3,
    )
    token = round.links.order_by("number").values_list("token", flat=True)[0]
    answered = Client().post(
        reverse("monitoring:survey_answer", kwargs={"token": token}), {"reachable": 5}
    )
    assert answered.status_code == 200
    third = selectors.dashboard(view, period)
    assert third.figure("survey_respondents").total.value == before + 1


@override_settings(GLOBA_MONITORING_CACHE_SECONDS=0)
def test_nothing_is_kept_when_the_figures_are_not_to_be_kept(world: World) -> None:
    view = View(Area(COUNTRY), "Lithuania", MUNICIPALITY, exact=True)
    period = Period.year(clock.today().year)
    assert sources.versions(SOURCES) == {}
    selectors.dashboard(view, period)
    with CaptureQueriesContext(connection) as again:
        selectors.dashboard(view, period)
    assert _functions(again.captured_queries) == set(SOURCES)
