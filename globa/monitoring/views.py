"""The dashboards: a centre's, a municipality's, the country's and the public figures; the
exports they offer, made in the background; the open data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.accounts.selectors import require_page
from globa.core.views import FormPage, form_page, is_htmx, request_user
from globa.lib import clock
from globa.lib.collation import lt
from globa.monitoring import forms, permissions, selectors, services
from globa.monitoring.compute import COUNTRY
from globa.monitoring.exports import csv_bytes, suppression_note
from globa.monitoring.indicators import BY_CODE
from globa.monitoring.models import (
    Export,
    TransformationMilestone,
    TransformationPlan,
    TransformationResidents,
)
from globa.monitoring.permissions import View

TILE_DEFAULT = "children_in_care"
TILE_CHOICES = (
    "children_in_care",
    "family_care_share",
    "kept_out",
    "on_call_carers",
    "services",
    "ngo_share",
)
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
OVERVIEW = (
    "children_in_care",
    "family_care_share",
    "entries",
    "exits",
    "kept_out",
    "on_call_carers",
    "services",
    "people_served",
    "ngo_share",
    "cases_opened",
)


def _url(view: View) -> str:
    if view.area.level == COUNTRY:
        return reverse("monitoring:country")
    return reverse(
        "monitoring:dashboard", kwargs={"level": view.area.level, "area_id": view.area.id}
    )


def _context(request: HttpRequest, view: View, *, public: bool = False) -> dict[str, object]:
    form, period = forms.period_from(
        request.GET, clock.today(), counties=view.area.level == COUNTRY, exact=view.exact
    )
    board = selectors.dashboard(view, period)
    chosen = request.GET.get("map", "")
    tile_code = chosen if chosen in TILE_CHOICES else TILE_DEFAULT
    national = view.area.level == COUNTRY
    overview = [board.figure(code) for code in OVERVIEW]
    in_care = board.figure("children_in_care")
    return {
        "view": view,
        "board": board,
        "form": form,
        "title": selectors.area_title(view),
        "note": suppression_note(board),
        "tiles": selectors.tiles(board, tile_code) if national else None,
        "tile_figure": board.figure(tile_code),
        "tile_choices": [BY_CODE[c] for c in TILE_CHOICES],
        "overview": overview,
        "rates": in_care.rates,
        "rate": in_care.rate,
        "overview_rows": [
            (
                place,
                [f.by_place.get(place.id) for f in overview],
                in_care.rates.get(place.id) if in_care.rates else None,
            )
            for place in board.shown_places
        ]
        if view.by is not None
        else [],
        "county_rows": [
            row
            for row in selectors.county_rows(board, list(OVERVIEW))
            if view.county is None or row[0] == view.county.name_lt
        ]
        if national
        else [],
        "public": public,
        "query": urlencode([(k, str(v)) for k, v in request.GET.items()]),
    }


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The reader's own dashboard."""
    user = request_user(request)
    require_page(permissions.may_monitor(user))
    views = permissions.views_for(user)
    require_page(bool(views))
    return redirect(_url(views[0]))


@login_required
@require_safe
def dashboard(
    request: HttpRequest, level: str = COUNTRY, area_id: int | None = None
) -> HttpResponse:
    user = request_user(request)
    view = permissions.access_view(user, level, area_id, request.GET.get("county", ""))
    context = _context(request, view)
    context["views"] = [(v, _url(v)) for v in permissions.views_for(user)]
    context["exports"] = services.exports_of(user)
    context["export_form"] = forms.ExportForm()
    context["surveys"] = permissions.may_run_surveys(user)
    context["reviews"] = permissions.may_see_reviews(user)
    template = "monitoring/_board.html" if is_htmx(request) else "monitoring/dashboard.html"
    return render(request, template, context)


