"""What a centre manager watches: every coordinator's caseload, scoped to the centres they lead."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery

from globa.accounts.models import Membership, Role, User
from globa.accounts.selectors import scope_for
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, CoordinatorAssignment
from globa.support.selectors import Due, contact_rules, due, last_contact


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


def managed_centres(user: User) -> list[Organisation]:
    scope = scope_for(user)
    ids = scope.org_ids_with(Role.CENTRE_MANAGER) & scope.registry_org_ids
    return list(Organisation.objects.filter(id__in=ids).order_by("name"))


def caseloads(user: User, today: dt.date) -> list[Caseload]:
    """Per centre the user manages: each coordinator's households (also coordinators with
    none), and the active households without a coordinator, with contacts due."""
    centres = managed_centres(user)
    by_id = {centre.id: centre for centre in centres}
    loads: dict[tuple[int, int | None], Caseload] = {}
    coordinators = (
        Membership.objects.filter(
            organisation_id__in=by_id, role=Role.COORDINATOR, is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    for membership in coordinators:
        key = (membership.organisation_id, membership.user_id)
        loads[key] = Caseload(by_id[membership.organisation_id], membership.user)
    rules = contact_rules()
    for household in _households(by_id):
        key = (household.centre_id, household.current_coordinator_id)
        if key not in loads:
            coordinator = None
            if household.current_coordinator_id is not None:
                coordinator = User.objects.get(pk=household.current_coordinator_id)
            loads[key] = Caseload(by_id[household.centre_id], coordinator)
        loads[key].contacts.append(due(household, household.last_contact_on, rules, today))
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


def _households(centre_ids: dict[int, Organisation]) -> list[Any]:
    return list(
        CarerHousehold.objects.filter(centre_id__in=centre_ids, status=CarerHousehold.Status.ACTIVE)
        .annotate(
            current_coordinator_id=Subquery(
                CoordinatorAssignment.objects.filter(
                    household=OuterRef("pk"), ended_on__isnull=True
                ).values("coordinator_id")[:1]
            ),
            last_contact_on=last_contact(),
            placed_now=Count("placements", filter=Q(placements__ended_on__isnull=True)),
        )
        .select_related("municipality")
        .order_by("name")
    )
