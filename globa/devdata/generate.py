"""Synthetic data at the scale tiers of the design: a city, the country, ten times the country.

Organisations and staff are saved with ``bulk_create``; the registry rows go through
``COPY`` into a temporary table and one ``INSERT … SELECT`` per table, because PostgreSQL
refuses ``COPY FROM`` into a table with row-level security. The insert runs in a system
scope, so the policies and the audit trigger apply as to any other write.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections

from globa.accounts.models import Membership, Role, User
from globa.devdata import history, names, orgs
from globa.devdata.assessments import TABLES as ASSESSMENT_TABLES
from globa.devdata.assessments import plan_assessments
from globa.devdata.assessments import write as write_assessments
from globa.devdata.cases import TABLES as CASE_TABLES
from globa.devdata.cases import plan_cases
from globa.devdata.journey import add_journey
from globa.devdata.plan import (
    ADOPTIVE,
    FAMILY_HOME,
    GUARDIAN_NON_RELATIVE,
    GUARDIAN_RELATIVE,
    ON_CALL,
    PERMANENT,
    CentreSpec,
    HomeSpec,
    Limits,
    Planner,
    World,
)
from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.monitoring.models import (
    TransformationMilestone,
    TransformationPlan,
    TransformationResidents,
    TransformationStatusChange,
)
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, Child, HouseholdKind
from globa.registry.selectors import capacity_rule_for
from globa.support.services import provide_services

Echo = Callable[[str], None]


@dataclass(frozen=True)
class Tier:
    """The figures of one scale tier (DESIGN.md, "Scale to design for")."""

    name: str
    vilnius_only: bool
    centre_factor: int
    in_care: int
    children_total: int
    households: int
    on_call: int
    staff: int
    institutions: int
    community_homes: int
    monitors: int

    def scaled(self, scale: float) -> Tier:
        """The same tier with every count multiplied (the centres stay)."""

        def times(n: int, least: int) -> int:
            return max(least, round(n * scale))

        return replace(
            self,
            in_care=times(self.in_care, 1),
            children_total=times(self.children_total, 2),
            households=times(self.households, 1),
            on_call=times(self.on_call, 1),
            staff=times(self.staff, 1),
            institutions=times(self.institutions, 1),
            community_homes=times(self.community_homes, 1),
            monitors=times(self.monitors, 1),
        )

    def centres_per_municipality(self) -> dict[str, int]:
        if self.vilnius_only:
            return {names.VILNIUS: 5}
        bigger = {
            names.VILNIUS: 5,
            "Kauno miesto savivaldybė": 2,
            "Klaipėdos miesto savivaldybė": 2,
        }
        return {m: bigger.get(m, 1) * self.centre_factor for m in names.POPULATION}


TIERS = {
    "municipality": Tier("municipality", True, 1, 1_500, 7_000, 1_200, 100, 100, 2, 8, 1),
    "national": Tier("national", False, 1, 6_500, 30_000, 4_000, 300, 1_500, 12, 40, 6),
    "stress": Tier("stress", False, 10, 65_000, 300_000, 40_000, 3_000, 15_000, 120, 400, 20),
}
# How the households that are not on-call carers divide by kind.
KIND_SHARES = {
    GUARDIAN_RELATIVE: 0.55,
    GUARDIAN_NON_RELATIVE: 0.27,
    PERMANENT: 0.09,
    ADOPTIVE: 0.07,
    FAMILY_HOME: 0.02,
}
AFTER_18_SHARE = 0.03  # young people supported after 18, per child in care


def split(total: int, weights: Sequence[float]) -> list[int]:
    """Divide a whole number in proportion to the weights (largest remainder)."""
    whole = sum(weights)
    if not weights or whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def capacity_limits(today: dt.date) -> dict[str, Limits]:
    """The capacity rules in force today, per household kind: the versions the placement
    check applies (``capacity_rule_for``, the database's ``globa_capacity``)."""
    limits: dict[str, Limits] = {}
    for kind in HouseholdKind.values:
        rule = capacity_rule_for(kind, today)
        if rule is not None:
            limits[kind] = Limits(rule.max_placed, rule.max_total, rule.max_months_per_child)
    return limits


def municipalities_by_county(
    municipalities: dict[str, Organisation],
) -> dict[int | None, list[int]]:
    by_county: dict[int | None, list[int]] = {}
    for m in sorted(municipalities.values(), key=lambda m: m.name):
        by_county.setdefault(m.county_id, []).append(m.id)
    return by_county


@dataclass
class Summary:
    tier: str
    counts: dict[str, int]
    seconds: float
    in_families: int
    in_homes: int


def generate(
    tier: Tier,
    *,
    seed: int = 2026,
    today: dt.date,
    echo: Echo = print,
) -> Summary:
    """Create organisations, staff and a registry of the tier's size, in one transaction."""
    started = time.perf_counter()
    rng = random.Random(seed)
    with system_scope():
        municipalities = orgs.municipalities()
        authority = orgs.national_authority()
        per_municipality = tier.centres_per_municipality()
        centres = _create_centres(rng, municipalities, per_municipality)
        homes = _create_homes(rng, tier, municipalities, per_municipality)
        # A centre's share of the work: its municipality's size, shared with its neighbours.
        name_of = {m.id: m.name for m in municipalities.values()}
        weights = [
            names.POPULATION[name_of[c.municipality_id or 0]]
            / per_municipality[name_of[c.municipality_id or 0]]
            * rng.uniform(0.8, 1.25)
            for c in centres
        ]
        specs = _create_staff(rng, tier, centres, weights, municipalities, authority)
        _share_work(tier, specs, weights)
        echo(
            f"{len(centres)} centres, {len(homes)} homes and "
            f"{User.objects.count()} accounts ({time.perf_counter() - started:.1f} s)"
        )
        world = Planner(
            centres=specs,
            homes=[HomeSpec(h.id, h.kind, h.county_id) for h in homes],
            municipalities_by_county=municipalities_by_county(municipalities),
            limits=capacity_limits(today),
            today=today,
            seed=seed,
        ).plan()
        echo(f"planned ({time.perf_counter() - started:.1f} s)")
        counts = write_world(world, echo=echo, started=started)
        counts["carers_contract"] = add_contracts(seed=seed, today=today)
        providers = history.create_providers(
            rng, municipalities, tier.centre_factor, tier.vilnius_only
        )
        counts["providers"] = len(providers)
        counts["support_delivery"] = history.add_services(
            rng, seed=seed, today=today, echo=echo, started=started
        )
        echo(
            f"  support_delivery: {counts['support_delivery']:,} rows "
            f"({time.perf_counter() - started:.1f} s)"
        )
        counts["monitoring_servicecontract"] = history.add_service_contracts(rng, today=today)
        counts.update(history.add_surveys(rng, bulk_insert, today=today))
        echo(
            f"  service contracts: {counts['monitoring_servicecontract']:,}, survey answers: "
            f"{counts['monitoring_surveyanswer']:,} ({time.perf_counter() - started:.1f} s)"
        )
        counts.update(add_journey(seed=seed, today=today, insert=bulk_insert))
        echo(
            f"  prospective carers: {counts['carers_candidate']:,}, training groups: "
            f"{counts['carers_traininggroup']:,} ({time.perf_counter() - started:.1f} s)"
        )
        for table, rows in plan_cases(seed=seed, today=today).items():
            bulk_insert(table, rows)
            counts[table] = len(rows)
        echo(f"  cases: {counts['cases_familycase']:,} ({time.perf_counter() - started:.1f} s)")
        assessment_rows, done = plan_assessments(seed=seed, today=today)
        counts.update(write_assessments(assessment_rows, done, bulk_insert))
        echo(
            f"  assessments: {counts['assessments_assessment']:,}, plans: "
            f"{counts['plans_plan']:,} ({time.perf_counter() - started:.1f} s)"
        )
        counts.update(add_transformation(rng, homes, today=today))
    # Django's foreign keys are deferred: they are checked here, at the commit.
    echo(f"committed ({time.perf_counter() - started:.1f} s)")
    in_homes = sum(1 for p in world.placements if p.ended_on is None and p.institution_id)
    in_families = sum(1 for p in world.placements if p.ended_on is None and p.household_id)
    return Summary(tier.name, counts, time.perf_counter() - started, in_families, in_homes)


def _create_centres(
    rng: random.Random, municipalities: dict[str, Organisation], per_municipality: dict[str, int]
) -> list[Organisation]:
    centres = []
    for municipality_name, count in per_municipality.items():
        municipality = municipalities[municipality_name]
        for name in orgs.centre_names(municipality_name, count):
            if municipality_name == names.VILNIUS:
                sector = Organisation.Sector.NGO
            else:
                sector = rng.choices(
                    (
                        Organisation.Sector.PUBLIC,
                        Organisation.Sector.NGO,
                        Organisation.Sector.PRIVATE,
                    ),
                    (70, 25, 5),
                )[0]
            centres.append(
                orgs.organisation(rng, name, Organisation.Kind.CARE_CENTRE, municipality, sector)
            )
    created = Organisation.objects.bulk_create(centres, batch_size=1000)
    provide_services(created)
    return created


def _create_homes(
    rng: random.Random,
    tier: Tier,
    municipalities: dict[str, Organisation],
    per_municipality: dict[str, int],
) -> list[Organisation]:
    """Institutions and community children's homes, more of them where more people live."""
    places = list(per_municipality)
    weights = [names.POPULATION[m] for m in places]
    homes: list[Organisation] = []
    taken: set[str] = set()
    for kind, count in (
        (Organisation.Kind.INSTITUTION, tier.institutions),
        (Organisation.Kind.COMMUNITY_HOME, tier.community_homes),
    ):
        for _ in range(count):
            municipality = municipalities[rng.choices(places, weights)[0]]
            stem = names.municipality_stem(municipality.name)
            if kind == Organisation.Kind.INSTITUTION:
                base = f"{stem} vaikų globos namai"
                sector = Organisation.Sector.PUBLIC
            else:
                base = f"{stem} bendruomeniniai vaikų globos namai „{rng.choice(orgs.HOME_NAMES)}“"
                sector = rng.choice((Organisation.Sector.PUBLIC, Organisation.Sector.NGO))
            name, number = base, 1
            while name in taken:
                number += 1
                name = f"{base} Nr. {number}"
            taken.add(name)
            homes.append(orgs.organisation(rng, name, kind, municipality, sector))
    return Organisation.objects.bulk_create(homes, batch_size=1000)


def _create_staff(
    rng: random.Random,
    tier: Tier,
    centres: list[Organisation],
    weights: list[float],
    municipalities: dict[str, Organisation],
    authority: Organisation,
) -> list[CentreSpec]:
    """Staff of every role; returns each centre's manager and coordinators for the planner."""
    people = orgs.People(rng, User.objects.values_list("username", flat=True))
    pairs: list[tuple[User, Organisation, str]] = []
    for name in tier.centres_per_municipality():
        for _ in range(2 if names.POPULATION[name] > 80 else 1):
            pairs.append((people.user(), municipalities[name], Role.MUNICIPALITY_OFFICER))
    for _ in range(tier.monitors):
        pairs.append((people.user(), authority, Role.NATIONAL_MONITOR))
    pairs.append((people.user(), authority, Role.ADMINISTRATOR))
    sizes = split(max(0, tier.staff - len(pairs)), weights)
    specs = []
    for centre, size in zip(centres, sizes, strict=True):
        size = max(size, 3)
        managers = 2 if size >= 40 else 1
        coordinators = max(1, round(size * 0.42))
        case_managers = round(size * 0.15)
        specialists = max(0, size - managers - coordinators - case_managers)
        centre_managers: list[User] = []
        centre_coordinators: list[User] = []
        for role, count in (
            (Role.CENTRE_MANAGER, managers),
            (Role.COORDINATOR, coordinators),
            (Role.CASE_MANAGER, case_managers),
            (Role.SPECIALIST, specialists),
        ):
            for _ in range(count):
                user = people.user()
                pairs.append((user, centre, role))
                if role == Role.CENTRE_MANAGER:
                    centre_managers.append(user)
                elif role == Role.COORDINATOR:
                    centre_coordinators.append(user)
        specs.append((centre, centre_managers, centre_coordinators))
    orgs.save_staff(pairs)
    municipality_names = {m.id: m.name for m in municipalities.values()}
    return [
        CentreSpec(
            id=centre.id,
            municipality_id=centre.municipality_id or 0,
            municipality_name=municipality_names[centre.municipality_id or 0],
            county_id=centre.county_id,
            manager_id=managers[0].pk,
            coordinator_ids=[u.pk for u in coordinators],
            households={},
            in_care=0,
            left_care=0,
            after_18=0,
        )
        for centre, managers, coordinators in specs
    ]


def _share_work(tier: Tier, specs: list[CentreSpec], weights: list[float]) -> None:
    """Children and households per centre, in proportion to the centres' weights."""
    after_18 = round(tier.in_care * AFTER_18_SHARE)
    left = max(0, tier.children_total - tier.in_care - after_18)
    others = max(0, tier.households - tier.on_call)
    columns = {
        "in_care": split(tier.in_care, weights),
        "left_care": split(left, weights),
        "after_18": split(after_18, weights),
        ON_CALL: split(tier.on_call, weights),
    }
    for kind, share in KIND_SHARES.items():
        columns[kind] = split(round(others * share), weights)
    for index, spec in enumerate(specs):
        spec.in_care = columns["in_care"][index]
        spec.left_care = columns["left_care"][index]
        spec.after_18 = columns["after_18"][index]
        spec.households = {kind: columns[kind][index] for kind in (ON_CALL, *KIND_SHARES)}


# Writing ----------------------------------------------------------------------------------

# Columns the rows do not carry: the same value for every synthetic row.
CONSTANT_COLUMNS = {
    "registry_child": {
        "version": "1",
        "created_at": "now()",
        "updated_at": "now()",
        "languages": "'{}'",
    },
    "registry_carerhousehold": {"version": "1", "created_at": "now()", "updated_at": "now()"},
    "registry_placement": {"version": "1", "created_at": "now()"},
    "carers_candidate": {"version": "1", "created_at": "now()"},
    "carers_traininggroup": {"created_at": "now()"},
    "carers_trainingsession": {"version": "1"},
    "cases_familycase": {"version": "1", "created_at": "now()"},
    "cases_stageentry": {"recorded_at": "now()"},
    "cases_goal": {"created_at": "now()"},
    "cases_action": {"created_at": "now()"},
    "assessments_assessment": {"version": "1", "created_at": "now()", "updated_at": "now()"},
    "assessments_answer": {"updated_at": "now()"},
    "plans_plan": {"version": "1", "created_at": "now()"},
    "plans_goal": {"created_at": "now()"},
    "plans_action": {"created_at": "now()"},
}


def write_world(
    world: World, *, echo: Echo = print, started: float | None = None
) -> dict[str, int]:
    """Insert the planned rows through a staging table per table; returns the row counts."""
    started = started if started is not None else time.perf_counter()
    counts = {}
    for table, rows in world.tables():
        bulk_insert(table, rows)
        counts[table] = len(rows)
        echo(f"  {table}: {len(rows):,} rows ({time.perf_counter() - started:.1f} s)")
    return counts


def bulk_insert(table: str, rows: Sequence[NamedTuple], using: str = DEFAULT_DB_ALIAS) -> None:
    """COPY rows into a temporary table, then insert them under row-level security."""
    if not rows:
        return
    # Quoted: a column may be named by a keyword (a stage change's "on").
    columns = [f'"{name}"' for name in rows[0]._fields]
    constants = CONSTANT_COLUMNS.get(table, {})
    column_list = ", ".join(columns)
    target = ", ".join([*columns, *(f'"{name}"' for name in constants)])
    source = ", ".join([*columns, *constants.values()])
    # Identifiers come from the code (table and field names), never from input.
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE devdata_stage ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {column_list} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY devdata_stage ({column_list}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} ({target}) SELECT {source} FROM devdata_stage")  # noqa: S608
        cursor.execute("DROP TABLE devdata_stage")


CONTRACTS_SQL = """
WITH carers AS (
    SELECT h.id, h.centre_id, abs(hashtext(%(seed)s || h.id::text)) AS draw,
           (SELECT m.user_id FROM accounts_membership m
             WHERE m.organisation_id = h.centre_id AND m.role = 'centre_manager'
             ORDER BY m.id LIMIT 1) AS manager_id
      FROM registry_carerhousehold h
     WHERE h.kind = 'on_call' AND h.status = 'active'
), signed AS (
    SELECT c.*, %(today)s::date - (c.draw %% 330) AS starts_on
      FROM carers c
     -- One carer in ten is prepared but has no contract yet.
     WHERE c.draw %% 10 <> 0 AND c.manager_id IS NOT NULL
)
INSERT INTO carers_contract (id, household_id, centre_id, number, starts_on, ends_on, places,
    age_min, age_max, accepts_disability, accepts_siblings, around_the_clock, notes,
    created_by_id, created_at, version)
SELECT md5('contract' || s.id::text)::uuid, s.id, s.centre_id,
       'BG-' || to_char(s.starts_on, 'YYYY') || '-' || (s.draw %% 10000)::text,
       s.starts_on, (s.starts_on + interval '1 year' - interval '1 day')::date,
       CASE WHEN s.draw %% 5 = 1 THEN 2 ELSE 3 END,
       0, CASE WHEN s.draw %% 4 = 1 THEN 6 ELSE 17 END,
       s.draw %% 3 = 0, s.draw %% 5 <> 2, true, '', s.manager_id, now(), 1
  FROM signed s
"""
RESPITE_SQL = """
INSERT INTO carers_respite (id, contract_id, centre_id, starts_on, ends_on, reason,
    created_by_id)
SELECT md5('respite' || c.id::text)::uuid, c.id, c.centre_id,
       greatest(c.starts_on, %(today)s::date - 3), least(c.ends_on, %(today)s::date + 10),
       'Atostogos', c.created_by_id
  FROM carers_contract c
 -- One contracted carer in twenty rests today.
 WHERE abs(hashtext(%(seed)s || c.id::text)) %% 20 = 0
   AND c.starts_on <= %(today)s AND c.ends_on >= %(today)s
"""


def add_contracts(*, seed: int, today: dt.date, using: str = DEFAULT_DB_ALIAS) -> int:
    """Contracts of the active on-call carers with their centres (one in ten has none yet),
    running a year from a day in the last eleven months; one in twenty on respite today."""
    with connections[using].cursor() as cursor:
        cursor.execute(CONTRACTS_SQL, {"seed": str(seed), "today": today})
        contracts = cursor.rowcount
        cursor.execute(RESPITE_SQL, {"seed": str(seed), "today": today})
    return contracts


# Institution transformation ------------------------------------------------------------------

TRANSFORMATION_TABLES = (
    "monitoring_transformationresidents",
    "monitoring_transformationmilestone",
    "monitoring_transformationstatuschange",
    "monitoring_transformationplan",
)
STATUS_PATH = ("preparing", "prepared", "approved", "in_progress", "done")


def add_transformation(
    rng: random.Random, homes: Sequence[Organisation], *, today: dt.date
) -> dict[str, int]:
    """A transformation plan for the first institution and each of three others in four, begun in the last ten
    years and moved along its statuses at random; a milestone per step; quarterly counts of
    residents assessed, with plans and moved on while the plan runs."""
    plans: list[TransformationPlan] = []
    steps: list[list[tuple[str, dt.date]]] = []
    for home in homes:
        if home.kind != Organisation.Kind.INSTITUTION or (plans and rng.random() < 0.25):
            continue
        # The first plan is at least two years old: it has moved on and counted residents.
        day = today - dt.timedelta(days=rng.randint(730 if not plans else 30, 3650))
        path = [(STATUS_PATH[0], day)]
        for status in STATUS_PATH[1:]:
            day += dt.timedelta(days=rng.randint(60, 700))
            if day > today:
                break
            path.append((status, day))
        status, since = path[-1]
        plans.append(
            TransformationPlan(
                institution=home,
                status=status,
                status_since=since,
                places_to_close=rng.randint(10, 120),
                created_at=clock.now(),
            )
        )
        steps.append(path)
    TransformationPlan.objects.bulk_create(plans)
    changes, milestones, residents = [], [], []
    for plan, path in zip(plans, steps, strict=True):
        for status, day in path:
            changes.append(
                TransformationStatusChange(
                    plan=plan, institution_id=plan.institution_id, status=status, changed_on=day
                )
            )
            due = day + dt.timedelta(days=180)
            milestones.append(
                TransformationMilestone(
                    plan=plan,
                    institution_id=plan.institution_id,
                    title=f"Etapas: {status}",
                    due_on=due,
                    done_on=due if due <= today and rng.random() < 0.8 else None,
                )
            )
        day = path[0][1]
        while day <= today and len(path) > 1:
            for kind in TransformationResidents.Kind:
                if rng.random() < 0.6:
                    residents.append(
                        TransformationResidents(
                            plan=plan,
                            institution_id=plan.institution_id,
                            kind=kind.value,
                            counted_on=day,
                            count=rng.randint(1, 12),
                        )
                    )
            day += dt.timedelta(days=91)
    TransformationStatusChange.objects.bulk_create(changes)
    TransformationMilestone.objects.bulk_create(milestones)
    TransformationResidents.objects.bulk_create(residents, batch_size=1000)
    return {
        "monitoring_transformationplan": len(plans),
        "monitoring_transformationresidents": len(residents),
    }


# Reset and statistics ---------------------------------------------------------------------

REGISTRY_TABLES = (
    *TRANSFORMATION_TABLES,
    "monitoring_surveyanswer",
    "monitoring_surveylink",
    "monitoring_surveyround",
    "monitoring_servicecontract_services",
    "monitoring_servicecontract",
    "plans_goalprogress",
    "plans_review",
    *reversed(ASSESSMENT_TABLES),
    "assessments_informant",
    "carers_match",
    "carers_respite",
    "carers_contract",
    "carers_attendance",
    "carers_trainingsession_topics",
    "carers_trainingsession",
    "carers_participant",
    "carers_trainer",
    "carers_traininggroup",
    "carers_stagechange",
    "carers_candidate",
    *reversed(CASE_TABLES),
    "support_delivery",
    "registry_placement",
    "registry_coordinatorassignment",
    "registry_householdownchild",
    "registry_householdadult",
    "registry_carerhousehold",
    "registry_relative",
    "registry_child",
    "registry_siblinggroup",
)
AUDIT_TABLES = ("audit_access", "audit_change")


def reset(owner: str = "owner") -> None:
    """Back to the just-migrated state: no registry, audit, staff or organisations but the
    municipalities. Runs as the owner role: the application role may neither truncate nor
    remove the access log, which refers to the children it would delete."""
    connection = connections[owner]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(REGISTRY_TABLES)} CASCADE")
        cursor.execute("TRUNCATE django_session")
    Membership.objects.using(owner).exclude(
        organisation__kind=Organisation.Kind.MUNICIPALITY
    ).delete()
    User.objects.using(owner).filter(is_superuser=False).delete()
    Organisation.objects.using(owner).exclude(kind=Organisation.Kind.MUNICIPALITY).delete()
    # Last: deleting accounts and organisations is audited too.
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(AUDIT_TABLES)}")


def analyze(owner: str = "owner") -> None:
    """Refresh the planner's statistics after a bulk load (only the tables' owner may)."""
    tables = (
        *REGISTRY_TABLES,
        *AUDIT_TABLES,
        "accounts_user",
        "accounts_membership",
        "organisations_organisation",
    )
    with connections[owner].cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def registry_counts() -> dict[str, int]:
    """What the database holds now, to compare with a tier."""
    with system_scope():
        return {
            "centres": Organisation.objects.filter(kind=Organisation.Kind.CARE_CENTRE).count(),
            "children in care": Child.objects.filter(status=Child.Status.IN_CARE).count(),
            "children": Child.objects.count(),
            "households": CarerHousehold.objects.count(),
        }
