"""Synthetic assessments and plans for the data tiers: every family in a case past its needs
assessment is assessed at intake (at each review and at closure too), every child in care
at intake and once or twice since, every centre's staff and active carer families once or
twice, so that monitoring has assessments and plans to count. Cases still in their needs
assessment stage have a draft.

Rows are planned in memory from what is already written and inserted with
``generate.bulk_insert``, under row-level security with the audit trigger. An assessment's
answers can only be written while it is open (the database locks completed ones), so the
assessments are written as drafts, then their answers, then one update completes them,
with the improvement each keeps since the subject's first (the app's own rule, in bulk).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection

from globa.accounts.models import Membership, Role
from globa.assessments import definitions as defs
from globa.assessments.models import InstrumentVersion, Item
from globa.assessments.registry import definition_of
from globa.assessments.selectors import improvement_since_first, overall_rules
from globa.assessments.services import in_cents
from globa.lib.dates import add_months

TABLES = (
    "assessments_assessment",
    "assessments_answer",
    "assessments_domainrating",
    "plans_plan",
    "plans_goal",
    "plans_action",
)
HISTORY_DAYS = 700


class AssessmentRow(NamedTuple):
    id: uuid.UUID
    organisation_id: int
    subject_kind: str
    family_case_id: uuid.UUID | None
    child_id: uuid.UUID | None
    candidate_id: uuid.UUID | None
    household_id: uuid.UUID | None
    staff_id: int | None
    instrument_version_id: int
    timepoint: str
    assessed_on: dt.date
    age_band: str
    assessor_id: int
    status: str
    summary: str
    decision_note: str
    amendment_reason: str


class AnswerRow(NamedTuple):
    assessment_id: uuid.UUID
    organisation_id: int
    subject_kind: str
    item_id: int
    value: int | None
    not_applicable: bool
    evidence: str
    written_by_id: int
    restricted: bool


class DoneRow(NamedTuple):
    id: uuid.UUID
    status: str
    scores: str
    completed_at: dt.datetime
    decided_by_id: int | None
    # Since the subject's first done assessment with the instrument (``_Plan.improvements``).
    improvement: Decimal | None = None


class PlanRow(NamedTuple):
    id: uuid.UUID
    kind: str
    organisation_id: int
    subject_kind: str
    child_id: uuid.UUID | None
    staff_id: int | None
    assessment_id: uuid.UUID
    responsible_id: int
    starts_on: dt.date
    review_on: dt.date
    status: str
    created_by_id: int


class GoalRow(NamedTuple):
    id: int
    plan_id: uuid.UUID
    organisation_id: int
    subject_kind: str
    text: str
    item_id: int
    assessment_id: uuid.UUID
    position: int
    progress: str


class ActionRow(NamedTuple):
    id: uuid.UUID
    plan_id: uuid.UUID
    goal_id: int
    organisation_id: int
    subject_kind: str
    description: str
    service_id: int | None
    responsible_user_id: int
    responsible_name: str
    responsible_organisation_id: int
    due_on: dt.date
    done_on: dt.date | None
    done_note: str


class _Instrument:
    def __init__(self, code: str) -> None:
        self.version = InstrumentVersion.objects.get(instrument__code=code, number=1)
        self.definition = definition_of(self.version)
        self.items = dict(Item.objects.filter(version=self.version).values_list("code", "id"))
        self.restricted = {
            item.code: self.definition.domain(item.domain).restricted
            for item in self.definition.items.values()
        }
        rules = overall_rules(self.definition)
        self.rule = rules[0] if rules else None


class _Plan:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today
        self.rows: dict[str, list[Any]] = {table: [] for table in TABLES}
        self.done: list[DoneRow] = []
        self.goal_ids = _Ids("plans_goal")
        # Each subject's done assessments with an instrument: (day, row in done, overall score).
        self.rules: dict[int, defs.Rule] = {}
        self.points: dict[tuple[Any, ...], list[tuple[dt.date, int, Decimal | None]]] = defaultdict(
            list
        )

    def assessment(
        self,
        instrument: _Instrument,
        *,
        organisation_id: int,
        kind: str,
        subject: dict[str, Any],
        timepoint: str,
        on: dt.date,
        assessor: int,
        approver: int | None,
        severity: float,
        band: str = "",
        draft: bool = False,
    ) -> tuple[uuid.UUID, dict[str, int | None]]:
        """One assessment with every item asked answered: each item's level drawn towards
        the worse end by ``severity`` (0 none, 1 much)."""
        rng = self.rng
        assessment_id = uuid.UUID(int=rng.getrandbits(128))
        fields = {
            "family_case_id": None,
            "child_id": None,
            "candidate_id": None,
            "household_id": None,
            "staff_id": None,
            **subject,
        }
        self.rows["assessments_assessment"].append(
            AssessmentRow(
                assessment_id,
                organisation_id,
                kind,
                fields["family_case_id"],
                fields["child_id"],
                fields["candidate_id"],
                fields["household_id"],
                fields["staff_id"],
                instrument.version.pk,
                timepoint,
                on,
                band,
                assessor,
                "draft",
                "" if draft else "Vertinimas atliktas kartu su šeima.",
                "",
                "",
            )
        )
        definition = instrument.definition
        values: dict[str, int | None] = {}
        for item in definition.items.values():
            if not definition.shown(item, band, values):
                continue
            if draft and rng.random() < 0.5:
                continue
            ordered = sorted(item.scale.values, reverse=item.scale.better == "higher")
            position = min(
                len(ordered) - 1,
                max(0, int(rng.betavariate(1.3, 2.6) * len(ordered) * (0.4 + severity))),
            )
            values[item.code] = ordered[position]
        for code, value in values.items():
            self.rows["assessments_answer"].append(
                AnswerRow(
                    assessment_id,
                    organisation_id,
                    kind,
                    instrument.items[code],
                    value,
                    False,
                    "",
                    assessor,
                    instrument.restricted[code],
                )
            )
        if not draft:
            scores = defs.score(definition, values, band)
            completed = dt.datetime.combine(on, dt.time(15), tzinfo=dt.UTC)
            approved = approver is not None and rng.random() < 0.8
            if instrument.rule is not None:
                self.rules[instrument.version.instrument_id] = instrument.rule
                key = (kind, *subject.items(), instrument.version.instrument_id)
                score = scores.overall.get(instrument.rule.code)
                self.points[key].append((on, len(self.done), score))
            self.done.append(
                DoneRow(
                    assessment_id,
                    "approved" if approved else "completed",
                    json.dumps(scores.as_json()),
                    completed,
                    approver if approved else None,
                )
            )
        return assessment_id, values

    def improvements(self) -> None:
        """Keep each done assessment's improvement as the assessments app does on completing
        it (``services.keep_improvements``): its own rule over the subject's done assessments
        with the instrument up to that day (all are completed at the same hour)."""
        for key, points in self.points.items():
            rule = self.rules[key[-1]]
            points.sort(key=lambda p: (p[0], p[1]))
            for on, index, _score in points:
                series = [score for day, _, score in points if day <= on]
                value = in_cents(improvement_since_first(rule, series))
                self.done[index] = self.done[index]._replace(improvement=value)

    def plan_from(
        self,
        instrument: _Instrument,
        assessment_id: uuid.UUID,
        values: dict[str, int | None],
        *,
        kind: str,
        organisation_id: int,
        subject: dict[str, Any],
        subject_kind: str,
        responsible: int,
        starts_on: dt.date,
        service_ids: list[int],
    ) -> None:
        """A plan whose goals are the assessment's needs at an action level (three at most),
        each with one action."""
        rng = self.rng
        needs = [
            item
            for item in instrument.definition.items.values()
            if (level := item.scale.level(values.get(item.code))) is not None
            and level.action
            and not level.is_strength
        ][:3]
        if not needs:
            return
        plan_id = uuid.UUID(int=rng.getrandbits(128))
        review_on = add_months(starts_on, 6)
        self.rows["plans_plan"].append(
            PlanRow(
                plan_id,
                kind,
                organisation_id,
                subject_kind,
                subject.get("child_id"),
                subject.get("staff_id"),
                assessment_id,
                responsible,
                starts_on,
                review_on,
                "active",
                responsible,
            )
        )
        for position, item in enumerate(needs, start=1):
            goal_id = self.goal_ids.next()
            text = str(item.goal.lt if item.goal else item.text.lt)[:500]
            progress = rng.choice(("", "", "partly", "achieved")) if review_on < self.today else ""
            self.rows["plans_goal"].append(
                GoalRow(
                    goal_id,
                    plan_id,
                    organisation_id,
                    subject_kind,
                    text,
                    instrument.items[item.code],
                    assessment_id,
                    position,
                    progress,
                )
            )
            due = starts_on + dt.timedelta(days=rng.randrange(30, 150))
            done = (
                due - dt.timedelta(days=rng.randrange(0, 10))
                if due < self.today and rng.random() < 0.7
                else None
            )
            self.rows["plans_action"].append(
                ActionRow(
                    uuid.UUID(int=rng.getrandbits(128)),
                    plan_id,
                    goal_id,
                    organisation_id,
                    subject_kind,
                    "Konsultacijos" if kind == "service_plan" else "Mokymai",
                    rng.choice(service_ids) if service_ids and kind == "service_plan" else None,
                    responsible,
                    "",
                    organisation_id,
                    due,
                    done,
                    "",
                )
            )


class _Ids:
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


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def plan_assessments(*, seed: int, today: dt.date) -> tuple[dict[str, list[Any]], list[DoneRow]]:
    """Assessments of the families in cases, children in care, staff and active carer
    families, and the plans the children's and staff's lead to."""
    rng = random.Random(seed + 14)
    plan = _Plan(rng, today)
    family, child, staff, review = (
        _Instrument("family_situation"),
        _Instrument("child_needs"),
        _Instrument("staff_competence"),
        _Instrument("care_review"),
    )
    managers: dict[int, int] = {}
    by_role: dict[tuple[int, str], list[int]] = defaultdict(list)
    for org, user, role in (
        Membership.objects.filter(is_active=True)
        .values_list("organisation_id", "user_id", "role")
        .order_by("id")
    ):
        by_role[(org, role)].append(user)
        if role == Role.CENTRE_MANAGER:
            managers.setdefault(org, user)
    from globa.support.models import Service

    services = list(Service.objects.filter(group="care_centre").values_list("id", flat=True))
    _families(plan, family, managers)
    _children(plan, child, managers, by_role, services)
    _staff(plan, staff, managers, by_role)
    _households(plan, review, managers)
    plan.improvements()
    return plan.rows, plan.done


def _families(plan: _Plan, instrument: _Instrument, managers: dict[int, int]) -> None:
    from globa.cases.models import FamilyCase, StageEntry

    entries: dict[Any, list[tuple[str, dt.date]]] = defaultdict(list)
    for case_id, stage, day in StageEntry.objects.order_by("started_on", "id").values_list(
        "case_id", "stage", "started_on"
    ):
        entries[case_id].append((stage, day))
    for case in FamilyCase.objects.order_by("id").values(
        "id", "organisation_id", "case_manager_id", "stage", "outcome", "closed_on"
    ):
        history = entries.get(case["id"], [])
        stages = dict(history)
        subject = {"family_case_id": case["id"]}
        common: dict[str, Any] = {
            "organisation_id": case["organisation_id"],
            "kind": "family",
            "subject": subject,
            "assessor": case["case_manager_id"],
            "approver": managers.get(case["organisation_id"]),
        }
        severity = plan.rng.uniform(0.4, 1.0)
        if "help_plan" in stages:
            on = max(
                stages.get("needs_assessment", stages["help_plan"]),
                stages["help_plan"] - dt.timedelta(days=2),
            )
            plan.assessment(instrument, timepoint="intake", on=on, severity=severity, **common)
            for stage, day in history:
                if stage == "review":
                    severity *= plan.rng.uniform(0.55, 0.9)
                    plan.assessment(
                        instrument, timepoint="review", on=day, severity=severity, **common
                    )
            if case["stage"] == "closure" and case["outcome"] == "stayed" and case["closed_on"]:
                plan.assessment(
                    instrument,
                    timepoint="closure",
                    on=case["closed_on"],
                    severity=severity * 0.7,
                    **common,
                )
        elif case["stage"] == "needs_assessment":
            plan.assessment(
                instrument,
                timepoint="intake",
                on=stages["needs_assessment"],
                severity=severity,
                draft=True,
                **common,
            )


def _children(
    plan: _Plan,
    instrument: _Instrument,
    managers: dict[int, int],
    by_role: dict[tuple[int, str], list[int]],
    services: list[int],
) -> None:
    from globa.registry.models import Child, Placement

    since = dict(
        Placement.objects.filter(ended_on__isnull=True).values_list("child_id", "started_on")
    )
    for child in (
        Child.objects.filter(status="in_care")
        .order_by("id")
        .values("id", "centre_id", "birth_date")
    ):
        centre = child["centre_id"]
        assessors = (
            by_role.get((centre, Role.SPECIALIST))
            or by_role.get((centre, Role.COORDINATOR))
            or [managers.get(centre, 0)]
        )
        assessor = plan.rng.choice([a for a in assessors if a] or [0])
        if not assessor:
            continue
        start = max(
            since.get(child["id"], plan.today - dt.timedelta(days=400)),
            plan.today - dt.timedelta(days=HISTORY_DAYS),
        )
        first = min(start + dt.timedelta(days=plan.rng.randrange(5, 40)), plan.today)
        days = [first]
        while days[-1] + dt.timedelta(days=190) < plan.today and len(days) < 3:
            days.append(days[-1] + dt.timedelta(days=plan.rng.randrange(170, 200)))
        severity = plan.rng.uniform(0.3, 1.0)
        intake = None
        for index, day in enumerate(days):
            band = instrument.definition.age_band(_age(child["birth_date"], day)) or "youth"
            assessment_id, values = plan.assessment(
                instrument,
                organisation_id=centre,
                kind="child",
                subject={"child_id": child["id"]},
                timepoint="intake" if index == 0 else "review",
                on=day,
                assessor=assessor,
                approver=managers.get(centre),
                severity=severity,
                band=band,
            )
            if intake is None:
                intake = (assessment_id, values, day)
            severity *= plan.rng.uniform(0.6, 0.95)
        if days[-1] + dt.timedelta(days=150) < plan.today and plan.rng.random() < 0.05:
            # One child in twenty is being reassessed: the draft is open.
            plan.assessment(
                instrument,
                organisation_id=centre,
                kind="child",
                subject={"child_id": child["id"]},
                timepoint="review",
                on=plan.today - dt.timedelta(days=plan.rng.randrange(0, 5)),
                assessor=assessor,
                approver=None,
                severity=severity,
                band=instrument.definition.age_band(_age(child["birth_date"], plan.today))
                or "youth",
                draft=True,
            )
        if intake is not None:
            plan.plan_from(
                instrument,
                intake[0],
                intake[1],
                kind="service_plan",
                organisation_id=centre,
                subject={"child_id": child["id"]},
                subject_kind="child",
                responsible=assessor,
                starts_on=intake[2],
                service_ids=services,
            )


def _staff(
    plan: _Plan,
    instrument: _Instrument,
    managers: dict[int, int],
    by_role: dict[tuple[int, str], list[int]],
) -> None:
    for (org, role), users in sorted(by_role.items()):
        manager = managers.get(org)
        if manager is None or role not in (Role.COORDINATOR, Role.SPECIALIST, Role.CASE_MANAGER):
            continue
        for user in users:
            if plan.rng.random() < 0.25:
                continue
            day = plan.today - dt.timedelta(days=plan.rng.randrange(20, 330))
            assessment_id, values = plan.assessment(
                instrument,
                organisation_id=org,
                kind="staff",
                subject={"staff_id": user},
                timepoint="intake",
                on=day,
                assessor=manager,
                approver=None,
                severity=plan.rng.uniform(0.2, 0.9),
            )
            plan.plan_from(
                instrument,
                assessment_id,
                values,
                kind="development_plan",
                organisation_id=org,
                subject={"staff_id": user},
                subject_kind="staff",
                responsible=manager,
                starts_on=day,
                service_ids=[],
            )


def _households(plan: _Plan, instrument: _Instrument, managers: dict[int, int]) -> None:
    from globa.registry.models import CoordinatorAssignment

    for household, centre, coordinator in (
        CoordinatorAssignment.objects.filter(ended_on__isnull=True, household__status="active")
        .order_by("household_id")
        .values_list("household_id", "centre_id", "coordinator_id")
    ):
        if plan.rng.random() < 0.3:
            continue
        day = plan.today - dt.timedelta(days=plan.rng.randrange(10, 360))
        plan.assessment(
            instrument,
            organisation_id=centre,
            kind="household",
            subject={"household_id": household},
            timepoint="review",
            on=day,
            assessor=coordinator,
            approver=managers.get(centre),
            severity=plan.rng.uniform(0.1, 0.6),
        )


DONE_SQL = """
UPDATE assessments_assessment a
   SET status = d.status, scores = d.scores::jsonb, completed_at = d.completed_at,
       decided_by_id = d.decided_by_id,
       decided_at = CASE WHEN d.decided_by_id IS NULL THEN NULL ELSE d.completed_at END,
       improvement = d.improvement, version = 2
  FROM devdata_done d
 WHERE d.id = a.id
"""


def write(
    rows: dict[str, list[Any]],
    done: list[DoneRow],
    insert: Callable[[str, list[Any]], None],
) -> dict[str, int]:
    """Insert the drafts and their answers, then complete them in one update."""
    counts = {}
    for table in TABLES:
        insert(table, rows[table])
        counts[table] = len(rows[table])
    if done:
        columns = ", ".join(DoneRow._fields)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE devdata_done (id uuid, status text, scores text, "
                "completed_at timestamptz, decided_by_id bigint, improvement numeric) "
                "ON COMMIT DROP"
            )
            with cursor.copy(f"COPY devdata_done ({columns}) FROM STDIN") as copy:
                for row in done:
                    copy.write_row(row)
            cursor.execute(DONE_SQL)
            cursor.execute("DROP TABLE devdata_done")
    counts["assessments completed"] = len(done)
    return counts
