"""Quality review visits of the care centres: the list, a visit with its findings and
follow-up actions, the overdue actions across the centres the reader sees, and a centre's
quality figures. The national monitor records; the centre's manager marks actions done; the
municipality's officer reads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.accounts.selectors import require_change, require_page
from globa.core.views import FormPage, form_page, request_user
from globa.lib import clock
from globa.lib.collation import lt
from globa.monitoring import forms, permissions, selectors, services
from globa.monitoring.compute import CENTRE, Area
from globa.monitoring.indicators import BY_CODE
from globa.monitoring.models import ReviewAction, ReviewFinding, ReviewVisit
from globa.monitoring.permissions import View

QUALITY_FIGURES = (
    "caseload",
    "contact_norm",
    "people_trained",
    "respite_given",
    "respite_people",
    "satisfaction",
)
STAFF_FIGURES = (
    "staff_per_households",
    "fte_per_households",
    "staff_per_children",
    "fte_per_children",
)


def _visit_url(visit: ReviewVisit) -> str:
    return reverse("monitoring:review_visit", kwargs={"visit_id": visit.pk})


def _centres(request: HttpRequest) -> Any:
    return permissions.review_centres(request_user(request)).order_by(*lt("name"))


@login_required
@require_safe
def reviews(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_page(permissions.may_see_reviews(user))
    centres = _centres(request)
    wanted = request.GET.get("centre", "")
    chosen = (
        centres.filter(pk=int(wanted)).first() if wanted.isascii() and wanted.isdigit() else None
    )
    shown = centres.filter(pk=chosen.pk) if chosen else centres
    context = {
        "visits": selectors.review_visits(shown)[:200],
        "centres": centres,
        "chosen": chosen,
        "records": permissions.records_reviews(user),
        "overdue": selectors.overdue_actions(shown).count(),
    }
    return render(request, "monitoring/reviews.html", context)


@login_required
@require_safe
def review_overdue(request: HttpRequest) -> HttpResponse:
    """Actions past their due date and not done, in every centre the reader sees."""
    user = request_user(request)
    require_page(permissions.may_see_reviews(user))
    newest = request.GET.get("sort") == "-due"
    context = {
        "actions": selectors.overdue_actions(_centres(request), newest_first=newest)[:500],
        "newest": newest,
        "today": clock.today(),
    }
    return render(request, "monitoring/review_overdue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_page(permissions.records_reviews(user))
    form = forms.ReviewVisitForm(
        request.POST or None,
        centres=_centres(request),
        initial={"visited_on": clock.today(), "centre": request.GET.get("centre")},
    )

    def save(data: dict[str, Any]) -> ReviewVisit:
        return services.review_visit_create(
            by=user,
            centre=data["centre"],
            visited_on=data["visited_on"],
            visitors=data["visitors"],
            scope=data["scope"],
            notes=data["notes"],
        )

    page = FormPage(
        _("New quality review visit"),
        reverse("monitoring:reviews"),
        _("Quality review visits"),
        done=_("The visit was saved. Add its findings and follow-up actions."),
    )
    return form_page(request, form, page, save, then=_visit_url)


@login_required
@require_safe
def review_visit(request: HttpRequest, visit_id: int) -> HttpResponse:
    user = request_user(request)
    visit = permissions.access_visit(user, visit_id)
    actions = list(visit.actions.select_related("done_by"))
    today = clock.today()
    context = {
        "visit": visit,
        "findings": visit.findings.all(),
        "actions": [(a, a.is_overdue(today), permissions.may_mark_done(user, a)) for a in actions],
        "records": permissions.records_reviews(user),
        "today": today,
    }
    return render(request, "monitoring/review_visit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_update(request: HttpRequest, visit_id: int) -> HttpResponse:
    user = request_user(request)
    visit = permissions.access_visit_to_change(user, visit_id)
    form = forms.ReviewVisitForm(
        request.POST or None,
        initial={
            "version": visit.version,
            "visited_on": visit.visited_on,
            "visitors": visit.visitors,
            "scope": visit.scope,
            "notes": visit.notes,
        },
    )

    def save(data: dict[str, Any]) -> ReviewVisit:
        return services.review_visit_update(
            by=user,
            visit=visit,
            version=data["version"],
            visited_on=data["visited_on"],
            visitors=data["visitors"],
            scope=data["scope"],
            notes=data["notes"],
        )

    page = FormPage(
        _("Change the visit"), _visit_url(visit), str(visit), done=_("The visit was saved.")
    )
    return form_page(request, form, page, save)


@login_required
@require_http_methods(["GET", "POST"])
def finding_create(request: HttpRequest, visit_id: int) -> HttpResponse:
    user = request_user(request)
    visit = permissions.access_visit_to_change(user, visit_id)
    form = forms.ReviewFindingForm(request.POST or None)

    def save(data: dict[str, Any]) -> ReviewFinding:
        return services.review_finding_add(
            by=user, visit=visit, area=data["area"], severity=data["severity"], text=data["text"]
        )

    page = FormPage(
        _("New finding"), _visit_url(visit), str(visit), done=_("The finding was saved.")
    )
    return form_page(request, form, page, save)


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, visit_id: int) -> HttpResponse:
    user = request_user(request)
    visit = permissions.access_visit_to_change(user, visit_id)
    form = forms.ReviewActionForm(request.POST or None, creating=True)

    def save(data: dict[str, Any]) -> ReviewAction:
        return services.review_action_add(
            by=user, visit=visit, description=data["description"], due_on=data["due_on"]
        )

    page = FormPage(
        _("New follow-up action"),
        _visit_url(visit),
        str(visit),
        subtitle=_("The centre's managers are told of the action."),
        done=_("The action was saved."),
    )
    return form_page(request, form, page, save)


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, visit_id: int, action_id: int) -> HttpResponse:
    user = request_user(request)
    action = permissions.access_action(user, visit_id, action_id)
    require_change(permissions.records_reviews(user))
    form = forms.ReviewActionForm(
        request.POST or None,
        creating=False,
        initial={
            "version": action.version,
            "description": action.description,
            "due_on": action.due_on,
        },
    )

    def save(data: dict[str, Any]) -> ReviewAction:
        return services.review_action_update(
            by=user,
            action=action,
            version=data["version"],
            description=data["description"],
            due_on=data["due_on"],
        )

    page = FormPage(
        _("Change the action"),
        _visit_url(action.visit),
        str(action.visit),
        done=_("The action was saved."),
    )
    return form_page(request, form, page, save)


@login_required
@require_http_methods(["GET", "POST"])
def action_done(request: HttpRequest, visit_id: int, action_id: int) -> HttpResponse:
    user = request_user(request)
    action = permissions.access_action(user, visit_id, action_id)
    require_change(permissions.may_mark_done(user, action))
    form = forms.ReviewActionDoneForm(
        request.POST or None, initial={"version": action.version, "done_on": clock.today()}
    )

    def save(data: dict[str, Any]) -> ReviewAction:
        return services.review_action_done(
            by=user,
            action=action,
            version=data["version"],
            done_on=data["done_on"],
            note=data["note"],
        )

    page = FormPage(
        _("Mark the action done"),
        _visit_url(action.visit),
        str(action.visit),
        subtitle=action.description,
        done=_("The action is marked done."),
    )
    return form_page(request, form, page, save)


@login_required
@require_POST
def action_reopen(request: HttpRequest, visit_id: int, action_id: int) -> HttpResponse:
    user = request_user(request)
    action = permissions.access_action(user, visit_id, action_id)
    require_change(permissions.records_reviews(user))
    version = request.POST.get("version", "")
    try:
        services.review_action_reopen(
            by=user, action=action, version=int(version) if version.isdigit() else 0
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The action is open again."))
    return redirect(_visit_url(action.visit))


@login_required
@require_safe
def centre_quality(request: HttpRequest, centre_id: int) -> HttpResponse:
    """One care centre's quality: its staffing beside its carers and children, the
    indicators of its work, its review visits and open actions."""
    user = request_user(request)
    centre = permissions.access_review_centre(user, centre_id)
    exact = any(
        v.exact and v.area.id in (centre.pk, centre.municipality_id)
        for v in permissions.views_for(user)
    )
    form, period = forms.period_from(request.GET, clock.today(), exact=exact)
    view = View(Area(CENTRE, centre.pk), centre.name, None, exact=exact)
    codes = ("staff", *STAFF_FIGURES, *QUALITY_FIGURES)
    board = selectors.dashboard(
        view, period, indicators=tuple(BY_CODE[c] for c in codes), with_charts=False
    )
    centres = permissions.review_centres(user).filter(pk=centre.pk)
    today = clock.today()
    context = {
        "centre": centre,
        "form": form,
        "board": board,
        "staff": board.figure("staff"),
        "ratios": [board.figure(c) for c in STAFF_FIGURES],
        "figures": [board.figure(c) for c in QUALITY_FIGURES],
        "visits": selectors.review_visits(centres)[:20],
        "actions": [(a, a.is_overdue(today)) for a in selectors.open_actions(centres)],
        "exact": exact,
    }
    return render(request, "monitoring/centre_quality.html", context)
