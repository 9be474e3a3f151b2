"""The access functions for on-call care.

An on-call carer is a household of the registry: whoever may see the household sees the
carer's page, anyone else gets 404 (so does a household that is not an on-call carer's).
The centre manager records and ends contracts and sets the matching weights; coordinators
and the manager record respite and match children with carers; a specialist who can see
the carer gets 403 when changing anything. The predicates are the registry's: who changes
a centre's on-call care is who changes its registry.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from globa.accounts.models import User
from globa.accounts.selectors import require_change, scope_for
from globa.core.views import uuid_or_404
from globa.oncall.models import Contract, PlacementRequest
from globa.oncall.selectors import requests_visible_to
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, HouseholdKind
from globa.registry.permissions import access_household


def manages(user: User, centre_id: int) -> bool:
    """Records contracts, ends them early, sets the matching weights."""
    return scope_for(user).manages(centre_id)


def works_with(user: User, centre_id: int) -> bool:
    """Records respite, matches children with carers (coordinators and the manager)."""
    return scope_for(user).writes_registry(centre_id)


def access_on_call_carer(
    user: User, household_id: str | uuid.UUID, *, manage: bool = False
) -> CarerHousehold:
    """The household of an on-call carer the user may see; 404 for any other. With
    ``manage``, 403 unless the user manages its centre (contracts)."""
    household = access_household(user, household_id, manage=manage)
    if household.kind != HouseholdKind.ON_CALL:
        raise Http404
    return household


def access_contract(
    user: User,
    household_id: str | uuid.UUID,
    contract_id: str | uuid.UUID,
    *,
    write: bool = False,
    manage: bool = False,
) -> Contract:
    """One of the on-call carer's contracts (404 for another carer's or none). With
    ``write``, 403 unless the user may record for it (respite); with ``manage``, unless they
    manage the centre (end it early)."""
    household = access_on_call_carer(user, household_id)
    contract = (
        household.contracts.select_related("household").filter(pk=uuid_or_404(contract_id)).first()
    )
    if contract is None:
        raise Http404
    if write:
        require_change(works_with(user, contract.centre_id))
    if manage:
        require_change(manages(user, contract.centre_id))
    return contract


def check_weights(user: User, centre: Organisation) -> None:
    """Only the manager of a care centre sets its matching weights."""
    require_change(centre.kind == Organisation.Kind.CARE_CENTRE and manages(user, centre.pk))


def access_request(user: User, request_id: str) -> PlacementRequest:
    """A placement request between centres: seen by the people of both centres (404 for
    anyone else); its page shows no child's name to the receiving centre before it accepts."""
    request = requests_visible_to(user).filter(pk=uuid_or_404(request_id)).first()
    if request is None:
        raise Http404
    return request


def answers_request(user: User, request: PlacementRequest) -> bool:
    """Accepting or declining is the receiving centre's manager's decision."""
    return scope_for(user).manages(request.to_centre_id)
