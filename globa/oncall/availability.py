"""Reads: what each on-call carer can take on a day, computed from their contract, their
respite periods, the children placed with them, their own children and the capacity rule;
never typed by hand."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import psycopg
from django.db import connection
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from globa.organisations.models import Organisation
from globa.registry.models import Limit
from globa.registry.rules import limit


class Status(TextChoices):
    FREE = "free", _("free")
    CARING = "caring", _("caring, can take more")
    FULL = "full", _("full")
    RESPITE = "respite", _("on respite")
    NO_CONTRACT = "no_contract", _("prepared, no contract")


class Availability(NamedTuple):
    """One on-call carer on a day. ``places``, ``free`` and ``status`` are computed by the
    statement that reads it, from the contract, respite, placements, own children and the
    capacity rule."""

    household_id: uuid.UUID
    name: str
    centre_id: int
    municipality_id: int
    languages: tuple[str, ...]
    contract_id: uuid.UUID | None
    contract_number: str
    contract_ends_on: dt.date | None
    age_min: int
    age_max: int
    accepts_disability: bool
    accepts_siblings: bool
    around_the_clock: bool
    respite_until: dt.date | None
    placed: int
    own: int
    places: int
    free: int
    status: str
    county_id: int | None

    def get_status_display(self) -> str:
        return str(Status(self.status).label)


# Places: the contract's, within the rule. Free: the places not taken, and never more than the
# rule's total with the family's own children; none without a contract or on respite. The
# rule is the one the placement check applies (globa_capacity, registry migration 0011).
AVAILABILITY_SQL = """
WITH rule AS MATERIALIZED (
    SELECT max_placed, max_total FROM globa_capacity('on_call', %(day)s)
), respite AS (
    SELECT contract_id, max(ends_on) AS until FROM carers_respite
     WHERE starts_on <= %(day)s AND ends_on >= %(day)s GROUP BY contract_id
), carers AS (
    SELECT h.id, h.name, h.centre_id, h.municipality_id, h.languages,
           c.id AS contract_id, coalesce(c.number, '') AS number, c.ends_on,
           coalesce(c.age_min, 0) AS age_min, coalesce(c.age_max, %(oldest_child)s) AS age_max,
           coalesce(c.accepts_disability, false) AS accepts_disability,
           coalesce(c.accepts_siblings, false) AS accepts_siblings,
           coalesce(c.around_the_clock, false) AS around_the_clock,
           r.until AS respite_until,
           -- Kept on the household's row by the database (registry migration 0010);
           -- counted only for a day before a placement's start or end it does not include.
           CASE WHEN h.placed_settled_from IS NULL OR h.placed_settled_from <= %(day)s
                THEN h.placed_open
                ELSE globa_placed(h.id, %(day)s) END AS placed,
           h.own_living AS own,
           CASE WHEN c.id IS NULL THEN 0
                ELSE least(c.places, coalesce((SELECT max_placed FROM rule), c.places)) END
             AS places
      FROM registry_carerhousehold h
      LEFT JOIN carers_contract c
        ON c.household_id = h.id AND c.starts_on <= %(day)s AND c.ends_on >= %(day)s
      LEFT JOIN respite r ON r.contract_id = c.id
     WHERE h.kind = 'on_call' AND h.status = 'active' {where}
), counted AS (
    SELECT carers.*,
           CASE WHEN contract_id IS NULL OR respite_until IS NOT NULL THEN 0
                ELSE greatest(least(places - placed,
                                    coalesce((SELECT max_total FROM rule) - placed - own,
                                             places - placed)), 0)
           END AS free
      FROM carers
)
SELECT id, name, centre_id, municipality_id, languages, contract_id, number, ends_on,
       age_min, age_max, accepts_disability, accepts_siblings, around_the_clock,
       respite_until, placed, own, places, free,
       CASE WHEN contract_id IS NULL THEN 'no_contract'
            WHEN respite_until IS NOT NULL THEN 'respite'
            WHEN free = 0 THEN 'full'
            WHEN placed > 0 THEN 'caring'
            ELSE 'free' END
  FROM counted
 ORDER BY name, id
