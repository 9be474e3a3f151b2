from typing import Any

from django.conf import settings
from django.http import HttpRequest

from globa.accounts.models import Role
from globa.accounts.selectors import scope_for


def session_timing() -> dict[str, int]:
    """When the page warns that an idle session is about to end. A request renews the
    session at most once per renewal interval, so the page counts from its last request
    less that interval: it never promises more time than the session has."""
    idle = max(settings.SESSION_COOKIE_AGE - settings.GLOBA_SESSION_RENEW_SECONDS, 1)
    return {
        "session_idle_seconds": idle,
        "session_warn_seconds": min(settings.GLOBA_SESSION_WARN_SECONDS, idle // 2),
    }


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
        **session_timing(),
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
