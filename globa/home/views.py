"""Start pages per role, and the error pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from globa.accounts.models import Role, User
from globa.accounts.selectors import scope_for
from globa.organisations.models import Organisation
from globa.registry import selectors
from globa.support import selectors as support_selectors


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The start page: what this user works on, by role."""
    user = request.user
    assert isinstance(user, User)
    scope = scope_for(user)
    context = {
        "roles": [Role(role).label for role in sorted(scope.roles)],
        "organisations": Organisation.objects.filter(id__in=scope.roles_by_org.keys()).order_by(
            "name"
        ),
        "day": support_selectors.working_day(user, timezone.localdate())
        if scope.has_role(Role.COORDINATOR)
        else None,
        "centres": selectors.centre_overview(user) if scope.has_role(Role.CENTRE_MANAGER) else None,
        "has_registry": bool(scope.registry_org_ids),
        "today": timezone.localdate(),
        "no_personal_data": not scope.registry_org_ids,
    }
    return render(request, "home/start.html", context)


@login_required
def ping(request: HttpRequest) -> HttpResponse:
    """The smallest logged-in page: the floor for the benchmark."""
    return HttpResponse("ok", content_type="text/plain")
