"""The rules that call for reminders: what the records need someone's attention for on a
day — contacts overdue, young people coming of age, on-call placements nearing their limit
(a coordinator's), case stages late and actions overdue (case staff's), on-call contracts
ending (a centre manager's). The daily run opens and resolves reminders by them; the start
page shows only the open ones they still call for, so a reminder whose reason has gone
(a contact just recorded) disappears at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from globa.accounts.models import Membership, Role, User
from globa.accounts.selectors import CASE_ROLES
from globa.assessments import selectors as assessment_selectors
from globa.cases import selectors as case_selectors
from globa.cases.models import Action, Stage
from globa.oncall import selectors as oncall_selectors
from globa.plans import selectors as plan_selectors
from globa.reminders.models import Kind
from globa.support import selectors as support_selectors
from globa.support.selectors import WorkingDay

# The kinds a coordinator's working day already lists on their start page.
WORKING_DAY_KINDS = frozenset({Kind.CONTACT_OVERDUE, Kind.TURNING_18, Kind.ON_CALL_LIMIT})


@dataclass(frozen=True)
class Wanted:
    assignee_id: int
    organisation_id: int | None
    kind: str
    subject: str
    title: str
    due_on: dt.date


def wanted_today(
    today: dt.date, *, only: User | None = None, day: WorkingDay | None = None
) -> list[Wanted]:
    """Every reminder the records call for on the day (``only``: of one person, whose
    working day may be passed when it is at hand)."""
    wanted: list[Wanted] = []
    coordinators = User.objects.filter(
        memberships__role=Role.COORDINATOR, memberships__is_active=True, is_active=True
    ).distinct()
    case_managers = User.objects.filter(
        memberships__role=Role.CASE_MANAGER, memberships__is_active=True, is_active=True
    ).distinct()
    if only is not None:
        coordinators = coordinators.filter(pk=only.pk)
        case_managers = case_managers.filter(pk=only.pk)
    for user in coordinators:
        if day is None or only is None:
            day = support_selectors.working_day(user, today)
        for due in day.contacts:
            if due.overdue and due.next_due is not None:
                household = due.household
                wanted.append(
                    Wanted(
                        user.pk,
                        household.centre_id,
                        Kind.CONTACT_OVERDUE,
                        f"household:{household.pk}",
                        household.name,
                        due.next_due,
                    )
                )
        for kind, milestones in (
            (Kind.TURNING_18, day.turning_18),
            (Kind.ON_CALL_LIMIT, day.on_call_limit),
        ):
            for milestone in milestones:
                child = milestone.placement.child
                wanted.append(
                    Wanted(
                        user.pk,
                        child.centre_id,
                        kind,
                        f"child:{child.pk}",
                        str(child),
                        milestone.day,
                    )
                )
    for user in case_managers:
        for case in case_selectors.case_list(user, today=today, mine=True):
            if case.due.missed and case.due.due_on is not None:
                wanted.append(
                    Wanted(
                        user.pk,
                        case.organisation_id,
                        Kind.CASE_STAGE_LATE,
                        f"case:{case.pk}",
                        case.family_name,
                        case.due.due_on,
                    )
                )
    overdue = Action.objects.filter(done_on__isnull=True, due_on__lt=today).exclude(
        case__stage=Stage.CLOSURE
    )
    # An action's reminder goes to the staff member responsible while they still work with
    # the organisation's cases, else to the case's manager.
    case_staff = set(
        Membership.objects.filter(
            role__in=sorted(CASE_ROLES), is_active=True, user__is_active=True
        ).values_list("organisation_id", "user_id")
    )
    for action in overdue.select_related("case"):
        responsible = action.responsible_user_id
        if responsible is None or (action.organisation_id, responsible) not in case_staff:
            responsible = action.case.case_manager_id
        wanted.append(
            Wanted(
                responsible,
                action.organisation_id,
                Kind.CASE_ACTION_OVERDUE,
                f"action:{action.pk}/{action.case_id}",
                f"{action.case.family_name}: {action.description}"[:300],
                action.due_on,
            )
        )
    wanted.extend(_contracts_ending(today))
    wanted.extend(_reassessments(today))
    wanted.extend(_plan_reviews(today))
    if only is not None:
        wanted = [w for w in wanted if w.assignee_id == only.pk]
    return wanted


def _contracts_ending(today: dt.date) -> list[Wanted]:
    """An on-call contract ending within the notice period with no next one signed: for the
    managers of its centre."""
    ending = oncall_selectors.contracts_ending(today)
    managers: dict[int, list[int]] = {}
    for centre_id, user_id in Membership.objects.filter(
        role=Role.CENTRE_MANAGER, is_active=True, user__is_active=True
    ).values_list("organisation_id", "user_id"):
        managers.setdefault(centre_id, []).append(user_id)
    return [
        Wanted(
            manager,
            contract.centre_id,
            Kind.CONTRACT_ENDING,
            f"oncall:{contract.household_id}",
            f"{contract.household.name}: {contract.number}"[:300],
            contract.ends_on,
        )
        for contract in ending
        for manager in managers.get(contract.centre_id, [])
    ]


def _active_members() -> set[tuple[int, int]]:
    return set(
        Membership.objects.filter(is_active=True, user__is_active=True).values_list(
            "organisation_id", "user_id"
        )
    )


def _reassessments(today: dt.date) -> list[Wanted]:
    """An assessment the instrument asks to repeat (a family every three months, a child
    every six…) that is due within two weeks: for its assessor while they still work
    there, else for the family's case manager or the organisation's managers."""
    members = _active_members()
    managers: dict[int, list[int]] = {}
    for centre_id, user_id in Membership.objects.filter(
        role=Role.CENTRE_MANAGER, is_active=True, user__is_active=True
    ).values_list("organisation_id", "user_id"):
        managers.setdefault(centre_id, []).append(user_id)
    found: list[Wanted] = []
    for assessment, due_on in assessment_selectors.due_reassessments(today):
        org = assessment.organisation_id
        if (org, assessment.assessor_id) in members:
            assignees = [assessment.assessor_id]
        elif (
            assessment.family_case is not None
            and (org, assessment.family_case.case_manager_id) in members
        ):
            assignees = [assessment.family_case.case_manager_id]
        else:
            assignees = managers.get(org, [])
        instrument = assessment.instrument_version.instrument.name_lt
        title = f"{instrument}: {assessment_selectors.subject_name(assessment)}"
        found.extend(
            Wanted(
                user, org, Kind.REASSESSMENT_DUE, f"assessment:{assessment.pk}", title[:300], due_on
            )
            for user in assignees
        )
    return found


def _plan_reviews(today: dt.date) -> list[Wanted]:
    """A plan in force whose review is due within two weeks: for whoever is responsible."""
    members = _active_members()
    return [
        Wanted(
            plan.responsible_id,
            plan.organisation_id,
            Kind.PLAN_REVIEW_DUE,
            f"plan:{plan.pk}",
            f"{plan.subject}"[:300],
            plan.review_on,
        )
        for plan in plan_selectors.reviews_due(today)
        if (plan.organisation_id, plan.responsible_id) in members
    ]
