"""The row-level security context of a database transaction.

PostgreSQL policies on every personal-data table read transaction-local settings:
``globa.orgs`` (the organisations whose registry records may be seen), ``globa.case_orgs``
(the organisations whose early-intervention cases may be seen), ``globa.user_id`` and
``globa.org_id`` (who acts, for the audit trail) and ``globa.system`` (commands and
background work that act for the whole installation). Nothing set means no rows.
Settings are transaction-local, so a pooled connection never carries one request's
rights into the next.

Any role may ask for the whole installation; the database grants it only to the system role
(``globa_system()``), which the web processes do not connect with. A scope asked for and
refused would quietly show nothing, so it raises instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

NAMES = ("globa.orgs", "globa.case_orgs", "globa.user_id", "globa.org_id", "globa.system")
_SWAP = """
WITH previous AS MATERIALIZED (
    SELECT current_setting('globa.orgs', true) AS orgs,
           current_setting('globa.case_orgs', true) AS case_orgs,
           current_setting('globa.user_id', true) AS user_id,
           current_setting('globa.org_id', true) AS org_id,
           current_setting('globa.system', true) AS system
)
SELECT previous.orgs, previous.case_orgs, previous.user_id, previous.org_id, previous.system,
       set_config('globa.orgs', %s, true), set_config('globa.case_orgs', %s, true),
       set_config('globa.user_id', %s, true), set_config('globa.org_id', %s, true),
       set_config('globa.system', %s, true)
FROM previous
"""

Settings = tuple[str, ...]


def _swap(using: str, values: Settings) -> Settings:
    with connections[using].cursor() as cursor:
        cursor.execute(_SWAP, list(values))
        row = cursor.fetchone()
    assert row is not None
    return tuple(value or "" for value in row[: len(NAMES)])


@contextmanager
def db_scope(
    *,
    org_ids: Iterable[int] = (),
    case_org_ids: Iterable[int] = (),
    user_id: int | None = None,
    acting_org_id: int | None = None,
    system: bool = False,
    using: str = "default",
    restore: bool | None = None,
) -> Iterator[None]:
    """Run the block in a transaction whose row-level security context is the one given.

    The previous context is restored after the block when it ran inside a larger
    transaction (``restore`` decides explicitly; the request middleware skips it when the
    transaction ends with the request anyway)."""
    values: Settings = (
        ",".join(str(int(org)) for org in sorted(set(org_ids))),
        ",".join(str(int(org)) for org in sorted(set(case_org_ids))),
        "" if user_id is None else str(int(user_id)),
        "" if acting_org_id is None else str(int(acting_org_id)),
        "on" if system else "off",
    )
    nested = connections[using].in_atomic_block if restore is None else restore
    with transaction.atomic(using=using, savepoint=False):
        previous = _swap(using, values)
        if system:
            _check_system(using)
        yield
        # Only reached when the block succeeded; on an error the transaction is rolled
        # back and the settings with it. A scope that opened the transaction needs no
        # restoring: the settings end with it.
        if nested:
            _swap(using, previous)


def _check_system(using: str) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT globa_system(), current_user")
        row = cursor.fetchone()
    assert row is not None
    if not row[0]:
        raise ImproperlyConfigured(
            f"The database role {row[1]} may not act for the whole installation. Commands "
            "and background work connect with the system role (DATABASE_SYSTEM_URL, see "
            "docs/deploy.md); web processes never do."
        )


@contextmanager
def system_scope(*, user_id: int | None = None, using: str = "default") -> Iterator[None]:
    """For commands and background work that act for the whole installation."""
    with db_scope(system=True, user_id=user_id, using=using):
        yield
