"""A synthetic foster-care world, planned in memory before anything is written.

The plan keeps every rule the database and the services enforce, so that it can be written
either through the services (the demo) or in bulk (``generate``): a child is never in two
placements at once; a household never holds more children than its capacity rule allows,
counting its own; an on-call placement lasts under 12 months; every household that is not
closed has exactly one active coordinator, a coordinator of its centre.

Placements are allocated in one chronological sweep: each household has a number of places
and a heap of the days its current placements end, so a place is free on a day exactly when
the rule would allow one more child then.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from globa.devdata import names
from globa.lib import personal_code
from globa.lib.dates import add_years

ON_CALL = "on_call"
GUARDIAN_RELATIVE = "guardian_relative"
GUARDIAN_NON_RELATIVE = "guardian_non_relative"
PERMANENT = "permanent"
ADOPTIVE = "adoptive"
FAMILY_HOME = "family_home"
HOUSEHOLD_KINDS = (
    GUARDIAN_RELATIVE,
    GUARDIAN_NON_RELATIVE,
    ON_CALL,
    PERMANENT,
    ADOPTIVE,
    FAMILY_HOME,
)
INSTITUTION = "institution"
COMMUNITY_HOME = "community_home"

# Where a child goes when no household of the wanted kind has a free place: an emergency
# without a free on-call carer ends in an institution, as it did before the reform.
FALLBACK = {
    ON_CALL: (ON_CALL, INSTITUTION),
    GUARDIAN_RELATIVE: (
        GUARDIAN_RELATIVE,
        GUARDIAN_NON_RELATIVE,
        PERMANENT,
        FAMILY_HOME,
        COMMUNITY_HOME,
        INSTITUTION,
    ),
    GUARDIAN_NON_RELATIVE: (
        GUARDIAN_NON_RELATIVE,
        PERMANENT,
        FAMILY_HOME,
        COMMUNITY_HOME,
        INSTITUTION,
    ),
    PERMANENT: (PERMANENT, GUARDIAN_NON_RELATIVE, FAMILY_HOME, COMMUNITY_HOME, INSTITUTION),
    FAMILY_HOME: (FAMILY_HOME, PERMANENT, COMMUNITY_HOME, INSTITUTION),
    ADOPTIVE: (ADOPTIVE, PERMANENT, GUARDIAN_NON_RELATIVE, COMMUNITY_HOME, INSTITUTION),
    COMMUNITY_HOME: (COMMUNITY_HOME, INSTITUTION),
    INSTITUTION: (INSTITUTION,),
}
COMMUNITY_HOME_PLACES = 8
FOREVER = dt.date.max

LANGUAGE_LT = "lietuvių"


# Rows: one per table, the field names are the column names ------------------------------


class SiblingGroupRow(NamedTuple):
    id: uuid.UUID
    centre_id: int
    label: str


class ChildRow(NamedTuple):
    id: uuid.UUID
    centre_id: int
    municipality_id: int
    first_name: str
    last_name: str
    sex: str
    birth_date: dt.date
    personal_code: str | None
    other_identifier: str
    other_identifier_country: str
    legal_status: str
    status: str
    has_disability: bool
    special_needs: str
    sibling_group_id: uuid.UUID | None
    support_extended_until: dt.date | None
    support_extension_decision: str


class RelativeRow(NamedTuple):
    id: uuid.UUID
    child_id: uuid.UUID
    centre_id: int
    first_name: str
    last_name: str
    relation: str
    contact_arrangement: str
    phone: str
    notes: str


class HouseholdRow(NamedTuple):
    id: uuid.UUID
    centre_id: int
    municipality_id: int
    name: str
    kind: str
    status: str
    address: str
    languages: list[str]
    accepts_age_min: int
    accepts_age_max: int
    accepts_siblings: bool
    accepts_disability: bool


class AdultRow(NamedTuple):
    id: uuid.UUID
    household_id: uuid.UUID
    centre_id: int
    first_name: str
    last_name: str
    birth_date: dt.date
    personal_code: str
    phone: str
    email: str
    is_related_to_child: bool


class OwnChildRow(NamedTuple):
    id: uuid.UUID
    household_id: uuid.UUID
    centre_id: int
    first_name: str
    birth_date: dt.date
    lives_in_household: bool


class AssignmentRow(NamedTuple):
    id: uuid.UUID
    household_id: uuid.UUID
    centre_id: int
    coordinator_id: int
    started_on: dt.date
    ended_on: dt.date | None
    assigned_by_id: int | None
    reason: str


class PlacementRow(NamedTuple):
    id: uuid.UUID
    child_id: uuid.UUID
    centre_id: int
    household_id: uuid.UUID | None
    institution_id: int | None
    kind: str
    started_on: dt.date
    ended_on: dt.date | None
    end_reason: str
    is_emergency: bool
    notes: str
    created_by_id: int | None


# What to plan -----------------------------------------------------------------------------


@dataclass
class CentreSpec:
    """One care centre: its staff and how much of the work it carries."""

    id: int
    municipality_id: int
    municipality_name: str
    county_id: int | None
    manager_id: int
    coordinator_ids: list[int]
    households: dict[str, int]
    in_care: int
    left_care: int
    after_18: int
    # The demo's coordinator: weighted up so that they carry a real caseload.
    favourite_coordinator_id: int | None = None


@dataclass(frozen=True)
class Limits:
    """A household kind's capacity rule, as the planner needs it (from ``CapacityRule``)."""

    max_placed: int | None = None
    max_total: int | None = None
    max_months_per_child: int | None = None


