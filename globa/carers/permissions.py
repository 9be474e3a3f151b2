"""The access functions for the carer journey.

A centre's pipeline is seen by everyone who works with its registry (coordinators,
specialists, the centre manager); anyone else gets 404. Coordinators and the centre manager
move people through it; a specialist who can see it gets 403 when changing it. Where
inquiries go is set by the managers of the municipality's centres.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from globa.accounts.models import User
from globa.accounts.selectors import managed_centres, require_change, scope_for
from globa.audit import services as audit
from globa.carers.models import Candidate
from globa.carers.selectors import candidates_visible_to
from globa.core.views import uuid_or_404
from globa.lib.collation import lt
from globa.organisations.models import Organisation


def can_change_pipeline(user: User, centre_id: int) -> bool:
    """Records and moves people: who changes the centre's registry (coordinators and the
    manager)."""
    return scope_for(user).writes_registry(centre_id)


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
    if write:
        require_change(can_change_pipeline(user, candidate.centre_id))
    # Handing the person's record to a page is showing it.
    audit.record_view(by=user, record=candidate, what=audit.EDIT if write else audit.VIEW)
    return candidate


def routing_municipalities(user: User) -> list[Organisation]:
    """The municipalities whose inquiry routes the user sets: those of the centres they
    manage."""
    return list(
        Organisation.objects.filter(
            pk__in=managed_centres(user).values("municipality_id")
        ).order_by(*lt("name"))
    )
