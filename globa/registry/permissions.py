"""The access functions: every view gets a registry record through one of these.

An outsider gets 404 (the record does not exist for them); a user who may see but not
change it gets 403 when trying to change it.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404

from globa.accounts.models import Role, User
from globa.accounts.selectors import REGISTRY_WRITE_ROLES, scope_for
from globa.core.views import uuid_or_404
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, Child, CoordinatorAssignment, Placement
from globa.registry.selectors import (
    care_centres_of,
    children_visible_to,
    households_visible_to,
    placements_visible_to,
)

_UNKNOWN: object = object()


def access_centre(user: User, wanted: str) -> Organisation:
    """The care centre a page of the centre's work shows: the one asked for (``?centre=``)
    if the user works there, else their first; 403 for someone who works with no centre."""
    centres = list(care_centres_of(user))
    if not centres:
        raise PermissionDenied
    chosen = [c for c in centres if wanted.isascii() and wanted.isdigit() and c.pk == int(wanted)]
    return chosen[0] if chosen else centres[0]


def is_manager_of(user: User, centre_id: int) -> bool:
    return scope_for(user).has_role(Role.CENTRE_MANAGER, centre_id)


def can_write_in(user: User, centre_id: int) -> bool:
    roles = scope_for(user).roles_by_org.get(centre_id, frozenset())
    return bool(roles & REGISTRY_WRITE_ROLES)


def coordinates(user: User, household: CarerHousehold) -> bool:
    """Whether the user is the household's coordinator now (read with the household by
    ``access_household``, or asked here)."""
    known = getattr(household, "current_coordinator_id", _UNKNOWN)
    if known is not _UNKNOWN:
        return known == user.pk
    return household.assignments.filter(coordinator=user, ended_on__isnull=True).exists()


def can_edit_household(user: User, household: CarerHousehold) -> bool:
    """Managers change any household of their centre; a coordinator those they coordinate."""
    return is_manager_of(user, household.centre_id) or (
        scope_for(user).has_role(Role.COORDINATOR, household.centre_id)
        and coordinates(user, household)
    )


def can_edit_child(user: User, child: Child, current: object = _UNKNOWN) -> bool:
    """Managers change any child of their centre; a coordinator a child placed in their
    caseload, or one not placed with any household yet. ``current`` may be passed when the
    caller already has the current placement (or knows there is none)."""
    if is_manager_of(user, child.centre_id):
        return True
    if not scope_for(user).has_role(Role.COORDINATOR, child.centre_id):
        return False
    if current is _UNKNOWN:
        current = child.placements.filter(ended_on__isnull=True).select_related("household").first()
    assert current is None or isinstance(current, Placement)
    if current is None or current.household is None:
        return True
    return coordinates(user, current.household)


def access_child(user: User, child_id: str | uuid.UUID, *, write: bool = False) -> Child:
    """The child, if the user may see it (else 404) and, with write, change it (else 403)."""
    child = (
        children_visible_to(user)
        .select_related("centre", "municipality", "sibling_group")
        .filter(pk=uuid_or_404(child_id))
        .first()
    )
    if child is None:
        raise Http404
    if write and not can_edit_child(user, child):
        raise PermissionDenied
    return child


def access_household(
    user: User, household_id: str | uuid.UUID, *, write: bool = False
) -> CarerHousehold:
    household = (
        households_visible_to(user)
        .select_related("centre", "municipality")
        .annotate(
            current_coordinator_id=Subquery(
                CoordinatorAssignment.objects.filter(
                    household=OuterRef("pk"), ended_on__isnull=True
                ).values("coordinator_id")[:1]
            )
        )
        .filter(pk=uuid_or_404(household_id))
        .first()
    )
    if household is None:
        raise Http404
    if write and not can_edit_household(user, household):
        raise PermissionDenied
    return household


def access_placement(
    user: User, placement_id: str | uuid.UUID, *, write: bool = False
) -> Placement:
    placement = (
        placements_visible_to(user)
        .select_related("child", "household", "institution")
        .filter(pk=uuid_or_404(placement_id))
        .first()
    )
    if placement is None:
        raise Http404
    if write and not can_edit_child(user, placement.child):
        raise PermissionDenied
    return placement


def require_manager(user: User, centre_id: int) -> None:
    if not is_manager_of(user, centre_id):
        raise PermissionDenied


def require_writer(user: User, centre_id: int) -> None:
    if not can_write_in(user, centre_id):
        raise PermissionDenied