@dataclass
class HomeSpec:
    """An institution or community children's home a child can be placed in."""

    id: int
    kind: str
    county_id: int | None


@dataclass
class World:
    """The planned rows, in the order they can be inserted."""

    sibling_groups: list[SiblingGroupRow] = field(default_factory=list)
    children: list[ChildRow] = field(default_factory=list)
    relatives: list[RelativeRow] = field(default_factory=list)
    households: list[HouseholdRow] = field(default_factory=list)
    adults: list[AdultRow] = field(default_factory=list)
    own_children: list[OwnChildRow] = field(default_factory=list)
    assignments: list[AssignmentRow] = field(default_factory=list)
    placements: list[PlacementRow] = field(default_factory=list)
    # Household → the day it was approved (its first coordinator assignment starts then).
    household_since: dict[uuid.UUID, dt.date] = field(default_factory=dict)

    def tables(self) -> Iterator[tuple[str, list[NamedTuple]]]:
        """(table, rows) in an order that satisfies the foreign keys."""
        yield "registry_siblinggroup", list(self.sibling_groups)
        yield "registry_child", list(self.children)
        yield "registry_relative", list(self.relatives)
        yield "registry_carerhousehold", list(self.households)
        yield "registry_householdadult", list(self.adults)
        yield "registry_householdownchild", list(self.own_children)
        yield "registry_coordinatorassignment", list(self.assignments)
        yield "registry_placement", list(self.placements)


# Planning state ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Household:
    id: uuid.UUID
    centre: CentreSpec
    kind: str
    since: dt.date
    own: int
    places: int
    busy: list[dt.date] = field(default_factory=list)  # heap of the days placements end
    ages: list[int] = field(default_factory=list)
    surname_from_child: str = ""
    took_siblings: bool = False
    took_disability: bool = False
    took_ukrainian: bool = False
    last_end: dt.date | None = None
    has_open: bool = False

    def free_on(self, day: dt.date) -> int:
        while self.busy and self.busy[0] <= day:
            heapq.heappop(self.busy)
        return self.places - len(self.busy)


@dataclass(eq=False)
class _Home:
    spec: HomeSpec
    places: int | None
    busy: list[dt.date] = field(default_factory=list)

    def free_on(self, day: dt.date) -> int:
        if self.places is None:
            return 1_000_000
        while self.busy and self.busy[0] <= day:
            heapq.heappop(self.busy)
        return self.places - len(self.busy)


@dataclass(eq=False)
class _Child:
    id: uuid.UUID
    sex: str
    first_name: str
    family: str  # the man's form of the surname
    birth: dt.date
    ukrainian: bool
    disabled: bool
    special_needs: str


@dataclass
class _Segment:
    want: str
    start: dt.date
    end: dt.date | None
    emergency: bool
    end_reason: str


@dataclass(eq=False)
class _Unit:
    """A child, or siblings who come into care together and are placed together."""

    seq: int
    centre: CentreSpec
    category: str  # in_care, left_care, after_18
    members: list[_Child]
    segments: list[_Segment]
    sibling_group_id: uuid.UUID | None = None
    previous: object | None = None
    last_kind: str = ""
    last_rows: list[int] = field(default_factory=list)  # its current placements in the world


