"""What a centre manager watches: every coordinator's caseload, scoped to the centres they lead."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery

from globa.accounts.models import Membership, Role, User
from globa.accounts.selectors import managed_centres
from globa.cases.models import FamilyCase, Stage
from globa.cases.selectors import stage_due, with_deadline
from globa.lib.collation import lt
from globa.organisations.models import Organisation
from globa.registry.models import CoordinatorAssignment
from globa.registry.selectors import supported_households
from globa.support.selectors import Due, contact_rules, due, last_contact, next_visit


@dataclass
class Caseload:
    centre: Organisation
    coordinator: User | None  # None: the households without a coordinator
    contacts: list[Due] = field(default_factory=list)

    @property
    def households(self) -> int:
        return len(self.contacts)

    @property
    def children(self) -> int:
        return sum(getattr(d.household, "placed_now", 0) for d in self.contacts)

    @property
    def overdue(self) -> int:
        return sum(1 for d in self.contacts if d.overdue)


def caseloads(user: User, today: dt.date) -> list[Caseload]:
    """Per centre the user manages: each coordinator's households (also coordinators with
    none), and the supported households without a coordinator, with contacts due."""
    centres = managed_centres(user)
    by_id = {centre.id: centre for centre in centres}
    loads: dict[tuple[int, int | None], Caseload] = {}
    coordinators = (
        Membership.objects.filter(
            organisation_id__in=by_id, role=Role.COORDINATOR, is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by(*lt("user__last_name", "user__first_name"))
    )
    for membership in coordinators:
        key = (membership.organisation_id, membership.user_id)
        loads[key] = Caseload(by_id[membership.organisation_id], membership.user)
    rules = contact_rules()
    for household in _households(by_id, today):
        key = (household.centre_id, household.current_coordinator_id)
        if key not in loads:
            coordinator = None
            if household.current_coordinator_id is not None:
                coordinator = User.objects.get(pk=household.current_coordinator_id)
            loads[key] = Caseload(by_id[household.centre_id], coordinator)
        loads[key].contacts.append(
            due(household, household.last_contact_on, rules, today, household.next_visit_on)
        )
    for load in loads.values():
        load.contacts.sort(key=Due.urgency)
    return sorted(
        loads.values(),
        key=lambda load: (
            load.centre.name,
            load.coordinator is not None,
            (load.coordinator.last_name, load.coordinator.first_name) if load.coordinator else (),
        ),
    )


def _households(centre_ids: dict[int, Organisation], today: dt.date) -> list[Any]:
    return list(
        supported_households(centre_ids)
        .annotate(
            current_coordinator_id=Subquery(
                CoordinatorAssignment.objects.filter(
                    household=OuterRef("pk"), ended_on__isnull=True
                ).values("coordinator_id")[:1]
            ),
            last_contact_on=last_contact(),
            next_visit_on=next_visit(today),
            placed_now=Count("placements", filter=Q(placements__ended_on__isnull=True)),
        )
        .select_related("municipality")
        .order_by(*lt("name"))
    )


@dataclass
class CaseLoad:
    centre: Organisation
    case_manager: User
    open_cases: int = 0
    late: int = 0
    overdue_actions: int = 0


def case_loads(user: User, today: dt.date) -> list[CaseLoad]:
    """Per centre the user manages: each case manager's open cases, those whose stage is
    late, and their overdue actions."""
    centres = {centre.id: centre for centre in managed_centres(user)}
    loads: dict[tuple[int, int], CaseLoad] = {}
    members = (
        Membership.objects.filter(
            organisation_id__in=centres,
            role=Role.CASE_MANAGER,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by(*lt("user__last_name", "user__first_name"))
    )
    for membership in members:
        key = (membership.organisation_id, membership.user_id)
        loads[key] = CaseLoad(centres[membership.organisation_id], membership.user)
    cases = with_deadline(
        FamilyCase.objects.filter(organisation_id__in=centres).exclude(stage=Stage.CLOSURE)
    ).annotate(
        overdue=Count("actions", filter=Q(actions__done_on__isnull=True, actions__due_on__lt=today))
    )
    for case in cases.select_related("case_manager"):
        key = (case.organisation_id, case.case_manager_id)
        load = loads.setdefault(key, CaseLoad(centres[case.organisation_id], case.case_manager))
        load.open_cases += 1
        load.late += stage_due(case, None, today).missed
        load.overdue_actions += case.overdue
    return sorted(
        loads.values(),
        key=lambda load: (
            load.centre.name,
            load.case_manager.last_name,
            load.case_manager.first_name,
        ),
    )
