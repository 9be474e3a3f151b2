"""Who may record a service for whom.

Staff record services for the records of their own organisation: a centre manager and the
specialists for any child or household of the centre, a coordinator for the households they
coordinate and the children placed there (or not placed with any household). Anyone else
who can see the record gets 403 when recording; an outsider never gets as far (404).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Exists, OuterRef

from globa.accounts.models import Role, User
from globa.accounts.selectors import scope_for
from globa.registry import permissions as registry
from globa.registry.models import CarerHousehold, Child, CoordinatorAssignment, Placement

RECORDING_ROLES = frozenset({Role.CENTRE_MANAGER, Role.SPECIALIST})


def records_any(user: User, centre_id: int) -> bool:
    """Managers and specialists record services for every record of their centre."""
    return bool(scope_for(user).roles_by_org.get(centre_id, frozenset()) & RECORDING_ROLES)


def can_record_for_household(user: User, household: CarerHousehold) -> bool:
    return records_any(user, household.centre_id) or (
        scope_for(user).has_role(Role.COORDINATOR, household.centre_id)
        and registry.coordinates(user, household)
    )


def can_record_for_child(user: User, child: Child) -> bool:
    return records_any(user, child.centre_id) or registry.can_edit_child(user, child)


def can_record_for_children(user: User, children: Sequence[Child]) -> bool:
    """``can_record_for_child`` for several children, with one query at most."""
    coordinated = [c for c in children if not records_any(user, c.centre_id)]
    if not coordinated:
        return True
    if any(not scope_for(user).has_role(Role.COORDINATOR, c.centre_id) for c in coordinated):
        return False
    # A coordinator records for children placed in their caseload or with no household.
    placements = Placement.objects.filter(
        child__in=coordinated, ended_on__isnull=True, household__isnull=False
    ).annotate(
        mine=Exists(
            CoordinatorAssignment.objects.filter(
                household=OuterRef("household"), coordinator=user, ended_on__isnull=True
            )
        )
    )
    return all(placement.mine for placement in placements)
