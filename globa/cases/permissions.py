"""The access functions for cases.

A case is seen by the case managers and the centre managers of the organisation that runs
it; anyone else gets 404. It is changed by its own case manager and by a centre manager of
the organisation; another case manager who can see it gets 403 when changing it.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from globa.accounts.models import User
from globa.accounts.selectors import require_change, require_page, scope_for
from globa.audit import services as audit
from globa.cases.models import Action, FamilyCase
from globa.cases.selectors import cases_visible_to, with_deadline
from globa.core.views import uuid_or_404


def can_edit_case(user: User, case: FamilyCase) -> bool:
    """The case's own case manager (while they work there) and the organisation's managers."""
    scope = scope_for(user)
    return scope.manages(case.organisation_id) or (
        case.case_manager_id == user.pk and scope.works_with_cases(case.organisation_id)
    )


def can_mark_done(user: User, case: FamilyCase, action: Action) -> bool:
    """Whoever may change the case, and the colleague the action was given to."""
    return can_edit_case(user, case) or (
        action.responsible_user_id == user.pk
        and scope_for(user).works_with_cases(case.organisation_id)
    )


def can_reassign_case(user: User, case: FamilyCase) -> bool:
    """Handing a case to another case manager is the organisation's managers' decision."""
    return scope_for(user).manages(case.organisation_id)


def can_open_cases(user: User) -> list[int]:
    """The organisations where the user may open a case (take a referral)."""
    return sorted(scope_for(user).case_org_ids)


def access_cases(user: User) -> list[int]:
    """The cases pages: the organisations whose cases the user works with; 403 for none."""
    org_ids = can_open_cases(user)
    require_page(bool(org_ids))
    return org_ids


def access_case(
    user: User, case_id: str | uuid.UUID, *, write: bool = False, reassign: bool = False
) -> FamilyCase:
    case = (
        with_deadline(cases_visible_to(user))
        .select_related("organisation", "municipality", "case_manager")
        .filter(pk=uuid_or_404(case_id))
        .first()
    )
    if case is None:
        raise Http404
    if write:
        require_change(can_edit_case(user, case))
    if reassign:
        require_change(can_reassign_case(user, case))
    # Handing the case to a page is showing it.
    audit.record_view(by=user, record=case, what=audit.EDIT if write or reassign else audit.VIEW)
    return case


def access_action(
    user: User, case: FamilyCase, action_id: str | uuid.UUID, *, mark_done: bool = False
) -> Action:
    """An action of the case (404 otherwise); with ``mark_done``, 403 unless the user may
    mark it done."""
    action = case.actions.filter(pk=uuid_or_404(action_id)).first()
    if action is None:
        raise Http404
    if mark_done:
        require_change(can_mark_done(user, case, action))
    return action