class Planner:
    """Plans a world from centre and home specifications; deterministic for a seed."""

    def __init__(
        self,
        *,
        centres: list[CentreSpec],
        homes: list[HomeSpec],
        municipalities_by_county: dict[int | None, list[int]],
        limits: dict[str, Limits],
        today: dt.date,
        seed: int,
        history_years: int = 10,
    ) -> None:
        self.rng = random.Random(seed)
        self.limits = limits
        months = limits.get(ON_CALL, Limits()).max_months_per_child or 12
        # Under the on-call rule's months, with room to spare.
        self.on_call_max_days = months * 30 - 30
        self.centres = centres
        self.today = today
        self.history_start = today - dt.timedelta(days=365 * history_years)
        self.municipalities_by_county = municipalities_by_county
        self.codes: set[str] = set()
        self.world = World()
        self.pools: dict[tuple[int, str], list[_Household]] = {}
        self.households: list[_Household] = []
        # Homes by kind, and by kind and county: a child is placed near home when possible.
        self.homes: dict[tuple[str, int | None], list[_Home]] = {}
        self.homes_by_county: dict[tuple[str, int | None], list[_Home]] = {}
        for spec in homes:
            home = _Home(spec, COMMUNITY_HOME_PLACES if spec.kind == COMMUNITY_HOME else None)
            self.homes.setdefault((spec.kind, None), []).append(home)
            self.homes_by_county.setdefault((spec.kind, spec.county_id), []).append(home)
        self.coordinator_weights: dict[int, list[float]] = {}
        self.placement_kind: dict[str, str] = {}

    # Helpers ------------------------------------------------------------------------------

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        """A day from first to last inclusive (first when the range is empty)."""
        span = (last - first).days
        return first + dt.timedelta(days=self.rng.randint(0, span) if span > 0 else 0)

    def code(self, birth: dt.date, sex: str) -> str:
        """A valid personal code not used yet in this world."""
        serial = self.rng.randrange(1000)
        for step in range(1000):
            code = personal_code.make(birth, sex, (serial + step) % 1000)
            if code not in self.codes:
                self.codes.add(code)
                return code
        raise RuntimeError(f"no personal codes left for {birth} {sex}")

    # The plan -----------------------------------------------------------------------------

    def plan(self) -> World:
        """Households, children and their placements, then coordinators and statuses."""
        units: list[_Unit] = []
        for centre in self.centres:
            weights = [self.rng.lognormvariate(0, 0.4) for _ in centre.coordinator_ids]
            if centre.favourite_coordinator_id in centre.coordinator_ids:
                index = centre.coordinator_ids.index(centre.favourite_coordinator_id)
                weights[index] = max(weights) * 2.5
            self.coordinator_weights[centre.id] = weights
            self._plan_households(centre)
            units.extend(self._plan_units(centre, start_seq=len(units)))
        self._allocate(units)
        for unit in units:
            self._write_children(unit)
        for household in self.households:
            self._write_household(household)
        return self.world

    def _plan_households(self, centre: CentreSpec) -> None:
        rng = self.rng
        for kind, count in centre.households.items():
            for _ in range(count):
                # On-call carers are a recent profession; other carers span decades.
                if kind == ON_CALL:
                    since = self.day_between(
                        dt.date(2016, 1, 1), self.today - dt.timedelta(days=20)
                    )
                else:
                    since = self.day_between(
                        self.history_start - dt.timedelta(days=365 * 4),
                        self.today - dt.timedelta(days=20),
                    )
                own = rng.choices((0, 1, 2, 3), (45, 25, 20, 10))[0]
                if kind == GUARDIAN_RELATIVE:
                    own = rng.choices((0, 1), (85, 15))[0]
                places = self._places(kind, own)
                household = _Household(
                    id=self.new_id(), centre=centre, kind=kind, since=since, own=own, places=places
                )
                self.households.append(household)
                self.pools.setdefault((centre.id, kind), []).append(household)

    def _places(self, kind: str, own: int) -> int:
        """How many children a household takes: its wish, within its capacity rule."""
        rng = self.rng
        wish = {
            ON_CALL: 3,
            GUARDIAN_RELATIVE: rng.choices((1, 2, 3, 4), (50, 30, 15, 5))[0],
            GUARDIAN_NON_RELATIVE: rng.choices((1, 2, 3, 4), (40, 35, 18, 7))[0],
            PERMANENT: rng.choice((2, 3, 4)),
            ADOPTIVE: rng.choice((1, 1, 2)),
            FAMILY_HOME: rng.randint(6, 10),
        }[kind]
        rule = self.limits.get(kind, Limits())
        places = [wish]
        if rule.max_placed is not None:
            places.append(rule.max_placed)
        if rule.max_total is not None:
            places.append(rule.max_total - own)
        return max(0, min(places))

    # Children and their journeys ----------------------------------------------------------

    def _plan_units(self, centre: CentreSpec, start_seq: int) -> list[_Unit]:
        units: list[_Unit] = []
        for category, count in (
            ("in_care", centre.in_care),
            ("left_care", centre.left_care),
            ("after_18", centre.after_18),
        ):
            left = count
            while left > 0:
                size = (
                    1
                    if category == "after_18"
                    else self.rng.choices((1, 2, 3, 4), (70, 18, 8, 4))[0]
                )
                unit = self._unit(centre, category, min(size, left), start_seq + len(units))
                units.append(unit)
                left -= len(unit.members)
        return units

    def _unit(self, centre: CentreSpec, category: str, size: int, seq: int) -> _Unit:
        rng = self.rng
        today = self.today
        adulthood = False
        war = dt.date(2022, 3, 1)
        ukrainian = (
            category == "in_care" and today > war + dt.timedelta(days=60) and rng.random() < 0.025
        )
        if category == "in_care":
            oldest = today - dt.timedelta(days=rng.randint(0, 18 * 365 - 10))
            length = rng.choices(
                (rng.randint(1, 180), rng.randint(180, 1100), rng.randint(1100, 4400)), (18, 32, 50)
            )[0]
            entry = today - dt.timedelta(days=length)
            exit_day: dt.date | None = None
        elif category == "left_care":
            exit_day = today - dt.timedelta(days=rng.randint(1, (today - self.history_start).days))
            length = rng.choices(
                (rng.randint(7, 365), rng.randint(365, 1500), rng.randint(1500, 4000)), (30, 40, 30)
            )[0]
            entry = exit_day - dt.timedelta(days=length)
            if size == 1 and rng.random() < 0.15:
                adulthood = True  # leaves care on the 18th birthday
                oldest = add_years(exit_day, -18)
            else:
                # Young enough at entry to leave before 18.
                latest_age = max(0, 18 * 365 - 30 - length)
                oldest = entry - dt.timedelta(days=rng.randint(0, latest_age))
        else:  # after_18: 18 to 20, support extended by a decision
            oldest = today - dt.timedelta(days=rng.randint(18 * 365 + 10, 21 * 365 - 60))
            entry = add_years(oldest, 18) - dt.timedelta(days=rng.randint(200, 3650))
            exit_day = None if rng.random() < 0.5 else add_years(oldest, 18)
            adulthood = exit_day is not None
        if ukrainian:
            entry = max(entry, self.day_between(war, today - dt.timedelta(days=1)))
        family = rng.choice(names.UKRAINIAN_SURNAMES if ukrainian else names.SURNAMES)
        births = [oldest]
        for _ in range(size - 1):
            younger = births[-1] + dt.timedelta(days=rng.randint(330, 1500))
            if younger > entry:
                break
            births.append(younger)
        entry = max(entry, births[-1])
        if exit_day is not None and exit_day <= entry:
            exit_day = entry + dt.timedelta(days=1)
        members = [self._child(family, birth, ukrainian) for birth in births]
        youngest_age = (entry - births[-1]).days
        if category == "left_care":
            reason = (
                "adulthood" if adulthood else self._leaving_reason((exit_day or today) - births[0])
            )
        else:
            reason = "adulthood" if adulthood else ""
        segments = self._segments(entry, exit_day, reason, youngest_age, add_years(births[0], 18))
        unit = _Unit(seq=seq, centre=centre, category=category, members=members, segments=segments)
        if len(members) > 1:
            unit.sibling_group_id = self.new_id()
            self.world.sibling_groups.append(
                SiblingGroupRow(
                    unit.sibling_group_id,
                    centre.id,
                    f"{names.family_name(family)} vaikai"
                    if not ukrainian
                    else f"{family} broliai ir seserys",
                )
            )
        return unit

    def _child(self, family: str, birth: dt.date, ukrainian: bool) -> _Child:
        rng = self.rng
        sex = names.MALE if rng.random() < 0.52 else names.FEMALE
        if ukrainian:
            first = rng.choice(names.UKRAINIAN_BOYS if sex == names.MALE else names.UKRAINIAN_GIRLS)
        else:
            first = names.first_name(rng, sex, adult=False)
        disabled = rng.random() < 0.07
        needs = ""
        if disabled or rng.random() < 0.08:
            needs = rng.choice(SPECIAL_NEEDS)
        return _Child(self.new_id(), sex, first, family, birth, ukrainian, disabled, needs)

    def _leaving_reason(self, age: dt.timedelta) -> str:
        years = age.days / 365.25
        reasons = ["reunified", "relatives", "other"]
        weights = [45, 17, 6]
        if years < 10:
            reasons.append("adopted")
            weights.append(20)
        if years >= 13:
            reasons.append("ran_away")
            weights.append(4)
        return self.rng.choices(reasons, weights)[0]

    def _segments(
        self,
        entry: dt.date,
        exit_day: dt.date | None,
        final_reason: str,
        youngest_age: int,
        adult_on: dt.date,
    ) -> list[_Segment]:
        """The settings a child lives in, one after another, from entry to exit (or now).

        Nobody is placed anew after their 18th birthday: the setting they are in then is
        their last."""
        rng = self.rng
        limit = exit_day or self.today
        reform = min(1.0, max(0.0, (entry.year - 2015) / 6))
        infant = youngest_age < 365
        on_call = (0.75 if infant else 0.4) * reform
        institution = 0.45 if entry.year < 2018 else 0.15 if entry.year < 2021 else 0.05
        segments: list[_Segment] = []
        start = entry
        draw = rng.random()
        if draw < on_call:
            segments.append(_Segment(ON_CALL, start, None, True, ""))
            length = rng.randint(14, self.on_call_max_days)
        elif draw < on_call + institution:
            segments.append(_Segment(INSTITUTION, start, None, rng.random() < 0.5, ""))
            length = rng.randint(60, 1200)
        else:
            segments.append(
                _Segment(self._long_term_kind(entry, youngest_age), start, None, False, "")
            )
            length = rng.randint(200, 2500)
        while True:
            end = start + dt.timedelta(days=length)
            if end >= limit or end >= adult_on:
                segments[-1].end = exit_day
                segments[-1].end_reason = final_reason if exit_day else ""
                break
            segments[-1].end = end
            segments[-1].end_reason = rng.choices(("moved", "breakdown"), (75, 25))[0]
            start = end
            age = youngest_age + (start - entry).days
            segments.append(_Segment(self._long_term_kind(start, age), start, None, False, ""))
            length = rng.randint(200, 2500)
        last = segments[-1]
        if final_reason == "adopted":
            last.want, last.emergency = ADOPTIVE, False
        elif last.want == ON_CALL and (limit - last.start).days > self.on_call_max_days:
            # A stay past the on-call months is a long-term placement from the start.
            last.want, last.emergency = self._long_term_kind(last.start, youngest_age), False
        return segments

    def _long_term_kind(self, day: dt.date, youngest_age: int) -> str:
        kinds = [GUARDIAN_RELATIVE, GUARDIAN_NON_RELATIVE, PERMANENT, FAMILY_HOME]
        weights = [45, 25, 10, 7]
        if day.year >= 2016:
            kinds.append(COMMUNITY_HOME)
            weights.append(8)
        if youngest_age < 8 * 365:
            kinds.append(ADOPTIVE)
            weights.append(5)
        return self.rng.choices(kinds, weights)[0]

    # Allocation ---------------------------------------------------------------------------

    def _allocate(self, units: list[_Unit]) -> None:
        """Give every segment a household or home, in the order of the days they start."""
        events = sorted(
            (
                (seg.start, unit.seq, index, unit)
                for unit in units
                for index, seg in enumerate(unit.segments)
            ),
            key=lambda e: (e[0], e[1], e[2]),
        )
        for _start, _seq, index, unit in events:
            self._place(unit, unit.segments[index])

    def _place(self, unit: _Unit, segment: _Segment) -> None:
        size = len(unit.members)
        ends_on = segment.end or FOREVER
        for kind in FALLBACK[segment.want]:
            if kind in (INSTITUTION, COMMUNITY_HOME):
                home = self._free_home(kind, unit, segment.start, size)
                if home is None:
                    continue
                for _ in unit.members:
                    if home.places is not None:
                        heapq.heappush(home.busy, ends_on)
                self._record(unit, segment, kind, household=None, home=home)
                return
            candidates = [
                h
                for h in self.pools.get((unit.centre.id, kind), ())
                if h.since <= segment.start
                and h is not unit.previous
                and h.free_on(segment.start) >= size
            ]
            if not candidates:
                continue
            household = self.rng.choice(candidates)
            for _ in unit.members:
                heapq.heappush(household.busy, ends_on)
            self._record(unit, segment, kind, household=household, home=None)
            return
        raise AssertionError("an institution always has room")

    def _free_home(self, kind: str, unit: _Unit, day: dt.date, size: int) -> _Home | None:
        for homes in (
            self.homes_by_county.get((kind, unit.centre.county_id), []),
            self.homes.get((kind, None), []),
        ):
            free = [h for h in homes if h is not unit.previous and h.free_on(day) >= size]
            if free:
                return self.rng.choice(free)
        if kind == INSTITUTION and isinstance(unit.previous, _Home):
            return unit.previous  # the only institution: the child stays (see _record)
        return None

    def _record(
        self,
        unit: _Unit,
        segment: _Segment,
        kind: str,
        *,
        household: _Household | None,
        home: _Home | None,
    ) -> None:
        rng = self.rng
        if kind == ON_CALL:
            placement_kind = "temporary"
        elif kind == ADOPTIVE:
            placement_kind = "pre_adoption"
        elif kind in (GUARDIAN_RELATIVE, GUARDIAN_NON_RELATIVE):
            placement_kind = "temporary" if rng.random() < 0.5 else "permanent"
        elif kind == INSTITUTION and segment.emergency:
            placement_kind = "temporary"
        else:
            placement_kind = "permanent"
        if home is not None and home is unit.previous:
            # Staying on in the same place is one placement, not two.
            for index in unit.last_rows:
                row = self.world.placements[index]
                self.world.placements[index] = row._replace(
                    ended_on=segment.end, end_reason=segment.end_reason
                )
            return
        notes = ""
        if segment.emergency and rng.random() < 0.3:
            notes = rng.choice(EMERGENCY_NOTES)
        unit.last_rows = []
        for child in unit.members:
            unit.last_rows.append(len(self.world.placements))
            self.world.placements.append(
                PlacementRow(
                    id=self.new_id(),
                    child_id=child.id,
                    centre_id=unit.centre.id,
                    household_id=household.id if household else None,
                    institution_id=home.spec.id if home else None,
                    kind=placement_kind,
                    started_on=segment.start,
                    ended_on=segment.end,
                    end_reason=segment.end_reason,
                    is_emergency=segment.emergency,
                    notes=notes,
                    created_by_id=unit.centre.manager_id,
                )
            )
        unit.previous = household or home
        unit.last_kind = placement_kind
        if household is not None:
            first = unit.members[0]
            household.surname_from_child = household.surname_from_child or first.family
            household.took_siblings |= len(unit.members) > 1
            household.took_disability |= any(c.disabled for c in unit.members)
            household.took_ukrainian |= first.ukrainian
            household.ages.extend(_years(c.birth, segment.start) for c in unit.members)
            if segment.end is None:
                household.has_open = True
            elif household.last_end is None or segment.end > household.last_end:
                household.last_end = segment.end

    # Writing rows -------------------------------------------------------------------------

    def _write_children(self, unit: _Unit) -> None:
        rng = self.rng
        centre = unit.centre
        municipality_id = centre.municipality_id
        if rng.random() < 0.1:
            neighbours = self.municipalities_by_county.get(centre.county_id) or [municipality_id]
            municipality_id = rng.choice(neighbours)
        final = unit.segments[-1]
        status = {"in_care": "in_care", "left_care": "left_care", "after_18": "after_18"}[
            unit.category
        ]
        if final.end_reason == "adopted":
            legal = "adopted"
        elif unit.last_kind == "temporary":
            legal = "temporary_care"
        else:
            legal = "permanent_care"
        parents = self._parents(unit.members[0].family, unit.members[0].ukrainian, final.end_reason)
        for child in unit.members:
            extended_until: dt.date | None = None
            decision = ""
            if unit.category == "after_18":
                turns_21 = add_years(child.birth, 21)
                extended_until = self.day_between(
                    max(self.today, add_years(child.birth, 18)) + dt.timedelta(days=30), turns_21
                )
                decided = add_years(child.birth, 18) - dt.timedelta(days=rng.randint(10, 90))
                decision = (
                    f"{names.municipality_stem(centre.municipality_name)} savivaldybės administracijos "
                    f"direktoriaus {decided:%Y-%m-%d} įsakymas Nr. A1-{rng.randint(100, 2999)}"
                )
            code: str | None = None
            other = country = ""
            if child.ukrainian:
                other = f"{rng.choice(('FT', 'FX', 'GA', 'EK'))}{rng.randint(100000, 999999)}"
                country = "Ukraina"
            else:
                code = self.code(child.birth, child.sex)
            self.world.children.append(
                ChildRow(
                    id=child.id,
                    centre_id=centre.id,
                    municipality_id=municipality_id,
                    first_name=child.first_name,
                    last_name=names.surname(child.family, child.sex),
                    sex=child.sex,
                    birth_date=child.birth,
                    personal_code=code,
                    other_identifier=other,
                    other_identifier_country=country,
                    legal_status=legal,
                    status=status,
                    has_disability=child.disabled,
                    special_needs=child.special_needs,
                    sibling_group_id=unit.sibling_group_id,
                    support_extended_until=extended_until,
                    support_extension_decision=decision,
                )
            )
            for first, last, relation, contact, phone, notes in parents:
                self.world.relatives.append(
                    RelativeRow(
                        self.new_id(),
                        child.id,
                        centre.id,
                        first,
                        last,
                        relation,
                        contact,
                        phone,
                        notes,
                    )
                )

    def _parents(
        self, family: str, ukrainian: bool, final_reason: str
    ) -> list[tuple[str, str, str, str, str, str]]:
        """The birth family shared by siblings: (first, last, relation, contact, phone, notes)."""
        rng = self.rng
        people: list[tuple[str, str, str, str, str, str]] = []

        def contact(restricted: int) -> str:
            if final_reason == "reunified":
                return "regular"
            return rng.choices(
                ("regular", "supervised", "remote", "restricted", "to_be_agreed"),
                (30, 28, 12, restricted, 20),
            )[0]

        def phone() -> str:
            return names.phone(rng) if rng.random() < 0.6 else ""

        def note() -> str:
            return rng.choice(CONTACT_NOTES) if rng.random() < 0.25 else ""

        if rng.random() < 0.85:
            if ukrainian:
                last = family
            else:
                last = rng.choices(
                    (
                        names.surname(family, names.FEMALE, married=True),
                        names.surname(family, names.FEMALE),
                        names.surname(rng.choice(names.SURNAMES), names.FEMALE, married=True),
                    ),
                    (60, 25, 15),
                )[0]
            first = (
                rng.choice(names.UKRAINIAN_GIRLS)
                if ukrainian
                else names.first_name(rng, names.FEMALE, adult=True)
            )
            people.append((first, last, "mother", contact(10), phone(), note()))
        if rng.random() < 0.5:
            first = (
                rng.choice(names.UKRAINIAN_BOYS)
                if ukrainian
                else names.first_name(rng, names.MALE, adult=True)
            )
            people.append((first, family, "father", contact(22), phone(), note()))
        if not ukrainian and rng.random() < 0.3:
            people.append(
                (
                    names.first_name(rng, names.FEMALE, adult=True),
                    names.surname(
                        rng.choice((family, *names.SURNAMES[:10])), names.FEMALE, married=True
                    ),
                    "grandparent",
                    contact(5),
                    phone(),
                    note(),
                )
            )
        if not ukrainian and rng.random() < 0.1:
            sex = rng.choice((names.MALE, names.FEMALE))
            people.append(
                (
                    names.first_name(rng, sex, adult=True),
                    names.surname(family, sex, married=True),
                    "aunt_uncle",
                    contact(5),
                    phone(),
                    "",
                )
            )
        return people

    def _write_household(self, h: _Household) -> None:
        rng = self.rng
        today = self.today
        centre = h.centre
        closed_on: dt.date | None = None
        status = "active"
        if not h.has_open:
            idle_since = max(h.last_end or h.since, h.since)
            room = (today - idle_since).days
            if room > 365 and rng.random() < 0.6:
                closed_on = idle_since + dt.timedelta(days=rng.randint(1, min(200, room - 1)))
                status = "closed"
            elif rng.random() < 0.08:
                status = "paused"
        family = (
            h.surname_from_child if h.kind == GUARDIAN_RELATIVE and h.surname_from_child else ""
        )
        family = family or rng.choice(names.SURNAMES)
        related = h.kind == GUARDIAN_RELATIVE
        if related:
            shape = rng.choices(("couple", "woman", "man"), (55, 38, 7))[0]
            age_range = (45, 64) if rng.random() < 0.65 else (30, 50)
        elif h.kind == FAMILY_HOME:
            shape, age_range = "couple", (32, 55)
        else:
            shape = rng.choices(("couple", "woman", "man"), (62, 31, 7))[0]
            age_range = (28, 58)
        people: list[tuple[str, str]] = []
        if shape in ("couple", "man"):
            people.append((names.MALE, family))
        if shape in ("couple", "woman"):
            people.append((names.FEMALE, names.surname(family, names.FEMALE, married=True)))
        if shape == "couple":
            name = f"{names.family_name(family)} {'šeimyna' if h.kind == FAMILY_HOME else 'šeima'}"
        else:
            name = ""
        oldest_adult = 0
        for sex, last in people:
            first = names.first_name(rng, sex, adult=True)
            name = name or f"{first} {last}"
            age = rng.randint(*age_range)
            birth = h.since - dt.timedelta(days=age * 365 + rng.randint(0, 364))
            oldest_adult = max(oldest_adult, _years(birth, today))
            email = ""
            if rng.random() < 0.7:
                email = f"{names.fold(first)}.{names.fold(last)}{rng.randint(1, 99)}@pastas.example"
            self.world.adults.append(
                AdultRow(
                    self.new_id(),
                    h.id,
                    centre.id,
                    first,
                    last,
                    birth,
                    self.code(birth, sex),
                    names.phone(rng),
                    email,
                    related,
                )
            )
        for index in range(h.own + (1 if rng.random() < 0.2 else 0)):
            lives = index < h.own
            age = (
                rng.randint(0, min(24, max(0, oldest_adult - 20)))
                if lives
                else rng.randint(19, max(19, oldest_adult - 19))
            )
            birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
            sex = rng.choice((names.MALE, names.FEMALE))
            self.world.own_children.append(
                OwnChildRow(
                    self.new_id(),
                    h.id,
                    centre.id,
                    names.first_name(rng, sex, adult=age > 18),
                    birth,
                    lives,
                )
            )
        if h.ages:
            age_min = min(17, max(0, min(h.ages) - rng.randint(0, 2)))
            age_max = min(17, max(max(h.ages) + rng.randint(0, 3), age_min))
        else:
            age_min = 0 if h.kind == ON_CALL else rng.randint(0, 6)
            age_max = rng.randint(max(age_min, 6), 17)
        self.world.households.append(
            HouseholdRow(
                id=h.id,
                centre_id=centre.id,
                municipality_id=centre.municipality_id,
                name=name,
                kind=h.kind,
                status=status,
                address=names.address(rng, centre.municipality_name),
                languages=self._languages(centre.municipality_name, h.took_ukrainian),
                accepts_age_min=age_min,
                accepts_age_max=age_max,
                accepts_siblings=h.took_siblings or rng.random() < 0.6,
                accepts_disability=h.took_disability or rng.random() < 0.2,
            )
        )
        self.world.household_since[h.id] = h.since
        self._write_assignments(h, closed_on)

    def _languages(self, municipality: str, ukrainian: bool) -> list[str]:
        rng = self.rng
        chances = LANGUAGE_CHANCES.get(municipality, LANGUAGE_CHANCES[""])
        spoken = [LANGUAGE_LT] + [language for language, chance in chances if rng.random() < chance]
        if ukrainian and "ukrainiečių" not in spoken:
            spoken.append("ukrainiečių")
        return spoken

    def _write_assignments(self, h: _Household, closed_on: dt.date | None) -> None:
        """The household's coordinators since approval: one active unless it closed."""
        rng = self.rng
        centre = h.centre
        end = closed_on or self.today
        changes = rng.choices((0, 1, 2), (60, 30, 10))[0] if len(centre.coordinator_ids) > 1 else 0
        days = sorted(
            {self.day_between(h.since + dt.timedelta(days=1), end) for _ in range(changes)}
        )
        days = [d for d in days if h.since < d <= end]
        starts = [h.since, *days]
        weights = self.coordinator_weights[centre.id]
        chosen = [rng.choices(centre.coordinator_ids, weights)[0]]
        for _ in days:
            others = [c for c in centre.coordinator_ids if c != chosen[-1]]
            chosen.append(rng.choice(others))
        # The active coordinator (the last one) follows the caseload weights.
        if len(chosen) > 1:
            last = rng.choices(centre.coordinator_ids, weights)[0]
            chosen[-1] = last if last != chosen[-2] else chosen[-1]
        for index, (started, coordinator) in enumerate(zip(starts, chosen, strict=True)):
            ended = starts[index + 1] if index + 1 < len(starts) else closed_on
            reason = "šeima užregistruota" if index == 0 else rng.choice(REASSIGNMENT_REASONS)
            self.world.assignments.append(
                AssignmentRow(
                    self.new_id(),
                    h.id,
                    centre.id,
                    coordinator,
                    started,
                    ended,
                    centre.manager_id,
                    reason,
                )
            )


