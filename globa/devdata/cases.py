"""Synthetic early-intervention cases for the data tiers: per organisation with case
managers, families referred over the last two years at every stage of the work, with
their children, teams, stage history, conferences, plans and actions.

Rows are planned in memory and written with ``generate.bulk_insert`` (under row-level
security, with the audit trigger), like the registry.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from typing import NamedTuple

from django.db import connection

from globa.accounts.models import Membership, Role
from globa.cases.models import NEXT, AgencyKind, Outcome, ReferralSource, Stage
from globa.devdata import names
from globa.support.models import Service

CASES_PER_CASE_MANAGER = 14  # open cases a case manager carries, about
HISTORY_DAYS = 730


class CaseRow(NamedTuple):
    id: uuid.UUID
    organisation_id: int
    municipality_id: int
    family_name: str
    address: str
    phone: str
    referral_source: str
    referred_on: dt.date
    referral_reason: str
    case_manager_id: int
    stage: str
    stage_since: dt.date
    outcome: str
    outcome_notes: str
    closed_on: dt.date | None


class StageRow(NamedTuple):
    case_id: uuid.UUID
    organisation_id: int
    stage: str
    started_on: dt.date
    by_id: int
    note: str


class ChildRow(NamedTuple):
    case_id: uuid.UUID
    organisation_id: int
    first_name: str
    last_name: str
    birth_date: dt.date


class MemberRow(NamedTuple):
    id: int
    case_id: uuid.UUID
    organisation_id: int
    name: str
    agency_kind: str
    agency_name: str
    role: str
    contact: str


class ConferenceRow(NamedTuple):
    id: int
    case_id: uuid.UUID
    organisation_id: int
    held_on: dt.date
    family_took_part: bool
    decisions: str
    recorded_by_id: int


class ParticipantRow(NamedTuple):
    conference_id: int
    member_id: int
    organisation_id: int


class GoalRow(NamedTuple):
    id: int
    case_id: uuid.UUID
    organisation_id: int
    text: str
    achieved_on: dt.date | None


class ActionRow(NamedTuple):
    id: uuid.UUID
    case_id: uuid.UUID
    organisation_id: int
    goal_id: int | None
    conference_id: int | None
    service_id: int | None
    description: str
    responsible_member_id: int | None
    responsible_user_id: int | None
    due_on: dt.date
    done_on: dt.date | None
    done_note: str


REASONS = (
    "Vaikai dažnai praleidžia pamokas.",
    "Pranešimas apie konfliktus šeimoje.",
    "Tėvų priklausomybės; vaikų nepriežiūros rizika.",
    "Šeima neturi pastovaus būsto.",
    "Kūdikis nepakankamai priauga svorio.",
)
GOALS = (
    "Vaikai reguliariai lanko mokyklą",
    "Tėvai įgyja vaikų priežiūros įgūdžių",
    "Šeima turi saugų būstą",
    "Tėvai gydosi priklausomybę",
)
AGENCIES = (
    (AgencyKind.SCHOOL, "progimnazija", "socialinė pedagogė"),
    (AgencyKind.HEALTH, "poliklinika", "šeimos gydytoja"),
    (AgencyKind.POLICE, "policijos komisariatas", "nepilnamečių reikalų pareigūnas"),
    (AgencyKind.CHILD_RIGHTS, "vaiko teisių apsaugos skyrius", "specialistė"),
)
# Days a stage usually lasts before the next one.
TYPICAL_DAYS: dict[str, int] = {
    Stage.INITIATION: 4,
    Stage.ANALYSIS: 9,
    Stage.NEEDS_ASSESSMENT: 9,
    Stage.HELP_PLAN: 8,
    Stage.MONITORING: 80,
    Stage.REVIEW: 8,
}
TABLES = (
    "cases_familycase",
    "cases_stageentry",
    "cases_casechild",
    "cases_teammember",
    "cases_conference",
    "cases_conferenceparticipant",
    "cases_goal",
    "cases_action",
)


def plan_cases(*, seed: int, today: dt.date) -> dict[str, list[NamedTuple]]:
    """Cases for every organisation that has case managers."""
    rng = random.Random(seed + 7)
    by_org: dict[tuple[int, int], list[int]] = defaultdict(list)
    memberships = Membership.objects.filter(role=Role.CASE_MANAGER, is_active=True)
    for org_id, user_id, municipality_id in memberships.values_list(
        "organisation_id", "user_id", "organisation__municipality_id"
    ).order_by("organisation_id", "user_id"):
        by_org[(org_id, municipality_id or org_id)].append(user_id)
    services = list(Service.objects.filter(group="family").values_list("id", flat=True))
    plan = _Plan(rng, today, services)
    for (org_id, municipality_id), managers in sorted(by_org.items()):
        for manager in managers:
            for _ in range(rng.randint(CASES_PER_CASE_MANAGER - 4, CASES_PER_CASE_MANAGER + 8)):
                plan.case(org_id, municipality_id, manager)
    return plan.rows


class _Ids:
    """Ids taken from a table's own sequence, a thousand at a time, so that rows written
    later by the application never collide with these."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.free: list[int] = []

    def next(self) -> int:
        if not self.free:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, 1000)",
                    [self.table],
                )
                self.free = [row[0] for row in cursor.fetchall()][::-1]
        return self.free.pop()


