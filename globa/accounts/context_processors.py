from typing import Any

from django.http import HttpRequest

from globa.accounts.models import Role
from globa.accounts.selectors import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header shows: which sections this user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_registry": False,
            "nav_cases": False,
            "nav_staff": False,
            "nav_imports": False,
            "nav_data_protection": False,
            "nav_monitoring": False,
        }
    scope = scope_for(user)
    return {
        "nav_registry": bool(scope.registry_org_ids),
        "nav_cases": bool(scope.case_org_ids),
        "nav_staff": scope.has_role(Role.ADMINISTRATOR) or bool(scope.managed_centre_ids),
        "nav_imports": bool(scope.managed_centre_ids),
        "nav_data_protection": bool(scope.data_protection_org_ids or scope.managed_centre_ids),
        "nav_subject_requests": bool(scope.data_protection_org_ids),
        # The figures of the centre, the municipality or the country (globa.monitoring).
        "nav_monitoring": bool(
            scope.roles & {Role.CENTRE_MANAGER, Role.MUNICIPALITY_OFFICER, Role.NATIONAL_MONITOR}
        ),
    }
