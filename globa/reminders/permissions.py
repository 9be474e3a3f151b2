"""Who keeps reminders and tasks: the people whose work is with records (a centre's registry
or its cases); their start page lists them. Others (monitors, administrators, municipality
officers) have neither, and cannot add a task they would never see."""

from __future__ import annotations

from globa.accounts.models import User
from globa.accounts.selectors import require_page, scope_for


def keeps_tasks(user: User) -> bool:
    scope = scope_for(user)
    return bool(scope.registry_org_ids or scope.case_org_ids)


def access_tasks(user: User) -> None:
    """Adding a task: 403 for a role whose start page lists none."""
    require_page(keeps_tasks(user))
