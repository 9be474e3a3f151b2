"""The dashboards: a centre's, a municipality's, the country's and the public figures; the
exports they offer, made in the background; the open data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from globa.accounts.selectors import require_page
from globa.core.views import is_htmx, request_user
from globa.lib import clock
from globa.monitoring import forms, permissions, selectors, services
from globa.monitoring.compute import COUNTRY
from globa.monitoring.exports import csv_bytes, suppression_note
from globa.monitoring.indicators import BY_CODE
from globa.monitoring.models import Export
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