def _years(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


SPECIAL_NEEDS = (
    "Autizmo spektro sutrikimas; reikalinga nuolatinė rutina.",
    "Kalbos raidos sutrikimas, lanko logopedą.",
    "Epilepsija, vartoja vaistus kasdien.",
    "Cerebrinis paralyžius, juda vežimėliu.",
    "Dėmesio ir aktyvumo sutrikimas (ADHD).",
    "Patirta trauma; reikalinga psichologo pagalba.",
    "Regėjimo negalia.",
    "Alergija maistui (riešutai).",
    "Lengvas intelekto sutrikimas, mokosi pagal pritaikytą programą.",
)
EMERGENCY_NOTES = (
    "Vaikas paimtas iš šeimos pagal policijos pranešimą.",
    "Apgyvendintas naktį, tėvams esant neblaiviems.",
    "Kūdikis perduotas iš ligoninės.",
    "Paimtas iš šeimos dėl smurto artimoje aplinkoje.",
)
CONTACT_NOTES = (
    "Susitikimai vyksta globos centre kas dvi savaites.",
    "Skambina vaikui sekmadieniais.",
    "Susitikimai tik dalyvaujant psichologui.",
    "Gyvena užsienyje, bendrauja vaizdo skambučiais.",
    "Teismo sprendimu bendravimas ribojamas.",
)
REASSIGNMENT_REASONS = (
    "koordinatorius išėjo iš darbo",
    "perskirstytas koordinatorių darbo krūvis",
    "šeimos prašymu",
    "koordinatorė išėjo vaiko priežiūros atostogų",
)
LANGUAGE_CHANCES = {
    names.VILNIUS: (("rusų", 0.2), ("lenkų", 0.1), ("anglų", 0.15), ("ukrainiečių", 0.04)),
    "Vilniaus rajono savivaldybė": (("lenkų", 0.5), ("rusų", 0.3)),
    "Šalčininkų rajono savivaldybė": (("lenkų", 0.6), ("rusų", 0.3)),
    "Visagino savivaldybė": (("rusų", 0.7),),
    "Klaipėdos miesto savivaldybė": (("rusų", 0.35), ("anglų", 0.1)),
    "": (("rusų", 0.1), ("anglų", 0.1)),
}
