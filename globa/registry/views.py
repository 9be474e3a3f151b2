"""Registry pages. Views parse input, get records through the access functions, call a
service or selector and render; the same view answers htmx with a fragment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from globa.accounts.selectors import scope_for
from globa.audit.exports import export_list
from globa.audit.selectors import who_has_seen
from globa.core.lists import Column, ListSpec
from globa.core.parts import parts_for
from globa.core.views import (
    FormPage,
    apply_errors,
    form_page,
    is_htmx,
    request_user,
    save_once,
)
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

PAGE_SIZE = 25


def _lives_now(child: Any) -> str:
    return child.current_household_name or child.current_institution_name or ""


CHILDREN = ListSpec(
    name="children",
    title=gettext_lazy("Children"),
    columns=(
        Column(
            "name",
            gettext_lazy("Name"),
            lambda c: f"{c.first_name} {c.last_name}",
            order=("last_name", "first_name"),
            text=True,
        ),
        Column("born", gettext_lazy("Birth date"), lambda c: c.birth_date, order=("birth_date",)),
        Column(
            "code",
            gettext_lazy("Personal code"),
            lambda c: c.personal_code or c.other_identifier,
            order=("personal_code",),
        ),
        Column(
            "lives",
            gettext_lazy("Lives now"),
            _lives_now,
            order=("current_household_name", "current_institution_name"),
            text=True,
        ),
        Column(
            "municipality",
            gettext_lazy("Municipality"),
            lambda c: c.municipality.name,
            order=("municipality__name",),
            text=True,
        ),
        Column(
            "status", gettext_lazy("Status"), lambda c: c.get_status_display(), order=("status",)
        ),
    ),
    filters=("q", "status", "setting", "municipality", "coordinator"),
)

HOUSEHOLDS = ListSpec(
    name="households",
    title=gettext_lazy("Households"),
    columns=(
        Column("name", gettext_lazy("Household"), lambda h: h.name, order=("name",), text=True),
        Column("kind", gettext_lazy("Type"), lambda h: h.get_kind_display(), order=("kind",)),
        Column(
            "municipality",
            gettext_lazy("Municipality"),
            lambda h: h.municipality.name if h.municipality else "",
            order=("municipality__name",),
            text=True,
        ),
        Column(
            "placed",
            gettext_lazy("Children placed"),
            lambda h: h.placed_now,
            order=("placed_now",),
            numeric=True,
        ),
        Column(
            "coordinator",
            gettext_lazy("Coordinator"),
            lambda h: " ".join(n for n in (h.coordinator_first, h.coordinator_last) if n),
            order=("coordinator_last", "coordinator_first"),
            text=True,
        ),
        Column(
            "status", gettext_lazy("Status"), lambda h: h.get_status_display(), order=("status",)
        ),
    ),
    filters=("q", "kind", "status"),
)


def _check_child_rules(form: BaseForm) -> None:
    """Show the identifier and date rules too when other fields are wrong, so a person
    sees every problem at once."""
    try:
        services.validate_child(form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.error_dict.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, errors)


def _chosen_centre(form: BaseForm, centres: Any) -> Organisation:
    return form.cleaned_data.get("centre") or centres[0]


# Children ---------------------------------------------------------------------------------


@login_required
@require_safe
def children_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scope = permissions.access_registry(user)
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
    listing = CHILDREN.read(request.GET)
    children = listing.order(selectors.search_children(user, filters))
    if listing.export:
        return export_list(user, listing, children.iterator())
    page = page_of(children, request.GET.get("page"), PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "listing": listing,
        "query": listing.page_query,
        "can_create": bool(scope.registry_writer_org_ids),
    }
    template = (
        "registry/_children_results.html" if is_htmx(request) else "registry/children_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centres = permissions.access_registering_centres(user)
    form = ChildForm(
        request.POST or None,
        municipalities=selectors.municipalities(),
        sibling_groups=selectors.sibling_groups_visible_to(user, centres),
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
                url, first = save_once(
                    request,
                    form,
                    lambda data: services.child_create(
                        by=user, centre=_chosen_centre(form, centres), data=data
                    ),
                    child_url,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if first:
                    messages.success(request, _("The child was registered."))
                return redirect(url or reverse("registry:children"))
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
    today = clock.today()
    placements = selectors.child_timeline(child)
    current = next((p for p in placements if p.ended_on is None), None)
    assignment = (
        selectors.current_assignment(current.household) if current and current.household else None
    )
    warnings = services.placement_warnings(current, today) if current else []
    is_manager = scope_for(user).manages(child.centre_id)
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
        "access_log": who_has_seen(child) if is_manager else [],
        "age": child.age_on(today),
        "today": today,
        "warnings": warnings,
        # What apps built on the registry show here (assessments, the service plan).
        "parts": parts_for("child", user, child),
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
        sibling_groups=selectors.sibling_groups_visible_to(user, [child.centre_id]),
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
    return form_page(
        request,
        RelativeForm(request.POST or None),
        FormPage(
            _("Add a relative"), child_url(child), str(child), done=_("The relative was added.")
        ),
        lambda data: services.relative_add(by=user, child=child, data=data),
    )


def child_url(child: Any) -> str:
    return reverse("registry:child", kwargs={"child_id": child.pk})


def household_url(household: Any) -> str:
    return reverse("registry:household", kwargs={"household_id": household.pk})


# Placements -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def placement_start(request: HttpRequest, child_id: str) -> HttpResponse:
    user = request_user(request)
    child = permissions.access_child(user, child_id, write=True)
    form = PlacementStartForm(
        request.POST or None,
        households=selectors.households_to_place_with(user, child),
        institutions=selectors.institutions_for(user),
        initial={"started_on": clock.today(), "household": request.GET.get("household")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_start(
                by=user,
                child=child,
                kind=data["kind"],
                started_on=data["started_on"],
                household=data.get("household"),
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

    def save(data: dict[str, Any]) -> None:
        for warning in services.placement_end(
            by=user,
            placement=placement,
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            version=data["version"],
        ):
            messages.warning(request, warning)

    where = placement.household or placement.institution
    since = _("Placement with %(where)s since %(start)s") % {
        "where": where,
        "start": placement.started_on.isoformat(),
    }
    page = FormPage(
        _("End the placement"),
        child_url(placement.child),
        str(placement.child),
        subtitle=since,
        done=_("The placement was ended."),
    )
    return form_page(request, form, page, save)


# Households -------------------------------------------------------------------------------


@login_required
@require_safe
def households_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scope = permissions.access_registry(user)
    form = HouseholdFilterForm(request.GET or None)
    query = kind = status = ""
    if form.is_bound and form.is_valid():
        query, kind, status = (
            form.cleaned_data["q"],
            form.cleaned_data["kind"],
            form.cleaned_data["status"],
        )
    listing = HOUSEHOLDS.read(request.GET)
    households = listing.order(selectors.households_list(user, query, kind, status))
    if listing.export:
        return export_list(user, listing, households.iterator())
    page = page_of(households, request.GET.get("page"), PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "listing": listing,
        "query": listing.page_query,
        "can_create": bool(scope.managed_centre_ids),
    }
    template = (
        "registry/_households_results.html" if is_htmx(request) else "registry/households_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centres = permissions.access_managed_centres(user)
    form = HouseholdForm(
        request.POST or None,
        municipalities=selectors.municipalities(),
        coordinators=selectors.coordinators_for(user),
        centres=centres,
    )
    if request.method == "POST" and form.is_valid():
        try:
            url, first = save_once(
                request,
                form,
                lambda data: services.household_create(
                    by=user,
                    centre=_chosen_centre(form, centres),
                    coordinator=data["coordinator"],
                    data=data,
                ),
                household_url,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if first:
                messages.success(request, _("The household was registered."))
            return redirect(url or reverse("registry:households"))
    return render(request, "registry/household_form.html", {"form": form, "creating": True})


@login_required
@require_safe
def household_detail(request: HttpRequest, household_id: str) -> HttpResponse:
    user = request_user(request)
    household = permissions.access_household(user, household_id)
    page = selectors.household_page(household)
    assignment = next((a for a in page["assignments"] if a.ended_on is None), None)
    is_manager = scope_for(user).manages(household.centre_id)
    context = {
        "household": household,
        **page,
        "assignment": assignment,
        "can_edit": permissions.can_edit_household(user, household),
        "is_manager": is_manager,
        "access_log": who_has_seen(household) if is_manager else [],
        "today": clock.today(),
        "parts": parts_for("household", user, household),
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
    return form_page(
        request,
        form_class(request.POST or None),
        FormPage(title, household_url(household), str(household), done=done),
        lambda data: add(by=user, household=household, data=data),
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
    household = permissions.access_household(user, household_id, manage=True)
    form = CoordinatorForm(
        request.POST or None,
        coordinators=selectors.coordinators_for(user).filter(
            memberships__organisation_id=household.centre_id
        ),
    )
    page = FormPage(
        _("Assign a coordinator"),
        household_url(household),
        str(household),
        done=_("The coordinator was assigned."),
    )
    return form_page(
        request,
        form,
        page,
        lambda data: services.coordinator_assign(
            by=user, household=household, coordinator=data["coordinator"], reason=data["reason"]
        ),
    )
