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

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404

from globa.accounts.models import Role, User
from globa.accounts.selectors import scope_for
from globa.core.views import uuid_or_404
from globa.registry import permissions as registry
from globa.registry.models import CarerHousehold, Child, CoordinatorAssignment, Placement
from globa.support.models import Group, GroupMember, GroupSession
from globa.support.selectors import groups_visible_to

RECORDING_ROLES = frozenset({Role.CENTRE_MANAGER, Role.SPECIALIST})


def records_any(user: User, centre_id: int) -> bool:
    """Managers and specialists record services for every record of their centre."""
    return bool(scope_for(user).roles_by_org.get(centre_id, frozenset()) & RECORDING_ROLES)


def can_record_in(user: User, centre_id: int) -> bool:
    """Record a service for someone who is not in the registry (a relative, a neighbour)."""
    return records_any(user, centre_id) or scope_for(user).has_role(Role.COORDINATOR, centre_id)


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


# Groups -----------------------------------------------------------------------------------

GROUP_STARTING_ROLES = RECORDING_ROLES | {Role.COORDINATOR}


def leads_groups(user: User, provider_id: int) -> bool:
    """Managers and specialists run every group of their organisation."""
    return records_any(user, provider_id)


def can_start_group(user: User, provider_id: int) -> bool:
    roles = scope_for(user).roles_by_org.get(provider_id, frozenset())
    return bool(roles & GROUP_STARTING_ROLES)


def can_run_group(user: User, group: Group) -> bool:
    """Change the group, its members and sessions: its organisation's managers and
    specialists, and a coordinator of the organisation who facilitates it."""
    return leads_groups(user, group.provider_id) or (
        scope_for(user).has_role(Role.COORDINATOR, group.provider_id)
        and group.facilitator_id == user.pk
    )


def group_centres(user: User) -> list[int]:
    """The organisations where the user may start a group."""
    scope = scope_for(user)
    return sorted(org for org in scope.registry_org_ids if can_start_group(user, org))


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
    if write and not can_run_group(user, group):
        raise PermissionDenied
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
