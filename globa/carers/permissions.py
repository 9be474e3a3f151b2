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
from globa.accounts.selectors import managed_centres, require_change, require_page, scope_for
from globa.audit import services as audit
from globa.carers.models import Candidate, Contract, TrainingGroup
from globa.carers.selectors import candidates_visible_to, pipeline_centres
from globa.core.views import uuid_or_404
from globa.organisations.models import Organisation


def can_change_pipeline(user: User, centre_id: int) -> bool:
    """Coordinators and managers move people through the centre's pipeline, record training
    and on-call respite, and match children with on-call carers."""
    return scope_for(user).writes_registry(centre_id)


def access_centre(
    user: User, wanted: str, *, change: bool = False, manage: bool = False
) -> Organisation:
    """The pipeline's centre: the one asked for if the user works there, else their first;
    403 for someone who works with no centre's pipeline. With ``change``, 403 unless the
    user may change the pipeline there; with ``manage``, unless they manage the centre."""
    centres = list(pipeline_centres(user))
    require_page(bool(centres))
    chosen = [c for c in centres if wanted.isascii() and wanted.isdigit() and c.pk == int(wanted)]
    centre = chosen[0] if chosen else centres[0]
    if change:
        require_change(can_change_pipeline(user, centre.pk))
    if manage:
        require_change(scope_for(user).manages(centre.pk))
    return centre


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
        ).order_by("name")
    )


def access_contract(
    user: User,
    household_id: uuid.UUID,
    contract_id: str | uuid.UUID,
    *,
    write: bool = False,
    manage: bool = False,
) -> Contract:
    """A contract of the on-call carer (404 otherwise). With ``write``, 403 unless the user
    may record for it (respite); with ``manage``, unless they manage the centre (end it)."""
    contract = (
        Contract.objects.filter(household_id=household_id, pk=uuid_or_404(contract_id))
        .select_related("household")
        .first()
    )
    if contract is None:
        raise Http404
    if write:
        require_change(can_change_pipeline(user, contract.centre_id))
    if manage:
        require_change(scope_for(user).manages(contract.centre_id))
    return contract


def access_training_group(
    user: User, group_id: str | uuid.UUID, *, write: bool = False
) -> TrainingGroup:
    group = (
        TrainingGroup.objects.filter(centre_id__in=scope_for(user).registry_org_ids)
        .select_related("programme", "centre")
        .filter(pk=uuid_or_404(group_id))
        .first()
    )
    if group is None:
        raise Http404
    if write:
        require_change(can_change_pipeline(user, group.centre_id))
    return group
