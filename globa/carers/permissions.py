"""The access functions for the carer journey.

A centre's pipeline is seen by everyone who works with its registry (coordinators,
specialists, the centre manager); anyone else gets 404. Coordinators and the centre manager
move people through it; a specialist who can see it gets 403 when changing it. Where
inquiries go is set by the managers of the municipality's centres.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404

from globa.accounts.models import Role, User
from globa.accounts.selectors import scope_for
from globa.carers.models import Candidate
from globa.carers.selectors import candidates_visible_to
from globa.core.views import uuid_or_404
from globa.organisations.models import Organisation
from globa.registry.permissions import can_write_in


def can_change_pipeline(user: User, centre_id: int) -> bool:
    """Records and moves people: who changes the centre's registry (coordinators and the
    manager)."""
    return can_write_in(user, centre_id)


def access_candidate(
    user: User, candidate_id: str | uuid.UUID, *, write: bool = False
) -> Candidate:
    candidate = (
        candidates_visible_to(user)
        .select_related("centre", "municipality", "household")
        .filter(pk=uuid_or_404(candidate_id))
        .first()
    )
    if candidate is None:
        raise Http404
    if write and not can_change_pipeline(user, candidate.centre_id):
        raise PermissionDenied
    return candidate


def routing_municipalities(user: User) -> list[Organisation]:
    """The municipalities whose inquiry routes the user sets: those of the centres they
    manage."""
    managed = scope_for(user).org_ids_with(Role.CENTRE_MANAGER)
    return list(
        Organisation.objects.filter(
            pk__in=Organisation.objects.filter(
                pk__in=managed, kind=Organisation.Kind.CARE_CENTRE
            ).values("municipality_id")
        ).order_by("name")
    )


def managed_centres(user: User) -> list[Organisation]:
    managed = scope_for(user).org_ids_with(Role.CENTRE_MANAGER)
    return list(
        Organisation.objects.filter(pk__in=managed, kind=Organisation.Kind.CARE_CENTRE).order_by(
            "name"
        )
    )
