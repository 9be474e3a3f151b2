"""Every read of the cases, scoped to the organisations whose cases the user works with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value

from globa.accounts.models import Membership, Role, User
from globa.accounts.selectors import CASE_ROLES, scope_for
from globa.cases.models import (
    Action,
    CaseChild,
    Conference,
    FamilyCase,
    Goal,
    Stage,
    StageDeadline,
)
from globa.core.search import name_matches
from globa.lib.collation import lt
from globa.support.selectors import deliveries_visible_to


def cases_visible_to(user: User) -> QuerySet[FamilyCase]:
    return FamilyCase.objects.filter(organisation_id__in=scope_for(user).case_org_ids)


def cases_of_registry_child(user: User, child: Any) -> list[FamilyCase]:
    """The cases the user works with that name this child of the registry, the latest referred
    first. A case names the child by its link to the registry (made by the personal code),
    never by a likeness of name and birth date, which another child may share."""
    if not scope_for(user).case_org_ids:
        return []
    return list(
        cases_visible_to(user)
        .filter(pk__in=CaseChild.objects.filter(registry_child=child).values("case_id"))
        .select_related("case_manager")
        .order_by("-referred_on", "-pk")
    )


@dataclass(frozen=True)
class RegisteredChild:
    """A child of the registry as a case may link it: who, and nothing more."""

    id: Any
    first_name: str
    last_name: str
    birth_date: dt.date


def registry_child_by_code(code: str, organisation_id: int) -> RegisteredChild | None:
    """The child with this personal code in the registry of the organisation that runs the
    case, if any. The database answers (``globa_case_child_in_registry``): a case manager
    does not read the registry, and learns only of the one child whose code they typed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, first_name, last_name, birth_date FROM globa_case_child_in_registry(%s, %s)",
            [code, organisation_id],
        )
        row = cursor.fetchone()
    return RegisteredChild(*row) if row else None


def deadlines() -> dict[str, int]:
    return dict(StageDeadline.objects.values_list("stage", "days"))


@dataclass(frozen=True)
class StageDue:
    """When the case's current stage should end, by the stage deadlines."""

    due_on: dt.date | None
    late_days: int

    @property
    def missed(self) -> bool:
        return self.late_days > 0


def stage_due(case: FamilyCase, rules: dict[str, int] | None, today: dt.date) -> StageDue:
    """``rules`` maps stages to days; without it, the case carries its own (``with_deadline``)."""
    days = rules.get(case.stage) if rules is not None else getattr(case, "deadline_days", None)
    if case.is_closed or days is None:
        return StageDue(None, 0)
    due_on = case.stage_since + dt.timedelta(days=days)
    return StageDue(due_on, (today - due_on).days)


def case_list(
    user: User,
    *,
    today: dt.date,
    mine: bool = False,
    stage: str = "",
    closed: bool = False,
    query: str = "",
) -> list[Any]:
    """Cases with their stage deadline and open / overdue actions, the most urgent first;
    with a query, those whose family name matches it (open and closed)."""
    cases = cases_visible_to(user).select_related("case_manager", "municipality")
    if query.strip():
        cases = name_matches(cases, query)
        closed = True
    if mine:
        cases = cases.filter(case_manager=user)
    if stage:
        cases = cases.filter(stage=stage)
    elif not closed:
        cases = cases.exclude(stage=Stage.CLOSURE)
    cases = cases.annotate(
        open_actions=Count("actions", filter=Q(actions__done_on__isnull=True)),
        overdue_actions=Count(
            "actions", filter=Q(actions__done_on__isnull=True, actions__due_on__lt=today)
        ),
    )
    rules = deadlines()
    rows: list[Any] = list(cases.order_by("stage_since", *lt("family_name")))
    for case in rows:
        case.due = stage_due(case, rules, today)
    rows.sort(key=lambda c: (not c.due.missed, not c.overdue_actions, c.due.due_on or dt.date.max))
    return rows


def case_page(case: FamilyCase) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries."""
    relay = list(
        Action.objects.filter(case=case)
        .select_related("service", "responsible_member", "responsible_user", "conference")
        .order_by("done_on", "due_on", "created_at")
    )
    goals = list(Goal.objects.filter(case=case))
    for goal in goals:
        goal.plan_actions = sorted(  # type: ignore[attr-defined]
            (action for action in relay if action.goal_id == goal.pk),
            key=lambda action: (action.due_on, action.created_at),
        )
    team = list(case.team.all())
    members = {member.pk: member for member in team}
    conferences = list(
        Conference.objects.filter(case=case).annotate(
            member_ids=ArrayAgg("conferenceparticipant__member_id", default=Value([]))
        )
    )
    for conference in conferences:
        conference.people = [  # type: ignore[attr-defined]
            members[pk] for pk in conference.member_ids if pk in members
        ]
    return {
        "stages": list(case.stages.select_related("by").order_by("started_on", "recorded_at")),
        "children": list(case.children.all()),
        "team": team,
        "conferences": conferences,
        "goals": goals,
        "relay": relay,
    }


def with_deadline(cases: QuerySet[FamilyCase]) -> QuerySet[FamilyCase]:
    """Read the current stage's deadline (days) with the case."""
    return cases.annotate(
        deadline_days=Subquery(
            StageDeadline.objects.filter(stage=OuterRef("stage")).values("days")[:1]
        )
    )


def case_staff_of(organisation_id: int) -> QuerySet[User]:
    """The staff who work with the organisation's cases (and so may be responsible for an
    action): its active case managers and centre managers."""
    return (
        User.objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__role__in=sorted(CASE_ROLES),
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by(*lt("last_name", "first_name"))
    )


def case_managers_of(*organisation_ids: int) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__organisation_id__in=organisation_ids,
            memberships__role=Role.CASE_MANAGER,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by(*lt("last_name", "first_name"))
    )


def is_case_manager_in(user: User, organisation_id: int) -> bool:
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, role=Role.CASE_MANAGER, is_active=True
    ).exists()


def services_of_case(user: User, case: FamilyCase, limit: int = 20) -> list[Any]:
    """The services given to the family in the case, the latest first."""
    return list(
        deliveries_visible_to(user)
        .filter(family_case=case)
        .select_related("service", "given_by", "case_action")
        .order_by("-delivered_on", "-recorded_at")[:limit]
    )


def open_actions(case: FamilyCase) -> int:
    """How many actions of the case's plan are not done yet."""
    return case.actions.filter(done_on__isnull=True).count()