@require_safe
def public(request: HttpRequest) -> HttpResponse:
    """The national figures for everyone, under disclosure control."""
    view = permissions.public(request.GET.get("county", "")[:10])
    return render(request, "monitoring/public.html", _context(request, view, public=True))


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The public figures as open data (CSV), as the public page shows them."""
    _form, period = forms.period_from(request.GET, clock.today(), exact=False)
    view = permissions.public(request.GET.get("county", "")[:10])
    board = selectors.dashboard(view, period, with_charts=False)
    response = HttpResponse(csv_bytes(board), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="globa-rodikliai-{period.slug}.csv"'
    return response


@login_required
@require_POST
def export_create(
    request: HttpRequest, level: str = COUNTRY, area_id: int | None = None
) -> HttpResponse:
    """Ask for an export of the dashboard as it is shown (its area and period)."""
    user = request_user(request)
    view = permissions.access_view(user, level, area_id, request.GET.get("county", ""))
    _form, period = forms.period_from(
        request.GET, clock.today(), counties=view.area.level == COUNTRY, exact=view.exact
    )
    form = forms.ExportForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "monitoring/export_refused.html",
            {"form": form, "back": _url(view)},
            status=400,
        )
    export = services.export_request(
        by=user,
        view=view,
        period=period,
        report=form.cleaned_data["report"],
        format=form.cleaned_data["format"],
    )
    return redirect("monitoring:export", export_id=export.pk)


@login_required
@require_safe
def export(request: HttpRequest, export_id: str) -> HttpResponse:
    """How far the export got; the file when it is ready."""
    found = permissions.access_export(request_user(request), export_id)
    context = {
        "export": found,
        "in_progress": found.status in (Export.Status.WAITING, Export.Status.RUNNING),
    }
    template = "monitoring/_export_status.html" if is_htmx(request) else "monitoring/export.html"
    return render(request, template, context)


@login_required
@require_safe
def export_file(request: HttpRequest, export_id: str) -> HttpResponse:
    found = permissions.access_export(request_user(request), export_id)
    if found.status != Export.Status.READY or found.content is None:
        return redirect("monitoring:export", export_id=found.pk)
    response = HttpResponse(bytes(found.content), content_type=CONTENT_TYPES[found.format])
    response["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
    return response


# Institution transformation ------------------------------------------------------------------


def _plan_url(plan: TransformationPlan) -> str:
    return reverse("monitoring:transformation_plan", kwargs={"transformation_id": plan.pk})


@login_required
@require_safe
def transformation_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_page(permissions.may_track_transformation(user))
    institutions = permissions.transformation_institutions(user)
    context = {
        "plans": selectors.transformation_plans(institutions),
        "without_plan": institutions.filter(transformation_plan__isnull=True).order_by(*lt("name")),
        "today": clock.today(),
    }
    return render(request, "monitoring/transformation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transformation_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_page(permissions.may_track_transformation(user))
    institutions = permissions.transformation_institutions(user)
    if request.method != "POST":
        # Offered: those without a plan; a repeated submit of a saved plan is still its own.
        institutions = institutions.filter(transformation_plan__isnull=True)
    form = forms.TransformationPlanForm(
        request.POST or None,
        institutions=institutions.order_by(*lt("name")),
        initial={"status_since": clock.today(), "institution": request.GET.get("institution")},
    )

    def save(data: dict[str, Any]) -> TransformationPlan:
        return services.transformation_plan_create(
            by=user,
            institution=data["institution"],
            status=data["status"],
            status_since=data["status_since"],
            places_to_close=data["places_to_close"],
            notes=data["notes"],
        )

    page = FormPage(
        _("New transformation plan"),
        reverse("monitoring:transformation"),
        _("Institution transformation"),
        done=_("The transformation plan was saved."),
    )
    return form_page(request, form, page, save, then=_plan_url)


@login_required
@require_safe
def transformation_plan(request: HttpRequest, transformation_id: int) -> HttpResponse:
    plan = permissions.access_transformation_plan(request_user(request), transformation_id)
    context = {
        "plan": plan,
        "changes": plan.changes.all(),
        "milestones": plan.milestones.all(),
        "residents": plan.residents.all(),
        "totals": selectors.transformation_totals(plan),
        "today": clock.today(),
    }
    return render(request, "monitoring/transformation_plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transformation_update(request: HttpRequest, transformation_id: int) -> HttpResponse:
    user = request_user(request)
    plan = permissions.access_transformation_plan(user, transformation_id)
    form = forms.TransformationPlanChangeForm(
        request.POST or None,
        initial={
            "version": plan.version,
            "status": plan.status,
            "status_since": plan.status_since,
            "places_to_close": plan.places_to_close,
            "notes": plan.notes,
        },
    )

    def save(data: dict[str, Any]) -> TransformationPlan:
        return services.transformation_plan_update(
            by=user,
            plan=plan,
            version=data["version"],
            status=data["status"],
            status_since=data["status_since"],
            places_to_close=data["places_to_close"],
            notes=data["notes"],
        )

    page = FormPage(
        _("Change the transformation plan"),
        _plan_url(plan),
        plan.institution.name,
        done=_("The transformation plan was saved."),
    )
    return form_page(request, form, page, save)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, transformation_id: int) -> HttpResponse:
    user = request_user(request)
    plan = permissions.access_transformation_plan(user, transformation_id)
    form = forms.MilestoneForm(request.POST or None)
    del form.fields["version"]

    def save(data: dict[str, Any]) -> TransformationMilestone:
        return services.milestone_create(
            by=user, plan=plan, title=data["title"], due_on=data["due_on"], done_on=data["done_on"]
        )

    page = FormPage(
        _("New milestone"),
        _plan_url(plan),
        plan.institution.name,
        done=_("The milestone was saved."),
    )
    return form_page(request, form, page, save)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_update(
    request: HttpRequest, transformation_id: int, milestone_id: int
) -> HttpResponse:
    user = request_user(request)
    milestone = permissions.access_milestone(user, transformation_id, milestone_id)
    form = forms.MilestoneForm(
        request.POST or None,
        initial={
            "version": milestone.version,
            "title": milestone.title,
            "due_on": milestone.due_on,
            "done_on": milestone.done_on,
        },
    )
    del form.fields["submission"]

    def save(data: dict[str, Any]) -> TransformationMilestone:
        return services.milestone_update(
            by=user,
            milestone=milestone,
            version=data["version"],
            title=data["title"],
            due_on=data["due_on"],
            done_on=data["done_on"],
        )

    page = FormPage(
        _("Change the milestone"),
        _plan_url(milestone.plan),
        milestone.plan.institution.name,
        done=_("The milestone was saved."),
    )
    return form_page(request, form, page, save)


@login_required
@require_http_methods(["GET", "POST"])
def residents_create(request: HttpRequest, transformation_id: int) -> HttpResponse:
    user = request_user(request)
    plan = permissions.access_transformation_plan(user, transformation_id)
    form = forms.ResidentsForm(request.POST or None, initial={"counted_on": clock.today()})

    def save(data: dict[str, Any]) -> TransformationResidents:
        return services.residents_record(
            by=user,
            plan=plan,
            kind=data["kind"],
            counted_on=data["counted_on"],
            count=data["count"],
        )

    page = FormPage(
        _("Record residents"),
        _plan_url(plan),
        plan.institution.name,
        subtitle=_(
            "How many residents were assessed, got an individual plan or moved on that day."
        ),
        done=_("The number of residents was recorded."),
    )
    return form_page(request, form, page, save)
