"""The access functions of the registry: every view and service gets a registry record, or
the answer to "may this user change it", through one of these.

An outsider gets 404 (the record does not exist for them); a user who may see but not
change it gets 403 when trying to change it. Role-only questions are the ``Scope``'s
(``globa.accounts.selectors``); the ones here also look at the record.

Handing a record to a page is showing it: each access function writes the access log row
(``globa.audit.services.record_view``) in the request's transaction, so no page that shows
a record can forget to.
"""

from __future__ import annotations

import uuid

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from globa.accounts.models import User
from globa.accounts.selectors import (
    Scope,
    managed_centres,
    registry_writer_centres,
    require_change,
    require_page,
    scope_for,
)
from globa.audit import services as audit
from globa.core.views import uuid_or_404
from globa.organisations.models import Organisation
from globa.registry.models import (
    CarerHousehold,
    Child,
    CoordinatorAssignment,
    HouseholdKind,
    Placement,
)
from globa.registry.selectors import (
    care_centres_of,
    children_visible_to,
    households_visible_to,
    placements_visible_to,
)

_UNKNOWN: object = object()


def access_centre(
    user: User, wanted: str, *, change: bool = False, manage: bool = False
) -> Organisation:
    """The care centre a page of the centre's work shows: the one asked for (``?centre=``)
    if the user works there, else their first; 403 for someone who works with no centre.
    With ``change``, 403 unless the user may change the centre's records there (coordinators
    and managers); with ``manage``, unless they manage it."""
    centres = list(care_centres_of(user))
    require_page(bool(centres))
    chosen = [c for c in centres if wanted.isascii() and wanted.isdigit() and c.pk == int(wanted)]
    centre = chosen[0] if chosen else centres[0]
    if change:
        require_change(scope_for(user).writes_registry(centre.pk))
    if manage:
        require_change(scope_for(user).manages(centre.pk))
    return centre


def coordinates(user: User, household: CarerHousehold) -> bool:
    """Whether the user is the household's coordinator now (read with the household by
    ``access_household``, or asked here)."""
    known = getattr(household, "current_coordinator_id", _UNKNOWN)
    if known is not _UNKNOWN:
        return known == user.pk
    return household.assignments.filter(coordinator=user, ended_on__isnull=True).exists()


def can_edit_household(user: User, household: CarerHousehold) -> bool:
    """Managers change any household of their centre; a coordinator those they coordinate."""
    scope = scope_for(user)
    return scope.manages(household.centre_id) or (
        scope.coordinates_in(household.centre_id) and coordinates(user, household)
    )


def can_edit_child(user: User, child: Child, current: object = _UNKNOWN) -> bool:
    """Managers change any child of their centre; a coordinator a child placed in their
    caseload, or one not placed with any household yet. ``current`` may be passed when the
    caller already has the current placement (or knows there is none)."""
    scope = scope_for(user)
    if scope.manages(child.centre_id):
        return True
    if not scope.coordinates_in(child.centre_id):
        return False
    if current is _UNKNOWN:
        current = child.placements.filter(ended_on__isnull=True).select_related("household").first()
    assert current is None or isinstance(current, Placement)
    if current is None or current.household is None:
        return True
    return coordinates(user, current.household)


def can_place(
    user: User, child: Child, household: CarerHousehold | None, *, emergency: bool = False
) -> bool:
    """Whether the user may place the child with the household (or, with ``None``, in an
    institution). A centre manager places their centre's children with any of its households.
    A coordinator places a child they may change with a household they coordinate — and, in
    an emergency, with any on-call carer of the centre: at night the carer's own coordinator
    may not answer, and a child must not wait (the placement is marked as an emergency and
    names who made it)."""
    if not can_edit_child(user, child):
        return False
    if household is None or scope_for(user).manages(child.centre_id):
        return True
    if emergency and household.kind == HouseholdKind.ON_CALL:
        return scope_for(user).coordinates_in(household.centre_id)
    return can_edit_household(user, household)


def access_registry(user: User) -> Scope:
    """For the registry's lists: the user's scope, or 403 for a role that has no registry."""
    scope = scope_for(user)
    require_page(bool(scope.registry_org_ids))
    return scope


def access_managed_centres(user: User) -> QuerySet[Organisation]:
    """The centres the user manages; 403 for someone who manages none."""
    centres = managed_centres(user)
    require_page(centres.exists())
    return centres


def access_registering_centres(user: User) -> QuerySet[Organisation]:
    """The centres where the user may register children; 403 where none."""
    centres = registry_writer_centres(user)
    require_page(centres.exists())
    return centres


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
    if write:
        require_change(can_edit_child(user, child))
    audit.record_view(by=user, record=child, what=audit.EDIT if write else audit.VIEW)
    return child


def access_household(
    user: User, household_id: str | uuid.UUID, *, write: bool = False, manage: bool = False
) -> CarerHousehold:
    """The household, if the user may see it (else 404) and, with write, change it or, with
    manage, do what only its centre's manager does (else 403)."""
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
    if write:
        require_change(can_edit_household(user, household))
    if manage:
        require_change(scope_for(user).manages(household.centre_id))
    audit.record_view(by=user, record=household, what=audit.EDIT if write or manage else audit.VIEW)
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
    if write:
        require_change(can_edit_child(user, placement.child))
    audit.record_view(by=user, record=placement.child, what=audit.EDIT if write else audit.VIEW)
    return placement
