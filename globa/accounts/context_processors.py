from typing import Any

from django.http import HttpRequest

from globa.accounts.selectors import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header shows: which sections this user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_registry": False}
    return {"nav_registry": bool(scope_for(user).registry_org_ids)}
