"""Pages of the carer journey: the public directory, inquiry form and figures (no login), and
each centre's pipeline (board, person, funnel, settings)."""

from __future__ import annotations

import uuid
from typing import Any

from allauth.core.internal.httpkit import get_client_ip
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.accounts.selectors import scope_for
from globa.audit.exports import export_list
from globa.carers import permissions, selectors, services
from globa.carers.forms import (
    CONSENT_TEXT,
    STAFF_CONSENT_TEXT,
    DirectoryForm,
    HouseholdLinkForm,
    InquiryForm,
    MoveForm,
    NormsForm,
    PeriodForm,
    PublicDetailsForm,
    RouteForm,
    StaffInquiryForm,
)
from globa.carers.models import APPROVED, ORDER, Candidate, Interest, Stage
from globa.core.lists import Column, ListSpec
from globa.core.parts import parts_for
from globa.core.views import FormPage, apply_errors, form_page, request_user
from globa.lib import clock
from globa.lib.paging import page_of
from globa.oncall import selectors as oncall_selectors
from globa.oncall import services as oncall_services
from globa.oncall.forms import WeightsForm
from globa.oncall.models import Criterion
from globa.organisations.models import Organisation
from globa.registry import permissions as registry_permissions
from globa.registry import selectors as registry_selectors
from globa.support.selectors import services_provided

PAGE_SIZE = 25


# Public ------------------------------------------------------------------------------------


@require_safe
def centre_directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    filters: dict[str, object] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"] or "",
            "county_id": data["county"].pk if data["county"] else None,
            "municipality_id": data["municipality"].pk if data["municipality"] else None,
        }
    page = page_of(selectors.public_centres(**filters), request.GET.get("page"), PAGE_SIZE)  # type: ignore[arg-type]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "carers/public/centres.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_safe
def centre_page(request: HttpRequest, centre_uuid: uuid.UUID) -> HttpResponse:
    centre = selectors.public_centre(centre_uuid)
    if centre is None:
        raise Http404
    context = {
        "centre": centre,
        "services": services_provided(centre.pk, clock.today()),
    }
    return render(request, "carers/public/centre.html", context)


def _client_address(request: HttpRequest) -> str:
    return get_client_ip(request) or request.META.get("REMOTE_ADDR", "") or "unknown"


@require_http_methods(["GET", "POST"])
def become_a_carer(request: HttpRequest) -> HttpResponse:
    initial: dict[str, object] = {"submission": uuid.uuid4()}
    wanted = request.GET.get("municipality", "")
    if wanted.isascii() and wanted.isdigit():
        initial["municipality"] = int(wanted)
    form = InquiryForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            services.count_refused(_client_address(request))
            form.add_error(
                "website",
                _(
                    "This field must stay empty: it is there to stop automated spam. Clear it "
                    "and send the form again."
                ),
            )
        else:
            try:
                centre = services.inquiry_submit(
                    inquiry=services.Inquiry(
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        email=data["email"],
                        phone=data["phone"],
                        municipality=data["municipality"],
                        interests=tuple(data["interests"]),
                        question=data["question"],
                    ),
                    submission=data["submission"],
                    consent_text=str(CONSENT_TEXT),
                    address=_client_address(request),
                )
            except services.RateLimited as error:
                apply_errors(form, error)
                status = 429
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(f"{reverse('carers:inquiry_sent')}?centre={centre.uuid}")
    return render(request, "carers/public/inquiry.html", {"form": form}, status=status)


@require_safe
def inquiry_sent(request: HttpRequest) -> HttpResponse:
    try:
        centre = selectors.public_centre(uuid.UUID(request.GET.get("centre", "")))
    except ValueError:
        centre = None
    return render(request, "carers/public/inquiry_sent.html", {"centre": centre})


# The pipeline ------------------------------------------------------------------------------


_BOARD_ORDER = {stage: index for index, stage in enumerate(selectors.BOARD_STAGES)}

PIPELINE = ListSpec(
    name="pipeline",
    title=gettext_lazy("Carer pipeline"),
    columns=(
        Column(
            "name",
            gettext_lazy("Name"),
            str,
            sort_value=lambda p: f"{p.last_name} {p.first_name}",
            text=True,
        ),
        Column(
            "stage",
            gettext_lazy("Stage"),
            lambda p: p.get_stage_display(),
            sort_value=lambda p: (_BOARD_ORDER.get(p.stage, 0), p.stage_since),
        ),
        Column("since", gettext_lazy("In this stage since"), lambda p: p.stage_since),
        Column("days", gettext_lazy("Days in stage"), lambda p: p.days_in_stage, numeric=True),
        Column(
            "over",
            gettext_lazy("Over the norm"),
            lambda p: _("yes") if p.is_stuck else _("no"),
            sort_value=lambda p: (p.is_stuck, p.days_in_stage),
        ),
        Column(
            "interests",
            gettext_lazy("Interested in"),
            lambda p: p.get_interests_display(),
            sortable=False,
        ),
    ),
    filters=("centre", "stage", "view"),
)