class _Plan:
    def __init__(self, rng: random.Random, today: dt.date, services: list[int]) -> None:
        self.rng = rng
        self.today = today
        self.services = services
        self.rows: dict[str, list[NamedTuple]] = {table: [] for table in TABLES}
        self.ids = {
            "member": _Ids("cases_teammember"),
            "conference": _Ids("cases_conference"),
            "goal": _Ids("cases_goal"),
        }

    def _next(self, kind: str) -> int:
        return self.ids[kind].next()

    def case(self, org_id: int, municipality_id: int, manager: int) -> None:
        rng = self.rng
        case_id = uuid.UUID(int=rng.getrandbits(128))
        referred = self.today - dt.timedelta(days=rng.randrange(3, HISTORY_DAYS))
        stages: list[tuple[str, dt.date]] = [(Stage.INITIATION, referred)]
        day = referred
        stage: str = Stage.INITIATION
        while True:
            day += dt.timedelta(days=max(1, int(TYPICAL_DAYS[stage] * rng.uniform(0.5, 1.6))))
            if day > self.today:
                break
            # Cases close after a review, sometimes earlier.
            if (stage == Stage.REVIEW and rng.random() < 0.5) or rng.random() < 0.02:
                stage = Stage.CLOSURE
            else:
                stage = NEXT[stage][0]
            stages.append((stage, day))
            if stage == Stage.CLOSURE:
                break
        male = rng.choice(names.SURNAMES)
        closing = stage == Stage.CLOSURE
        self.rows["cases_familycase"].append(
            CaseRow(
                case_id,
                org_id,
                municipality_id,
                f"{names.family_name(male)} šeima",
                "",
                names.phone(rng),
                rng.choice(ReferralSource.values),
                referred,
                rng.choice(REASONS),
                manager,
                stage,
                stages[-1][1],
                rng.choice(Outcome.values) if closing else "",
                "",
                stages[-1][1] if closing else None,
            )
        )
        for entry_stage, started in stages:
            self.rows["cases_stageentry"].append(
                StageRow(case_id, org_id, entry_stage, started, manager, "")
            )
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            sex = rng.choice((names.MALE, names.FEMALE))
            birth = referred - dt.timedelta(days=rng.randrange(100, 16 * 365))
            self.rows["cases_casechild"].append(
                ChildRow(
                    case_id,
                    org_id,
                    names.first_name(rng, sex, adult=False),
                    names.surname(male, sex),
                    birth,
                )
            )
        members = []
        for kind, agency, role in rng.sample(AGENCIES, rng.randint(1, 3)):
            member_id = self._next("member")
            members.append(member_id)
            sex = rng.choice((names.MALE, names.FEMALE))
            person = f"{names.first_name(rng, sex, adult=True)} {names.surname(rng.choice(names.SURNAMES), sex)}"
            self.rows["cases_teammember"].append(
                MemberRow(member_id, case_id, org_id, person, kind, agency, role, names.phone(rng))
            )
        reached = {s for s, _ in stages}
        if Stage.NEEDS_ASSESSMENT in reached:
            held = dict(stages)[Stage.NEEDS_ASSESSMENT]
            conference_id = self._next("conference")
            self.rows["cases_conference"].append(
                ConferenceRow(
                    conference_id, case_id, org_id, held, True, "Sutartas pagalbos planas.", manager
                )
            )
            for member_id in members:
                self.rows["cases_conferenceparticipant"].append(
                    ParticipantRow(conference_id, member_id, org_id)
                )
            self._action(case_id, org_id, held, conference_id=conference_id, member=members[0])
        if Stage.HELP_PLAN in reached:
            planned = dict(stages)[Stage.HELP_PLAN]
            for text in rng.sample(GOALS, 2):
                goal_id = self._next("goal")
                self.rows["cases_goal"].append(GoalRow(goal_id, case_id, org_id, text, None))
                for _ in range(2):
                    self._action(case_id, org_id, planned, goal_id=goal_id, user=manager)

    def _action(
        self,
        case_id: uuid.UUID,
        org_id: int,
        start: dt.date,
        *,
        goal_id: int | None = None,
        conference_id: int | None = None,
        member: int | None = None,
        user: int | None = None,
    ) -> None:
        rng = self.rng
        due = start + dt.timedelta(days=rng.randrange(7, 90))
        done = (
            due - dt.timedelta(days=rng.randrange(0, 7))
            if due < self.today and rng.random() < 0.8
            else None
        )
        self.rows["cases_action"].append(
            ActionRow(
                uuid.UUID(int=rng.getrandbits(128)),
                case_id,
                org_id,
                goal_id,
                conference_id,
                rng.choice(self.services) if goal_id and self.services else None,
                "Konsultacijos" if goal_id else "Pranešti apie pokyčius",
                member,
                user,
                due,
                done,
                "",
            )
        )