"""


def on_call_carers(
    day: dt.date,
    *,
    centre_ids: Iterable[int] | None = None,
    household_ids: Iterable[uuid.UUID] | None = None,
) -> list[Availability]:
    """Every active on-call carer the transaction may see (row-level security), or those of
    the given centres or households, with what they can take on the day, by name. One
    statement."""
    params: dict[str, Any] = {
        "day": day,
        "oldest_child": limit(Limit.ON_CALL_CHILD_MAX_AGE, day),
    }
    where = ""
    if centre_ids is not None:
        where += " AND h.centre_id = ANY(%(centres)s)"
        params["centres"] = list(centre_ids)
    if household_ids is not None:
        where += " AND h.id = ANY(%(households)s)"
        params["households"] = list(household_ids)
    counties = _counties()
    make = Availability._make
    return [
        make((*row, counties.get(row[3])))
        for row in _prepared(AVAILABILITY_SQL.format(where=where), params)
    ]


COUNTIES_KEPT_SECONDS = 600
_counties_read: tuple[float, dict[int, int | None]] = (-COUNTIES_KEPT_SECONDS, {})


def _counties() -> dict[int, int | None]:
    """The county of each municipality: reference data, read again every ten minutes."""
    global _counties_read
    read_at, counties = _counties_read
    now = time.monotonic()
    if now - read_at >= COUNTIES_KEPT_SECONDS:
        counties = dict(
            Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).values_list(
                "id", "county_id"
            )
        )
        _counties_read = (now, counties)
    return counties


def _prepared(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Run a hot read as a server-side prepared statement: planning it costs as much as
    running it, and the connection keeps the plan between requests. It runs in the request's
    transaction, under its row-level security settings, like every other query."""
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    # Django's cursors bind parameters on the client; a plain psycopg cursor binds on the
    # server, which is what a prepared statement needs.
    with psycopg.Cursor(raw) as cursor:
        cursor.execute(sql, params, prepare=True, binary=True)
        return cursor.fetchall()


@dataclass(frozen=True)
class Experience:
    """How many children with each need the carer has cared for before."""

    disability: int = 0
    infants: int = 0
    teenagers: int = 0


EXPERIENCE_SQL = """
SELECT p.household_id,
       count(*) FILTER (WHERE c.has_disability),
       count(*) FILTER (WHERE p.started_on - c.birth_date < 3 * 365),
       count(*) FILTER (WHERE p.started_on - c.birth_date >= 12 * 365)
  FROM registry_placement p
  JOIN registry_child c ON c.id = p.child_id
 WHERE p.household_id = ANY(%(households)s)
 GROUP BY p.household_id
"""


def experience_of(household_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Experience]:
    ids = list(household_ids)
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(EXPERIENCE_SQL, {"households": ids})
        return {row[0]: Experience(row[1], row[2], row[3]) for row in cursor.fetchall()}


def sibling_carers(
    sibling_group_ids: Iterable[uuid.UUID], day: dt.date
) -> dict[uuid.UUID, set[uuid.UUID]]:
    """For each sibling group, the households where one of its children lives on the day."""
    ids = list(sibling_group_ids)
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT DISTINCT c.sibling_group_id, p.household_id
              FROM registry_placement p JOIN registry_child c ON c.id = p.child_id
             WHERE c.sibling_group_id = ANY(%(groups)s) AND p.household_id IS NOT NULL
               AND p.started_on <= %(day)s AND (p.ended_on IS NULL OR p.ended_on > %(day)s)
            """,
            {"groups": ids, "day": day},
        )
        found: dict[uuid.UUID, set[uuid.UUID]] = {}
        for group, household in cursor.fetchall():
            found.setdefault(group, set()).add(household)
        return found
