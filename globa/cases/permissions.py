"""The access functions for cases.

A case is seen by the case managers and the centre managers of the organisation that runs
it; anyone else gets 404. It is changed by its own case manager and by a centre manager of
the organisation; another case manager who can see it gets 403 when changing it.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404

from globa.accounts.models import Role, User
from globa.accounts.selectors import scope_for
from globa.cases.models import Action, FamilyCase
from globa.cases.selectors import cases_visible_to, with_deadline
from globa.core.views import uuid_or_404


def is_manager_of(user: User, organisation_id: int) -> bool:
    return scope_for(user).has_role(Role.CENTRE_MANAGER, organisation_id)


def can_edit_case(user: User, case: FamilyCase) -> bool:
    return case.case_manager_id == user.pk or is_manager_of(user, case.organisation_id)


def can_open_cases(user: User) -> list[int]:
    """The organisations where the user may open a case (take a referral)."""
    return sorted(scope_for(user).case_org_ids)


def access_case(user: User, case_id: str | uuid.UUID, *, write: bool = False) -> FamilyCase:
    case = (
        with_deadline(cases_visible_to(user))
        .select_related("organisation", "municipality", "case_manager")
        .filter(pk=uuid_or_404(case_id))
        .first()
    )
    if case is None:
        raise Http404
    if write and not can_edit_case(user, case):
        raise PermissionDenied
    return case


def access_action(user: User, case: FamilyCase, action_id: str | uuid.UUID) -> Action:
    action = case.actions.filter(pk=uuid_or_404(action_id)).first()
    if action is None:
        raise Http404
    return action
