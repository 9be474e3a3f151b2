"""Recording a contact: inline on the household and child pages (htmx), or as a page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from globa.accounts.models import User
from globa.accounts.selectors import scope_for
from globa.core.views import apply_errors, is_htmx, request_user
from globa.registry import permissions as registry_permissions
from globa.registry import selectors as registry_selectors
from globa.registry.models import CarerHousehold, Child
from globa.support import permissions, selectors, services
from globa.support.forms import HOUSEHOLD, ContactForm

Resolve = Callable[[list[str]], tuple[CarerHousehold | None, list[Child]]]


def household_contacts(user: User, household: CarerHousehold, can_record: bool) -> dict[str, Any]:
    """The contacts section of the household page."""
    return {
        "post_url": reverse("support:household_contact", kwargs={"household_id": household.pk}),
        "recent": selectors.recent_for_household(user, household),
        "can_record": can_record,
        "contact_form": None,
    }


def child_contacts(user: User, child: Child, can_record: bool) -> dict[str, Any]:
    """The contacts section of the child page."""
    return {
        "post_url": reverse("support:child_contact", kwargs={"child_id": child.pk}),
        "recent": selectors.recent_for_child(user, child),
        "can_record": can_record,
        "contact_form": None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def household_contact(request: HttpRequest, household_id: str) -> HttpResponse:
    user = request_user(request)
    household = registry_permissions.access_household(user, household_id)
    if not permissions.can_record_for_household(user, household):
        raise PermissionDenied
    today = timezone.localdate()
    children = [
        placement.child
        for placement in registry_selectors.placements_active_on(household, today)
        .select_related("child")
        .order_by("child__birth_date")
    ]

    def resolve(values: list[str]) -> tuple[CarerHousehold | None, list[Child]]:
        chosen = household if HOUSEHOLD in values else None
        return chosen, [child for child in children if str(child.pk) in values]

    return _contact(
        request,
        user,
        record=household,
        recipients=[(HOUSEHOLD, household.name), *((str(c.pk), str(c)) for c in children)],
        resolve=resolve,
        section=lambda: household_contacts(user, household, True),
        page_url=reverse("registry:household", kwargs={"household_id": household.pk}),
        home_visit=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def child_contact(request: HttpRequest, child_id: str) -> HttpResponse:
    user = request_user(request)
    child = registry_permissions.access_child(user, child_id)
    if not permissions.can_record_for_child(user, child):
        raise PermissionDenied

    def resolve(values: list[str]) -> tuple[CarerHousehold | None, list[Child]]:
        return None, [child] if str(child.pk) in values else []

    return _contact(
        request,
        user,
        record=child,
        recipients=[(str(child.pk), str(child))],
        resolve=resolve,
        section=lambda: child_contacts(user, child, True),
        page_url=reverse("registry:child", kwargs={"child_id": child.pk}),
        home_visit=False,
    )


def _contact(
    request: HttpRequest,
    user: User,
    *,
    record: CarerHousehold | Child,
    recipients: list[tuple[str, str]],
    resolve: Resolve,
    section: Callable[[], dict[str, Any]],
    page_url: str,
    home_visit: bool,
) -> HttpResponse:
    today = timezone.localdate()
    provider_id = record.centre_id
    scope = scope_for(user)
    form = ContactForm(
        request.POST or None,
        services=selectors.services_provided(provider_id, today),
        recipients=recipients,
        role=next(iter(sorted(scope.roles_by_org.get(provider_id, frozenset()))), None),
        today=today,
        home_visit=home_visit,
    )
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = ""
    saved = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household, children = resolve(data["recipients"])
        try:
            deliveries = services.record_contact(
                by=user,
                provider_id=provider_id,
                contact=services.Contact(
                    service=data["service"],
                    delivered_on=data["delivered_on"],
                    minutes=data["minutes"],
                    form=data["mode"],
                    notes=data["notes"],
                ),
                household=household,
                children=children,
                today=today,
            )
        except ValidationError as error:
            apply_errors(form, error, {"form": "mode"})
        else:
            saved = message = ngettext(
                "Recorded: %(service)s, for %(count)d recipient.",
                "Recorded: %(service)s, for %(count)d recipients.",
                len(deliveries),
            ) % {"service": data["service"].name, "count": len(deliveries)}
            if not is_htmx(request):
                messages.success(request, message)
                return redirect(back or page_url)
    context = {
        "record": record,
        "page_url": page_url,
        "back": back,
        **section(),
        "contact_form": None if saved or "closed" in request.GET else form,
        "saved": saved,
    }
    if is_htmx(request):
        return render(request, "support/_contacts.html", context)
    return render(request, "support/contact_page.html", context)
