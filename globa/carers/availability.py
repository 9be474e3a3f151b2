"""Reads: what each on-call carer can take on a day, computed from their contract, their
respite periods, the children placed with them, their own children and the capacity rule;
never typed by hand."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import psycopg
from django.db import connection
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from globa.organisations.models import Organisation


class Status(TextChoices):
    FREE = "free", _("free")
    CARING = "caring", _("caring, can take more")
    FULL = "full", _("full")
    RESPITE = "respite", _("on respite")
    NO_CONTRACT = "no_contract", _("prepared, no contract")


@dataclass
class Availability:
    household_id: uuid.UUID
    name: str
    centre_id: int
    municipality_id: int
    county_id: int | None
    languages: tuple[str, ...]
    contract_id: uuid.UUID | None
    contract_number: str
    contract_ends_on: dt.date | None
    contract_places: int
    age_min: int
    age_max: int
    accepts_disability: bool
    accepts_siblings: bool
    around_the_clock: bool
    respite_until: dt.date | None
    placed: int
    own: int
    max_placed: int | None
    max_total: int | None

    @cached_property
    def places(self) -> int:
        """How many children the carer takes at once: the contract, within the rule."""
        if self.contract_id is None:
            return 0
        if self.max_placed is None:
            return self.contract_places
        return min(self.contract_places, self.max_placed)

    @cached_property
    def free(self) -> int:
        if self.contract_id is None or self.respite_until is not None:
            return 0
        free = self.places - self.placed
        if self.max_total is not None:
            free = min(free, self.max_total - self.placed - self.own)
        return max(free, 0)

    @property
    def status(self) -> str:
        if self.contract_id is None:
            return Status.NO_CONTRACT
        if self.respite_until is not None:
            return Status.RESPITE
        if self.free == 0:
            return Status.FULL
        return Status.CARING if self.placed else Status.FREE

    def get_status_display(self) -> str:
        return str(Status(self.status).label)


AVAILABILITY_SQL = """
WITH rule AS MATERIALIZED (
    SELECT max_placed, max_total FROM registry_capacityrule
     WHERE household_kind = 'on_call' AND valid_from <= %(day)s
       AND (valid_to IS NULL OR valid_to >= %(day)s)
     ORDER BY valid_from DESC LIMIT 1
)
SELECT h.id, h.name, h.centre_id, h.municipality_id, h.languages,
       c.id, coalesce(c.number, ''), c.ends_on, coalesce(c.places, 0),
       coalesce(c.age_min, 0), coalesce(c.age_max, 17),
       coalesce(c.accepts_disability, false), coalesce(c.accepts_siblings, false),
       coalesce(c.around_the_clock, false),
       (SELECT max(r.ends_on) FROM carers_respite r
         WHERE r.contract_id = c.id AND r.starts_on <= %(day)s AND r.ends_on >= %(day)s),
       (SELECT count(*) FROM registry_placement p
         WHERE p.household_id = h.id AND p.ended_on IS NULL AND p.started_on <= %(day)s)
       + (SELECT count(*) FROM registry_placement p
         WHERE p.household_id = h.id AND p.ended_on > %(day)s AND p.started_on <= %(day)s),
       (SELECT count(*) FROM registry_householdownchild o
         WHERE o.household_id = h.id AND o.lives_in_household),
       rule.max_placed, rule.max_total
  FROM registry_carerhousehold h
  LEFT JOIN rule ON true
  LEFT JOIN carers_contract c
    ON c.household_id = h.id AND c.starts_on <= %(day)s AND c.ends_on >= %(day)s
 WHERE h.kind = 'on_call' AND h.status = 'active' {where}
 ORDER BY h.name, h.id
"""


def on_call_carers(
    day: dt.date,
    *,
    centre_ids: Iterable[int] | None = None,
    household_ids: Iterable[uuid.UUID] | None = None,
) -> list[Availability]:
    """Every active on-call carer the transaction may see (row-level security), or those of
    the given centres or households, with what they can take on the day. One statement."""
    params: dict[str, Any] = {"day": day}
    where = ""
    if centre_ids is not None:
        where += " AND h.centre_id = ANY(%(centres)s)"
        params["centres"] = list(centre_ids)
    if household_ids is not None:
        where += " AND h.id = ANY(%(households)s)"
        params["households"] = list(household_ids)
    counties = dict(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).values_list(
            "id", "county_id"
        )
    )
    return [
        Availability(
            household_id=row[0],
            name=row[1],
            centre_id=row[2],
            municipality_id=row[3],
            county_id=counties.get(row[3]),
            languages=tuple(row[4] or ()),
            contract_id=row[5],
            contract_number=row[6],
            contract_ends_on=row[7],
            contract_places=row[8],
            age_min=row[9],
            age_max=row[10],
            accepts_disability=row[11],
            accepts_siblings=row[12],
            around_the_clock=row[13],
            respite_until=row[14],
            placed=row[15],
            own=row[16],
            max_placed=row[17],
            max_total=row[18],
        )
        for row in _prepared(AVAILABILITY_SQL.format(where=where), params)
    ]


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
        cursor.execute(sql, params, prepare=True)
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
