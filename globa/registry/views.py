"""Registry pages. Views parse input, get records through the access functions, call a
service or selector and render; the same view answers htmx with a fragment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from globa.accounts.models import Role, User
from globa.accounts.selectors import REGISTRY_WRITE_ROLES, scope_for
from globa.core.views import apply_errors, is_htmx, request_user
from globa.lib import clock
from globa.lib.paging import page_of
from globa.organisations.models import Organisation
from globa.registry import permissions, selectors, services
from globa.registry.forms import (
    ChildFilterForm,
    ChildForm,
    CoordinatorForm,
    HouseholdAdultForm,
    HouseholdFilterForm,
    HouseholdForm,
    HouseholdOwnChildForm,
    PlacementEndForm,
    PlacementStartForm,
    RelativeForm,
)
from globa.registry.models import CarerHousehold, SiblingGroup
from globa.support import permissions as support_permissions
from globa.support import views as support_views

PAGE_SIZE = 25


def _check_child_rules(form: BaseForm) -> None:
    """Show the identifier and date rules too when other fields are wrong, so a person
    sees every problem at once."""
    try:
        services.validate_child(form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.error_dict.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, errors)


def _writable_centres(user: User) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(id__in=scope_for(user).org_ids_with(*REGISTRY_WRITE_ROLES))
        .filter(id__in=scope_for(user).registry_org_ids)
        .order_by("name")
    )


def _chosen_centre(form: BaseForm, centres: QuerySet[Organisation]) -> Organisation:
    return form.cleaned_data.get("centre") or centres[0]


# Children ---------------------------------------------------------------------------------


@login_required
@require_safe
def children_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not scope_for(user).registry_org_ids:
        raise PermissionDenied
    form = ChildFilterForm(
        request.GET or None,
        municipalities=selectors.municipalities(),
        coordinators=selectors.coordinators_for(user),
    )
    filters = selectors.ChildFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ChildFilters(
            query=data["q"] or "",
            status=data["status"] or "",
            setting=data["setting"] or "",
            municipality=data["municipality"].pk if data["municipality"] else None,
            coordinator=data["coordinator"].pk if data["coordinator"] else None,
        )
    page = page_of(selectors.search_children(user, filters), request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_create": _writable_centres(user).exists(),
    }
    template = (
        "registry/_children_results.html" if is_htmx(request) else "registry/children_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centres = _writable_centres(user)
    if not centres:
        raise PermissionDenied
    form = ChildForm(
        request.POST or None,
        municipalities=selectors.municipalities(),
        sibling_groups=SiblingGroup.objects.filter(centre__in=centres),
        centres=centres,
    )
    duplicates: list[Any] = []
    if request.method == "POST" and not form.is_valid():
        _check_child_rules(form)
    elif request.method == "POST":
        data = form.cleaned_data
        duplicates = list(
            selectors.likely_duplicates(
                user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
            )
        )
        if duplicates and not data.get("confirm_not_duplicate"):
            form.add_error(
                None,
                _(
                    "A child with the same name and birth date is already registered. Check the list below; "
                    "save only if this is a different child."
                ),
            )
        else:
            try:
                child = services.child_create(
                    by=user, centre=_chosen_centre(form, centres), data=data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The child was registered."))
                return redirect("registry:child", child_id=child.pk)
    return render(
        request,
        "registry/child_form.html",
        {"form": form, "duplicates": duplicates, "creating": True},
    )


@login_required
@require_safe
def child_detail(request: HttpRequest, child_id: str) -> HttpResponse:
    user = request_user(request)
    child = permissions.access_child(user, child_id)
    services.record_view(by=user, child=child)
    today = clock.today()
    placements = selectors.child_timeline(child)
    current = next((p for p in placements if p.ended_on is None), None)
    assignment = (
        selectors.current_assignment(current.household) if current and current.household else None
    )
    warnings = services.placement_warnings(current, today) if current else []
    is_manager = permissions.is_manager_of(user, child.centre_id)
    can_edit = permissions.can_edit_child(user, child, current)
    context = {
        "child": child,
        "placements": placements,
        "current": current,
        "assignment": assignment,
        "relatives": list(child.relatives.all()),
        "siblings": list(child.sibling_group.children.exclude(pk=child.pk))
        if child.sibling_group
        else [],
        "can_edit": can_edit,
        "is_manager": is_manager,
        "access_log": selectors.access_log_for_child(child) if is_manager else [],
        "age": child.age_on(today),
        "today": today,
        "warnings": warnings,
        **support_views.child_contacts(
            user,
            child,
            can_record=can_edit or support_permissions.records_any(user, child.centre_id),
        ),
    }
    return render(request, "registry/child_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, child_id: str) -> HttpResponse:
    user = request_user(request)
    child = permissions.access_child(user, child_id, write=True)
    form = ChildForm(
        request.POST or None,
        instance=child,
        municipalities=selectors.municipalities(),
        sibling_groups=SiblingGroup.objects.filter(centre_id=child.centre_id),
    )
    if request.method == "POST" and not form.is_valid():
        _check_child_rules(form)
    elif request.method == "POST":
        try:
            # The form validated against a copy; the service saves from the cleaned data.
            child.refresh_from_db()
            services.child_update(
                by=user, child=child, version=form.cleaned_data["version"], data=form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("registry:child", child_id=child.pk)
    return render(
        request, "registry/child_form.html", {"form": form, "child": child, "creating": False}
    )


@login_required
@require_http_methods(["GET", "POST"])
def relative_create(request: HttpRequest, child_id: str) -> HttpResponse:
    user = request_user(request)
    child = permissions.access_child(user, child_id, write=True)
    form = RelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.relative_add(by=user, child=child, data=form.cleaned_data)
        messages.success(request, _("The relative was added."))
        return redirect("registry:child", child_id=child.pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": _("Add a relative"),
            "back": child,
            "back_url": child_url(child),
        },
    )


def child_url(child: Any) -> str:
    from django.urls import reverse

    return reverse("registry:child", kwargs={"child_id": child.pk})


def household_url(household: Any) -> str:
    from django.urls import reverse

    return reverse("registry:household", kwargs={"household_id": household.pk})


# Placements -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def placement_start(request: HttpRequest, child_id: str) -> HttpResponse:
    user = request_user(request)
    child = permissions.access_child(user, child_id, write=True)
    households = (
        selectors.households_visible_to(user)
        .filter(status=CarerHousehold.Status.ACTIVE)
        .order_by("name")
    )
    if not permissions.is_manager_of(user, child.centre_id):
        households = households.filter(
            assignments__coordinator=user, assignments__ended_on__isnull=True
        )
    form = PlacementStartForm(
        request.POST or None,
        households=households,
        institutions=selectors.institutions_for(user),
        initial={"started_on": clock.today(), "household": request.GET.get("household")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = data.get("household")
        if household is not None and not permissions.can_edit_household(user, household):
            form.add_error(
                "household", _("You can place children only with households you coordinate.")
            )
        else:
            try:
                services.placement_start(
                    by=user,
                    child=child,
                    kind=data["kind"],
                    started_on=data["started_on"],
                    household=household,
                    institution=data.get("institution"),
                    is_emergency=data["is_emergency"],
                    notes=data["notes"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The placement was started."))
                return redirect("registry:child", child_id=child.pk)
    return render(request, "registry/placement_form.html", {"form": form, "child": child})


@login_required
@require_http_methods(["GET", "POST"])
def placement_end(request: HttpRequest, placement_id: str) -> HttpResponse:
    user = request_user(request)
    placement = permissions.access_placement(user, placement_id, write=True)
    form = PlacementEndForm(
        request.POST or None,
        initial={"ended_on": clock.today(), "version": placement.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            warnings = services.placement_end(
                by=user,
                placement=placement,
                ended_on=data["ended_on"],
                end_reason=data["end_reason"],
                version=data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The placement was ended."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("registry:child", child_id=placement.child_id)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": _("End the placement"),
            "back": placement.child,
            "back_url": child_url(placement.child),
            "placement": placement,
        },
    )


# Households -------------------------------------------------------------------------------


@login_required
@require_safe
def households_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not scope_for(user).registry_org_ids:
        raise PermissionDenied
    form = HouseholdFilterForm(request.GET or None)
    query = kind = status = ""
    if form.is_bound and form.is_valid():
        query, kind, status = (
            form.cleaned_data["q"],
            form.cleaned_data["kind"],
            form.cleaned_data["status"],
        )
    page = page_of(
        selectors.households_list(user, query, kind, status), request.GET.get("page"), PAGE_SIZE
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": params.urlencode(),
        "can_create": _can_manage_any(user),
    }
    template = (
        "registry/_households_results.html" if is_htmx(request) else "registry/households_list.html"
    )
    return render(request, template, context)


def _can_manage_any(user: User) -> bool:
    return bool(
        scope_for(user).org_ids_with(Role.CENTRE_MANAGER) & scope_for(user).registry_org_ids
    )


def _managed_centres(user: User) -> QuerySet[Organisation]:
    scope = scope_for(user)
    return Organisation.objects.filter(
        id__in=scope.org_ids_with(Role.CENTRE_MANAGER) & scope.registry_org_ids
    ).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centres = _managed_centres(user)
    if not centres:
        raise PermissionDenied
    form = HouseholdForm(
        request.POST or None,
        municipalities=selectors.municipalities(),
        coordinators=selectors.coordinators_for(user),
        centres=centres,
    )
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                by=user,
                centre=_chosen_centre(form, centres),
                coordinator=form.cleaned_data["coordinator"],
                data=form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The household was registered."))
            return redirect("registry:household", household_id=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "creating": True})


@login_required
@require_safe
def household_detail(request: HttpRequest, household_id: str) -> HttpResponse:
    user = request_user(request)
    household = permissions.access_household(user, household_id)
    services.record_view(by=user, household=household)
    page = selectors.household_page(household)
    assignment = next((a for a in page["assignments"] if a.ended_on is None), None)
    is_manager = permissions.is_manager_of(user, household.centre_id)
    context = {
        "household": household,
        **page,
        "assignment": assignment,
        "can_edit": is_manager or (assignment is not None and assignment.coordinator_id == user.pk),
        "is_manager": is_manager,
        "access_log": selectors.access_log_for_household(household) if is_manager else [],
        "today": clock.today(),
        **support_views.household_contacts(
            user,
            household,
            can_record=support_permissions.records_any(user, household.centre_id)
            or (assignment is not None and assignment.coordinator_id == user.pk),
        ),
    }
    return render(request, "registry/household_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, household_id: str) -> HttpResponse:
    user = request_user(request)
    household = permissions.access_household(user, household_id, write=True)
    form = HouseholdForm(
        request.POST or None, instance=household, municipalities=selectors.municipalities()
    )
    if request.method == "POST" and form.is_valid():
        try:
            household.refresh_from_db()
            services.household_update(
                by=user,
                household=household,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("registry:household", household_id=household.pk)
    return render(
        request,
        "registry/household_form.html",
        {"form": form, "household": household, "creating": False},
    )


def _household_part_form(
    request: HttpRequest, household_id: str, form_class: Any, add: Any, title: str, done: str
) -> HttpResponse:
    """Add one part of a household (an adult, an own child) with the given service."""
    user = request_user(request)
    household = permissions.access_household(user, household_id, write=True)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add(by=user, household=household, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("registry:household", household_id=household.pk)
    return render(
        request,
        "registry/simple_form.html",
        {"form": form, "title": title, "back": household, "back_url": household_url(household)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_adult_create(request: HttpRequest, household_id: str) -> HttpResponse:
    return _household_part_form(
        request,
        household_id,
        HouseholdAdultForm,
        services.household_adult_add,
        _("Add an adult"),
        _("The adult was added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_own_child_create(request: HttpRequest, household_id: str) -> HttpResponse:
    return _household_part_form(
        request,
        household_id,
        HouseholdOwnChildForm,
        services.household_own_child_add,
        _("Add the family's own child"),
        _("The child was added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_coordinator(request: HttpRequest, household_id: str) -> HttpResponse:
    user = request_user(request)
    household = permissions.access_household(user, household_id)
    permissions.require_manager(user, household.centre_id)
    form = CoordinatorForm(
        request.POST or None,
        coordinators=selectors.coordinators_for(user).filter(
            memberships__organisation_id=household.centre_id
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.coordinator_assign(
                by=user,
                household=household,
                coordinator=form.cleaned_data["coordinator"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The coordinator was assigned."))
            return redirect("registry:household", household_id=household.pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": _("Assign a coordinator"),
            "back": household,
            "back_url": household_url(household),
        },
    )
