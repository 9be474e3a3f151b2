"""Test set-up: the session's clock, and the test database.

The clock: every test runs as of one date, the same for the whole session, so no test
depends on the day it happens to run. It is 2026-11-23 unless ``--as-of`` (or
``GLOBA_TEST_AS_OF``) names another; CI runs the suite once more as of a 29 February more
than a year ahead. The process clock is moved with time-machine, starting at 10:00 in the
installation's time zone and ticking from there; servers the tests start as processes of
their own (the browser tests' server) start at the same moment through ``GLOBA_AS_OF`` and tick
on alongside. A test
that needs another date moves the clock itself (the ``time_machine`` fixture).

The database: created and migrated by the owner role, used by the system role (which holds
the application role's privileges and may also act for the whole installation). The tests
therefore run under the same row-level security as production: a query without a scope
sees nothing, a request sees its user's scope, and test data is written in an explicit
system scope. Tests of what the application role itself may do use the ``app`` connection.
"""

import datetime as dt
import os
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

DEFAULT_AS_OF = "2026-11-23"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--as-of",
        default=os.environ.get("GLOBA_TEST_AS_OF") or DEFAULT_AS_OF,
        help="run the whole suite as of this date (YYYY-MM-DD); default %(default)s",
    )


def pytest_configure(config: pytest.Config) -> None:
    try:
        day = dt.date.fromisoformat(config.getoption("--as-of"))
    except ValueError:
        raise pytest.UsageError("--as-of takes a date as YYYY-MM-DD") from None
    start = dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
    traveller = time_machine.travel(start, tick=True)
    traveller.start()
    config.stash[_TRAVELLER] = traveller
    # The process clock is moved; the application's own offset would move it twice.
    settings.GLOBA_AS_OF = None


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str:
    return f"globa: the suite runs as of {config.getoption('--as-of')}"


_TRAVELLER = pytest.StashKey[time_machine.travel]()


@pytest.fixture(autouse=True)
def _rules_read_afresh() -> Iterator[None]:
    """Each test reads the rules from law and policy from its own database state (the
    process keeps them for a minute, which would carry one test's versions into the next)."""
    from globa.registry import rules

    rules.forget()
    yield
    rules.forget()


@pytest.fixture
def move_clock(time_machine: time_machine.TimeMachineFixture) -> Callable[[dt.date], None]:
    """Move the clock to noon of another day, for the rest of the test (it stands still)."""

    def move(day: dt.date) -> None:
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
        time_machine.move_to(noon, tick=False)

    return move


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    system = settings.DATABASES.get("system")
    if system is None:
        raise pytest.UsageError(
            "The tests connect with the system role, as commands do: set DATABASE_SYSTEM_URL "
            "next to DATABASE_URL (see docs/deploy.md)."
        )
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        owner = connections["owner"]
        default = connections["default"]
        original = owner.settings_dict["NAME"]
        # One test database per run, so that runs side by side never share one.
        owner.settings_dict["TEST"] = {
            **owner.settings_dict.get("TEST", {}),
            "NAME": f"test_{original}_{os.getpid()}",
        }
        test_name = owner.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        _keep_autovacuum_away(owner)
        _close(default)
        # The test session writes its data in a system scope, so it connects with the system
        # role; a request it makes acts in its user's scope like any other (the system role
        # holds exactly the application's privileges besides).
        for key in ("USER", "PASSWORD", "HOST", "PORT"):
            if key in system:
                default.settings_dict[key] = system[key]
                settings.DATABASES["default"][key] = system[key]
        for alias in settings.DATABASES:
            connections[alias].settings_dict["NAME"] = test_name
            settings.DATABASES[alias]["NAME"] = test_name
    settings.MIDDLEWARE = ["globa.testing.ApplicationRoleMiddleware", *settings.MIDDLEWARE]
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        for alias in settings.DATABASES:
            _close(connections[alias])
        owner.creation.destroy_test_db(original, verbosity=0)


def _close(connection: BaseDatabaseWrapper) -> None:
    connection.close()
    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        connection.close_pool()  # type: ignore[attr-defined]


# Every test's rows are rolled back. Autovacuum, cleaning up after them, would record the
# tables as empty (no live rows in so many pages), and a later test that writes a few
# thousand rows in its transaction would then be planned as if there were none: nested
# loops that took the benchmark's test from seconds to a quarter of an hour. The test
# database is thrown away after the run; its tables are left as never vacuumed, so the
# planner goes by their actual size.
_NO_AUTOVACUUM = """
DO $$
DECLARE t regclass;
BEGIN
  FOR t IN
    SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND c.relowner = current_user::regrole
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  LOOP
    EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = off)', t);
  END LOOP;
END $$;
"""


def _keep_autovacuum_away(owner: BaseDatabaseWrapper) -> None:
    with owner.cursor() as cursor:
        cursor.execute(_NO_AUTOVACUUM)


from globa.testing_browser import page, server  # noqa: E402  (browser fixtures, for every app)

__all__ = ["page", "server"]
