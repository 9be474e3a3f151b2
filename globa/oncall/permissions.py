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

from django.core.exceptions import PermissionDenied
from django.http import Http404

from globa.accounts.models import User
from globa.core.views import uuid_or_404
from globa.oncall.models import Contract
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold, HouseholdKind
from globa.registry.permissions import access_household, can_write_in, is_manager_of


def manages(user: User, centre_id: int) -> bool:
    """Records contracts, ends them early, sets the matching weights."""
    return is_manager_of(user, centre_id)


def works_with(user: User, centre_id: int) -> bool:
    """Records respite, matches children with carers (coordinators and the manager)."""
    return can_write_in(user, centre_id)


def access_on_call_carer(user: User, household_id: str | uuid.UUID) -> CarerHousehold:
    """The household of an on-call carer the user may see; 404 for any other."""
    household = access_household(user, household_id)
    if household.kind != HouseholdKind.ON_CALL:
        raise Http404
    return household


def access_contract(
    user: User, household_id: str | uuid.UUID, contract_id: str | uuid.UUID
) -> Contract:
    """One of the on-call carer's contracts (404 for another carer's or none)."""
    household = access_on_call_carer(user, household_id)
    contract = (
        household.contracts.select_related("household").filter(pk=uuid_or_404(contract_id)).first()
    )
    if contract is None:
        raise Http404
    return contract


def check_weights(user: User, centre: Organisation) -> None:
    """Only the manager of a care centre sets its matching weights."""
    if centre.kind != Organisation.Kind.CARE_CENTRE or not manages(user, centre.pk):
        raise PermissionDenied
