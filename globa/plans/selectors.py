"""Reads of plans: the plan page, the goals an assessment proposes, the plans due for review."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from globa.assessments.definitions import Item, Level
from globa.assessments.models import Assessment, SubjectKind
from globa.assessments.registry import definition_of
from globa.assessments.selectors import sheet
from globa.cases.models import Goal as CaseGoal
from globa.plans.models import Action, Goal, Plan, Review, Status
from globa.support.models import Delivery


def plan_page(plan: Plan) -> dict[str, Any]:
    """The plan's goals with their actions and the services given for each, and its
    reviews with every goal's progress, in a fixed number of queries."""
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related(
            "service", "programme", "responsible_user", "responsible_organisation", "participant"
        )
        .order_by("due_on", "created_at")
    )
    given: dict[Any, list[Delivery]] = defaultdict(list)
    for delivery in (
        Delivery.objects.filter(plan_action__plan=plan)
        .select_related("service", "given_by")
        .defer("notes")
        .order_by("delivered_on")
    ):
        given[delivery.plan_action_id].append(delivery)
    for action in actions:
        action.given = given.get(action.pk, [])  # type: ignore[attr-defined]
    goals = list(Goal.objects.filter(plan=plan).select_related("item", "assessment"))
    for goal in goals:
        goal.steps = [a for a in actions if a.goal_id == goal.pk]  # type: ignore[attr-defined]
    reviews = list(
        Review.objects.filter(plan=plan)
        .select_related("by")
        .prefetch_related(Prefetch("progress", to_attr="goal_progress"))
    )
    return {"goals": goals, "actions": actions, "reviews": reviews}


@dataclass(frozen=True)
class Proposal:
    """A goal an assessment proposes: a need at an action level, with the wording the
    instrument gives for it, and whether the plan already has it."""

    item: Item
    level: Level
    text: str
    taken: bool


def proposals(assessment: Assessment) -> list[Proposal]:
    definition = definition_of(assessment.instrument_version)
    values = sheet(assessment).values()
    if assessment.subject_kind == SubjectKind.FAMILY:
        taken = set(
            CaseGoal.objects.filter(
                case_id=assessment.family_case_id, assessment_item__isnull=False
            ).values_list("assessment_item__code", flat=True)
        )
    else:
        field = "plan__child" if assessment.subject_kind == SubjectKind.CHILD else "plan__staff"
        taken = set(
            Goal.objects.filter(
                **{field: assessment.subject_id},
                plan__status=Status.ACTIVE,
                item__isnull=False,
            ).values_list("item__code", flat=True)
        )
    found = []
    for item in definition.items.values():
        level = item.scale.level(values.get(item.code))
        if level is None or not level.action or level.is_strength:
            continue
        if not definition.shown(item, assessment.age_band, values):
            continue
        text = str(item.goal) if item.goal else str(item.text)
        found.append(Proposal(item, level, text, item.code in taken))
    return found


def active_plan(**subject: Any) -> Plan | None:
    return (
        Plan.objects.filter(status=Status.ACTIVE, **subject).select_related("responsible").first()
    )


def plans_of(**subject: Any) -> list[Plan]:
    return list(Plan.objects.filter(**subject).order_by("-starts_on"))


def reviews_due(today: dt.date, lead_days: int = 14) -> list[Plan]:
    """Plans in force whose review is due within ``lead_days`` or late (read in a system
    scope by the reminders)."""
    return list(
        Plan.objects.filter(
            status=Status.ACTIVE, review_on__lte=today + dt.timedelta(days=lead_days)
        )
        .select_related("child", "staff")
        .order_by("review_on")
    )
