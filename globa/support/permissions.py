"""Who may record a service for whom, and who runs groups.

Staff record services for the records of their own organisation: a centre manager and the
specialists for any child or household of the centre, a coordinator for the households they
coordinate and the children placed there (or not placed with any household). Anyone else
who can see the record gets 403 when recording; an outsider never gets as far (404).

Groups follow the same shape: the centre's managers and specialists run every group of the
centre, a coordinator of the centre starts groups and runs those they facilitate. The
centre's other staff see the groups (403 when changing them); anyone else gets 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from globa.accounts.models import User
from globa.accounts.selectors import RECORDING_ROLES, require_change, require_page, scope_for
from globa.audit import services as audit
from globa.core.views import uuid_or_404
from globa.lib.collation import lt
from globa.registry import permissions as registry
from globa.registry.models import CarerHousehold, Child, CoordinatorAssignment, Placement
from globa.support.models import Group, GroupMember, GroupSession, PlannedVisit
from globa.support.selectors import groups_visible_to, visits_visible_to

_UNKNOWN: object = object()


def can_record_in(user: User, centre_id: int) -> bool:
    """Record a service for someone who is not in the registry (a relative, a neighbour)."""
    return scope_for(user).works_with_registry(centre_id)


def can_record_for_household(user: User, household: CarerHousehold) -> bool:
    """Managers and specialists for every household of the centre; a coordinator for the
    households they coordinate."""
    return scope_for(user).records_for_all(household.centre_id) or registry.can_edit_household(
        user, household
    )


def can_record_for_child(user: User, child: Child, current: object = _UNKNOWN) -> bool:
    """Managers and specialists for every child of the centre; a coordinator for the
    children they may change (placed in their caseload, or with no household)."""
    if scope_for(user).records_for_all(child.centre_id):
        return True
    if current is _UNKNOWN:
        return registry.can_edit_child(user, child)
    return registry.can_edit_child(user, child, current)


def can_record_for_children(user: User, children: Sequence[Child]) -> bool:
    """``can_record_for_child`` for several children, with one query at most."""
    scope = scope_for(user)
    coordinated = [c for c in children if not scope.records_for_all(c.centre_id)]
    if not coordinated:
        return True
    if any(not scope.coordinates_in(c.centre_id) for c in coordinated):
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


def access_household_to_record(user: User, household_id: str | uuid.UUID) -> CarerHousehold:
    """The household, to record a service for it: 404 for an outsider, 403 for someone who
    may see it but not record for it."""
    household = registry.access_household(user, household_id)
    require_change(can_record_for_household(user, household))
    return household


def access_child_to_record(user: User, child_id: str | uuid.UUID) -> Child:
    """The child, to record a service for them, on the same terms."""
    child = registry.access_child(user, child_id)
    require_change(can_record_for_child(user, child))
    return child


# Groups -----------------------------------------------------------------------------------


def can_start_group(user: User, provider_id: int) -> bool:
    return scope_for(user).works_with_registry(provider_id)


def can_run_group(user: User, group: Group) -> bool:
    """Change the group, its members and sessions: its organisation's managers and
    specialists, and a coordinator of the organisation who facilitates it."""
    scope = scope_for(user)
    return scope.records_for_all(group.provider_id) or (
        scope.coordinates_in(group.provider_id) and group.facilitator_id == user.pk
    )


def group_centres(user: User) -> list[int]:
    """The organisations where the user may start a group."""
    return sorted(scope_for(user).registry_org_ids)


def access_groups(user: User) -> None:
    """The groups pages: 403 for a role that works with no centre's records."""
    require_page(bool(scope_for(user).registry_org_ids))


def access_group_centres(user: User) -> list[int]:
    """Where the user may start a group; 403 where nowhere."""
    centres = group_centres(user)
    require_page(bool(centres))
    return centres


def access_group(user: User, group_id: str | uuid.UUID, *, write: bool = False) -> Group:
    """The group, if the user may see it (else 404) and, with write, run it (else 403)."""
    group = (
        groups_visible_to(user)
        .select_related("provider", "service", "facilitator")
        .filter(pk=uuid_or_404(group_id))
        .first()
    )
    if group is None:
        raise Http404
    if write:
        require_change(can_run_group(user, group))
    return group


def access_group_member(
    user: User, group_id: str | uuid.UUID, member_id: str | uuid.UUID, *, write: bool = False
) -> GroupMember:
    """A member of the group, on the same terms as the group."""
    group = access_group(user, group_id, write=write)
    member = group.members.select_related("household").filter(pk=uuid_or_404(member_id)).first()
    if member is None:
        raise Http404
    member.group = group
    return member


def access_session(
    user: User, group_id: str | uuid.UUID, session_id: str | uuid.UUID, *, write: bool = False
) -> GroupSession:
    """A session of the group, on the same terms as the group."""
    group = access_group(user, group_id, write=write)
    session = (
        group.sessions.select_related("facilitator").filter(pk=uuid_or_404(session_id)).first()
    )
    if session is None:
        raise Http404
    session.group = group
    return session


# Planned visits ---------------------------------------------------------------------------


def plans_visits(user: User) -> bool:
    """Who keeps a calendar of visits: the people who work with a centre's records."""
    return bool(scope_for(user).registry_org_ids)


def access_visits(user: User) -> None:
    """The calendar and booking a visit: 403 for a role that works with no records."""
    require_page(plans_visits(user))


def households_to_visit(user: User) -> Any:
    """The households the user may book visits with: every open household of the centres
    where they record for all, and the households they coordinate."""
    scope = scope_for(user)
    return (
        CarerHousehold.objects.filter(
            Q(centre_id__in=sorted(scope.org_ids_with(*RECORDING_ROLES)))
            | Q(
                centre_id__in=sorted(scope.registry_org_ids),
                assignments__coordinator=user,
                assignments__ended_on__isnull=True,
            )
        )
        .exclude(status=CarerHousehold.Status.CLOSED)
        .distinct()
        .order_by(*lt("name"))
    )


def access_visit(user: User, visit_id: str | uuid.UUID, *, write: bool = False) -> PlannedVisit:
    """A booked visit: 404 outside the user's centres, 403 for changing one with a household
    they may not record for."""
    visit = (
        visits_visible_to(user)
        .select_related("household", "visitor")
        .filter(pk=uuid_or_404(visit_id))
        .first()
    )
    if visit is None:
        raise Http404
    if write:
        require_change(can_record_for_household(user, visit.household))
    audit.record_view(by=user, record=visit.household, what=audit.EDIT if write else audit.VIEW)
    return visit