def _pipeline_url(centre: Organisation) -> str:
    return f"{reverse('carers:pipeline')}?centre={centre.pk}"


@login_required
@require_safe
def pipeline(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centre = registry_permissions.access_centre(user, request.GET.get("centre", ""))
    columns = selectors.board(centre.pk, clock.today())
    listing = PIPELINE.read(request.GET)
    stage = request.GET.get("stage", "")
    people = listing.sorted(
        card for column in columns if stage in ("", column.stage) for card in column.cards
    )
    if listing.export:
        return export_list(user, listing, people)
    context = {
        "listing": listing,
        "as_table": request.GET.get("view") == "table",
        "people": people,
        "stage": stage,
        "stages": [(column.stage, column.label) for column in columns],
        "centre": centre,
        "centres": registry_selectors.care_centres_of(user),
        "columns": columns,
        "total": sum(len(c.cards) for c in columns),
        "can_change": permissions.can_change_pipeline(user, centre.pk),
        "can_set": scope_for(user).manages(centre.pk),
    }
    return render(request, "carers/pipeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centre = registry_permissions.access_centre(user, request.GET.get("centre", ""), change=True)
    form = StaffInquiryForm(
        request.POST or None,
        initial={"on": clock.today(), "municipality": centre.municipality_id},
    )

    def save(data: dict[str, Any]) -> Candidate:
        return services.candidate_add(
            by=user,
            centre=centre,
            inquiry=services.Inquiry(
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                municipality=data["municipality"],
                interests=tuple(data["interests"]),
                question=data["question"],
            ),
            consent_text=str(STAFF_CONSENT_TEXT),
            on=data["on"],
        )

    page = FormPage(
        _("New inquiry"),
        _pipeline_url(centre),
        _("Carer pipeline"),
        subtitle=centre.name,
        done=_("The inquiry is in the pipeline."),
    )
    return form_page(
        request,
        form,
        page,
        save,
        then=lambda candidate: reverse("carers:candidate", kwargs={"candidate_id": candidate.pk}),
    )


def _move_form(candidate: Candidate, data: object = None) -> MoveForm:
    return MoveForm(
        data,
        moves=services.moves(candidate),
        initial={"on": clock.today(), "version": candidate.version},
    )


@login_required
@require_safe
def candidate_detail(request: HttpRequest, candidate_id: str) -> HttpResponse:
    user = request_user(request)
    candidate = permissions.access_candidate(user, candidate_id)
    return _render_candidate(request, candidate, _move_form(candidate))


def _link_form(candidate: Candidate, data: object = None) -> HouseholdLinkForm:
    return HouseholdLinkForm(
        data,
        households=selectors.households_to_link(candidate),
        initial={"household": candidate.household_id, "version": candidate.version},
    )


def _render_candidate(
    request: HttpRequest,
    candidate: Candidate,
    form: MoveForm,
    link_form: HouseholdLinkForm | None = None,
) -> HttpResponse:
    user = request_user(request)
    norms = selectors.norms_for(candidate.centre_id)
    days = (clock.today() - candidate.stage_since).days
    context = {
        "candidate": candidate,
        "link_form": link_form or _link_form(candidate),
        "approved": candidate.stage in APPROVED,
        "registers": scope_for(user).manages(candidate.centre_id),
        "history": selectors.history(candidate),
        "parts": parts_for("candidate", user, candidate),
        "form": form,
        "can_change": permissions.can_change_pipeline(user, candidate.centre_id),
        "days_in_stage": days,
        "norm": norms.get(candidate.stage),
        "is_stuck": candidate.stage in norms and days > norms[candidate.stage],
        "back_url": _pipeline_url(candidate.centre),
    }
    return render(request, "carers/candidate.html", context)


@login_required
@require_POST
def candidate_household(request: HttpRequest, candidate_id: str) -> HttpResponse:
    user = request_user(request)
    candidate = permissions.access_candidate(user, candidate_id, write=True)
    form = _link_form(candidate, request.POST)
    if form.is_valid():
        try:
            services.candidate_link_household(by=user, candidate=candidate, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The household in the registry is saved."))
            return redirect("carers:candidate", candidate_id=candidate.pk)
    return _render_candidate(request, candidate, _move_form(candidate), link_form=form)


@login_required
@require_POST
def candidate_move(request: HttpRequest, candidate_id: str) -> HttpResponse:
    user = request_user(request)
    candidate = permissions.access_candidate(user, candidate_id, write=True)
    form = _move_form(candidate, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.candidate_move(
                by=user,
                candidate=candidate,
                move=services.Move(
                    to=data["to"],
                    on=data["on"],
                    note=data["note"],
                    exit_reason=data["exit_reason"],
                    approval_number=data["approval_number"],
                    approval_date=data["approval_date"],
                ),
                version=data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Moved to “%(stage)s”.") % {"stage": candidate.get_stage_display()},
            )
            return redirect("carers:candidate", candidate_id=candidate.pk)
    return _render_candidate(request, candidate, form)


@login_required
@require_safe
def funnel(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centre = registry_permissions.access_centre(user, request.GET.get("centre", ""))
    today = clock.today()
    default = {"start": today.replace(month=1, day=1), "end": today}
    form = PeriodForm(request.GET if "start" in request.GET else None, initial=default)
    period = default
    if form.is_bound and form.is_valid():
        period = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
    steps = selectors.funnel(centre.pk, period["start"], period["end"])
    first = steps[0].reached if steps else 0
    context = {
        "centre": centre,
        "centres": registry_selectors.care_centres_of(user),
        "form": form,
        "steps": [(step, step.share_of(first)) for step in steps],
        "period": period,
    }
    return render(request, "carers/funnel.html", context)


def _norm_stages(centre: Organisation) -> list[tuple[str, str, int | None]]:
    defaults = selectors.norms_for(0)
    labels = dict(Stage.choices)
    return [
        (stage, str(labels[stage]), defaults.get(stage))
        for stage in (*[s for s in ORDER if s != Stage.ACTIVE], Stage.PAUSED)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def pipeline_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centre = registry_permissions.access_centre(user, request.GET.get("centre", ""), manage=True)
    municipalities = permissions.routing_municipalities(user)
    stages = _norm_stages(centre)
    own = selectors.own_norms(centre.pk)
    route_form = RouteForm(
        request.POST if request.POST.get("form") == "route" else None,
        municipalities=municipalities,
        initial={"municipality": centre.municipality_id},
    )
    norms_form = NormsForm(
        request.POST if request.POST.get("form") == "norms" else None, stages=stages, initial=own
    )
    criteria = _criteria()
    weights_form = WeightsForm(
        request.POST if request.POST.get("form") == "weights" else None,
        criteria=criteria,
        initial=oncall_selectors.own_weights(centre.pk),
    )
    details_form = PublicDetailsForm(
        request.POST if request.POST.get("form") == "details" else None,
        initial={field: getattr(centre, field) for field in services.PUBLIC_DETAILS},
    )
    if request.method == "POST":
        if route_form.is_bound:
            saved = _save_route(request, route_form)
        elif details_form.is_bound:
            saved = _save_details(request, details_form, centre)
        elif weights_form.is_bound:
            saved = _save_weights(request, weights_form, centre, criteria)
        else:
            saved = _save_norms(request, norms_form, centre, stages)
        if saved:
            return redirect(f"{reverse('carers:settings')}?centre={centre.pk}")
    context = {
        "centre": centre,
        "route_form": route_form,
        "norms_form": norms_form,
        "weights_form": weights_form,
        "details_form": details_form,
        "public_url": reverse("carers:centre", kwargs={"centre_uuid": centre.uuid}),
        "routes": selectors.routes_of(m.pk for m in municipalities),
        "municipalities": municipalities,
        "interests": Interest.choices,
    }
    return render(request, "carers/settings.html", context)


def _criteria() -> list[tuple[str, str, int | None]]:
    defaults = oncall_selectors.weights_for(0)
    return [(value, str(label), defaults.get(value)) for value, label in Criterion.choices]


def _save_weights(
    request: HttpRequest,
    form: WeightsForm,
    centre: Organisation,
    criteria: list[tuple[str, str, int | None]],
) -> bool:
    if not form.is_valid():
        return False
    oncall_services.weights_set(
        by=request_user(request),
        centre=centre,
        weights={c: form.cleaned_data[c] for c, _label, _default in criteria},
    )
    messages.success(request, _("The matching weights are saved."))
    return True


def _save_details(request: HttpRequest, form: PublicDetailsForm, centre: Organisation) -> bool:
    if not form.is_valid():
        return False
    try:
        services.public_details_set(
            by=request_user(request), centre=centre, details=form.cleaned_data
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, _("The centre's public details are saved."))
    return True


def _save_route(request: HttpRequest, form: RouteForm) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.route_set(
            by=request_user(request),
            municipality=data["municipality"],
            interest=data["interest"],
            centre=data["centre"],
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, _("The inquiry route is saved."))
    return True


def _save_norms(
    request: HttpRequest,
    form: NormsForm,
    centre: Organisation,
    stages: list[tuple[str, str, int | None]],
) -> bool:
    if not form.is_valid():
        return False
    user = request_user(request)
    for stage, _label, _default in stages:
        services.norm_set(by=user, centre=centre, stage=stage, days=form.cleaned_data[stage])
    messages.success(request, _("The stage norms are saved."))
    return True
