"""Pages of the carer journey: the public directory, inquiry form and figures (no login), and
each centre's pipeline (board, person, funnel, settings)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from allauth.core.internal.httpkit import get_client_ip
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from globa.carers import availability, permissions, selectors, services
from globa.carers.forms import (
    CONSENT_TEXT,
    STAFF_CONSENT_TEXT,
    CertificateForm,
    ContractEndForm,
    ContractForm,
    DirectoryForm,
    HouseholdLinkForm,
    InquiryForm,
    MatchForm,
    MoveForm,
    NormsForm,
    ParticipantForm,
    PeriodForm,
    PublicDetailsForm,
    RespiteForm,
    RouteForm,
    SessionForm,
    StaffInquiryForm,
    TrainerForm,
    TrainingGroupForm,
    WeightsForm,
)
from globa.carers.models import (
    APPROVED,
    ORDER,
    Candidate,
    Criterion,
    Interest,
    Stage,
    TrainingGroup,
)
from globa.core.forms import Form
from globa.core.views import apply_errors, request_user, uuid_or_404
from globa.lib import clock
from globa.lib.dates import add_months
from globa.lib.paging import page_of
from globa.organisations.models import Organisation
from globa.registry import permissions as registry_permissions
from globa.registry import services as registry_services
from globa.registry.models import CarerHousehold, Child, HouseholdKind
from globa.reminders.services import CONTRACT_NOTICE_DAYS
from globa.support import selectors as support_selectors
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


@require_safe
def figures(request: HttpRequest) -> HttpResponse:
    rows, total = selectors.public_figures(clock.today())
    return render(
        request,
        "carers/public/figures.html",
        {"rows": rows, "total": total, "today": clock.today()},
    )


# The pipeline ------------------------------------------------------------------------------


def _pipeline_url(centre: Organisation) -> str:
    return f"{reverse('carers:pipeline')}?centre={centre.pk}"


@login_required
@require_safe
def pipeline(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centre = permissions.access_centre(user, request.GET.get("centre", ""))
    columns = selectors.board(centre.pk, clock.today())
    context = {
        "centre": centre,
        "centres": selectors.pipeline_centres(user),
        "columns": columns,
        "total": sum(len(c.cards) for c in columns),
        "can_change": permissions.can_change_pipeline(user, centre.pk),
        "can_set": centre in permissions.managed_centres(user),
    }
    return render(request, "carers/pipeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centre = permissions.access_centre(user, request.GET.get("centre", ""))
    if not permissions.can_change_pipeline(user, centre.pk):
        raise PermissionDenied
    form = StaffInquiryForm(
        request.POST or None,
        initial={"on": clock.today(), "municipality": centre.municipality_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = services.candidate_add(
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
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The inquiry is in the pipeline."))
            return redirect("carers:candidate", candidate_id=candidate.pk)
    context = {
        "form": form,
        "title": _("New inquiry"),
        "centre": centre,
        "back_url": _pipeline_url(centre),
    }
    return render(request, "carers/form.html", context)


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
    services.record_view(by=user, candidate=candidate)
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
        "registers": registry_permissions.is_manager_of(user, candidate.centre_id),
        "history": selectors.history(candidate),
        "trainings": selectors.trainings_of(candidate),
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
    centre = permissions.access_centre(user, request.GET.get("centre", ""))
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
        "centres": selectors.pipeline_centres(user),
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
    centre = permissions.access_centre(user, request.GET.get("centre", ""))
    if centre not in permissions.managed_centres(user):
        raise PermissionDenied
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
        initial=selectors.own_weights(centre.pk),
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
    defaults = selectors.weights_for(0)
    return [(value, str(label), defaults.get(value)) for value, label in Criterion.choices]


def _save_weights(
    request: HttpRequest,
    form: WeightsForm,
    centre: Organisation,
    criteria: list[tuple[str, str, int | None]],
) -> bool:
    if not form.is_valid():
        return False
    services.weights_set(
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


# The on-call network ------------------------------------------------------------------------


@login_required
@require_safe
def on_call_network(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centre = permissions.access_centre(user, request.GET.get("centre", ""))
    today = clock.today()
    carers = availability.on_call_carers(today, centre_ids=[centre.pk])
    contacts = selectors.last_contacts([c.household_id for c in carers])
    rules = support_selectors.contact_rules()
    rows = []
    for carer in carers:
        last = contacts.get(carer.household_id)
        days = rules.get(HouseholdKind.ON_CALL)
        next_due = last + dt.timedelta(days=days) if last and days else None
        ending = (
            carer.contract_ends_on is not None
            and (carer.contract_ends_on - today).days <= CONTRACT_NOTICE_DAYS
        )
        rows.append(
            {
                "carer": carer,
                "last_contact": last,
                "overdue": last is None or (next_due is not None and next_due < today),
                "ending": ending,
            }
        )
    context = {
        "centre": centre,
        "centres": selectors.pipeline_centres(user),
        "rows": rows,
        "totals": {
            "carers": len(carers),
            "places": sum(c.places for c in carers),
            "placed": sum(c.placed for c in carers),
            "free": sum(c.free for c in carers),
        },
        "can_match": permissions.can_change_pipeline(user, centre.pk),
    }
    return render(request, "carers/on_call_network.html", context)


def _on_call_household(user: object, household_id: str) -> CarerHousehold:
    household = registry_permissions.access_household(user, household_id)  # type: ignore[arg-type]
    if household.kind != HouseholdKind.ON_CALL:
        raise Http404
    return household


@login_required
@require_safe
def on_call_carer(request: HttpRequest, household_id: str) -> HttpResponse:
    user = request_user(request)
    household = _on_call_household(user, household_id)
    registry_services.record_view(by=user, household=household)
    today = clock.today()
    found = availability.on_call_carers(today, household_ids=[household.pk])
    carer = found[0] if found else None
    context = {
        "household": household,
        "carer": carer,
        "contracts": selectors.contracts_of(household),
        "matches": selectors.matches_of(household),
        "last_contact": selectors.last_contacts([household.pk]).get(household.pk),
        "is_manager": permissions.manages(user, household.centre_id),
        "can_change": permissions.can_change_pipeline(user, household.centre_id),
        "today": today,
    }
    return render(request, "carers/on_call_carer.html", context)


def _carer_url(household: CarerHousehold) -> str:
    return reverse("carers:on_call_carer", kwargs={"household_id": household.pk})


@login_required
@require_http_methods(["GET", "POST"])
def contract_add(request: HttpRequest, household_id: str) -> HttpResponse:
    user = request_user(request)
    household = _on_call_household(user, household_id)
    if not permissions.manages(user, household.centre_id):
        raise PermissionDenied
    today = clock.today()
    form = ContractForm(
        request.POST or None,
        initial={
            "starts_on": today,
            "ends_on": add_months(today, 12) - dt.timedelta(days=1),
            "places": 3,
            "age_min": household.accepts_age_min,
            "age_max": min(household.accepts_age_max, 17),
            "accepts_siblings": household.accepts_siblings,
            "accepts_disability": household.accepts_disability,
        },
    )
    return _carer_form(
        request,
        household,
        form,
        _("New contract"),
        _("The contract is saved."),
        lambda data: services.contract_add(
            by=user, household=household, terms=services.ContractTerms(**data)
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def respite_add(request: HttpRequest, household_id: str, contract_id: str) -> HttpResponse:
    user = request_user(request)
    household = _on_call_household(user, household_id)
    contract = household.contracts.filter(pk=uuid_or_404(contract_id)).first()
    if contract is None:
        raise Http404
    if not permissions.can_change_pipeline(user, household.centre_id):
        raise PermissionDenied
    return _carer_form(
        request,
        household,
        RespiteForm(request.POST or None),
        _("Respite"),
        _("The respite is saved."),
        lambda data: services.respite_add(by=user, contract=contract, **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_end(request: HttpRequest, household_id: str, contract_id: str) -> HttpResponse:
    user = request_user(request)
    household = _on_call_household(user, household_id)
    contract = household.contracts.filter(pk=uuid_or_404(contract_id)).first()
    if contract is None:
        raise Http404
    if not permissions.manages(user, household.centre_id):
        raise PermissionDenied
    form = ContractEndForm(
        request.POST or None,
        initial={"ends_on": clock.today(), "version": contract.version},
    )

    def save(data: dict[str, Any]) -> None:
        changed = services.contract_end_early(by=user, contract=contract, **data)
        if changed:
            messages.info(request, "; ".join(changed).capitalize() + ".")

    return _carer_form(
        request,
        household,
        form,
        _("End contract %(number)s early") % {"number": contract.number},
        _("The contract now ends on the day given."),
        save,
    )


def _carer_form(
    request: HttpRequest,
    household: CarerHousehold,
    form: Form,
    title: str,
    saved: str,
    save: Callable[[dict[str, Any]], object],
) -> HttpResponse:
    """A form of the on-call carer's page: saved by ``save``, back to the page when done."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(_carer_url(household))
    context = {
        "form": form,
        "title": title,
        "centre": household.centre,
        "back_url": _carer_url(household),
    }
    return render(request, "carers/form.html", context)


# Matching ----------------------------------------------------------------------------------


def _children_for_match(user: object, ids: list[str]) -> list[Child]:
    children = [registry_permissions.access_child(user, child_id) for child_id in ids]  # type: ignore[arg-type]
    if not children:
        raise Http404
    return children


@login_required
@require_http_methods(["GET", "POST"])
def match(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    source = request.POST if request.method == "POST" else request.GET
    children = _children_for_match(user, source.getlist("children"))
    first = children[0]
    if not registry_permissions.can_edit_child(user, first):
        raise PermissionDenied
    today = clock.today()
    day = _day(source.get("on", ""), today)
    if source.get("siblings") == "1" and len(children) == 1:
        # From the child's page: the brothers and sisters who also need a place come along.
        children = [first, *(c for c in selectors.waiting_siblings(first, day) if c.pk != first.pk)]
    form = MatchForm(request.POST or None, initial={"placed_on": day})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = registry_permissions.access_household(user, data["household"])
        try:
            chosen = services.match_place(
                by=user,
                children=children,
                household=household,
                placed_on=data["placed_on"],
                reasons=data["reasons"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Placed with %(carer)s (rank %(rank)d).")
                % {"carer": household.name, "rank": chosen.rank},
            )
            return redirect("registry:child", child_id=first.pk)
    siblings = selectors.waiting_siblings(first, day)
    context = {
        "children": children,
        "siblings": siblings,
        "chosen_ids": {c.pk for c in children},
        "day": day,
        "ranking": selectors.ranking_for(children, day),
        "form": form,
        "weights": [
            (label, selectors.weights_for(first.centre_id).get(value, 0))
            for value, label in Criterion.choices
        ],
    }
    return render(request, "carers/match.html", context)


def _day(raw: str, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return today
    return day if abs((day - today).days) <= 30 else today


@login_required
@require_safe
def night(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centre = permissions.access_centre(user, request.GET.get("centre", ""))
    if not permissions.can_change_pipeline(user, centre.pk):
        raise PermissionDenied
    today = clock.today()
    waiting = list(selectors.waiting_children(user, centre.pk, today))
    wanted = set(request.GET.getlist("children"))
    chosen = [c for c in waiting if str(c.pk) in wanted]
    result = selectors.night(chosen, today, centre.pk) if chosen else None
    context = {
        "centre": centre,
        "centres": selectors.pipeline_centres(user),
        "waiting": waiting,
        "wanted": wanted,
        "result": result,
        "rows": _night_rows(result) if result else [],
    }
    if result:
        context.update(
            optimal_children=result.optimal.children(result.units),
            optimal_total=result.optimal.total(result.units),
            greedy_children=result.greedy.children(result.units),
            greedy_total=result.greedy.total(result.units),
        )
    return render(request, "carers/night.html", context)


def _night_rows(result: selectors.Night) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for unit in result.units:
        best = result.optimal.chosen.get(unit.key)
        one_by_one = result.greedy.chosen.get(unit.key)
        rows.append(
            {
                "children": result.children[unit.key],
                "optimal": result.carers.get(best) if best else None,
                "optimal_score": unit.options.get(best) if best else None,
                "greedy": result.carers.get(one_by_one) if one_by_one else None,
                "greedy_score": unit.options.get(one_by_one) if one_by_one else None,
                "options": len(unit.options),
            }
        )
    return rows


# GIMK training ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def training_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centre = permissions.access_centre(user, request.GET.get("centre", ""))
    can_change = permissions.can_change_pipeline(user, centre.pk)
    form = TrainingGroupForm(
        request.POST or None,
        programmes=selectors.programmes(),
        initial={"starts_on": clock.today()},
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                group = services.group_create(by=user, centre=centre, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The training group is started."))
                return redirect("carers:training_group", group_id=group.pk)
    context = {
        "centre": centre,
        "centres": selectors.pipeline_centres(user),
        "groups": selectors.training_groups(centre.pk),
        "form": form if can_change else None,
    }
    return render(request, "carers/training_list.html", context)


def _training_page(
    request: HttpRequest, group: TrainingGroup, forms: dict[str, Form] | None = None
) -> HttpResponse:
    user = request_user(request)
    can_change = permissions.can_change_pipeline(user, group.centre_id)
    forms = forms or {}
    context = {
        "group": group,
        "trainers": group.trainers.all(),
        "progress": selectors.progress(group),
        "sessions": group.sessions.prefetch_related("topics").annotate(came=Count("attendance")),
        "topics": group.programme.topics.order_by("position"),
        "can_change": can_change,
        "trainer_form": forms.get("trainer") or TrainerForm(),
        "participant_form": forms.get("participant")
        or ParticipantForm(candidates=selectors.candidates_for_training(group)),
        "session_form": forms.get("session")
        or SessionForm(group=group, initial={"held_on": clock.today()}),
        "certificate_form": CertificateForm(initial={"on": clock.today()}),
        "certificate_errors": forms.get("certificate"),
    }
    return render(request, "carers/training_group.html", context)


@login_required
@require_safe
def training_group(request: HttpRequest, group_id: str) -> HttpResponse:
    group = permissions.access_training_group(request_user(request), group_id)
    return _training_page(request, group)


def _training_post(
    request: HttpRequest,
    group_id: str,
    name: str,
    form: Callable[[TrainingGroup], Form],
    save: Callable[[TrainingGroup, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One of the training group page's forms: saved, or the page again with its errors."""
    group = permissions.access_training_group(request_user(request), group_id, write=True)
    bound = form(group)
    if bound.is_valid():
        try:
            save(group, bound.cleaned_data)
        except ValidationError as error:
            apply_errors(bound, error)
        else:
            messages.success(request, done)
            return redirect("carers:training_group", group_id=group.pk)
    return _training_page(request, group, {name: bound})


@login_required
@require_POST
def trainer_add(request: HttpRequest, group_id: str) -> HttpResponse:
    user = request_user(request)
    return _training_post(
        request,
        group_id,
        "trainer",
        lambda group: TrainerForm(request.POST),
        lambda group, data: services.trainer_add(by=user, group=group, **data),
        _("The trainer is added."),
    )


@login_required
@require_POST
def participant_add(request: HttpRequest, group_id: str) -> HttpResponse:
    user = request_user(request)
    return _training_post(
        request,
        group_id,
        "participant",
        lambda group: ParticipantForm(
            request.POST, candidates=selectors.candidates_for_training(group)
        ),
        lambda group, data: services.participant_add(by=user, group=group, **data),
        _("The participant is added."),
    )


@login_required
@require_POST
def session_add(request: HttpRequest, group_id: str) -> HttpResponse:
    user = request_user(request)
    return _training_post(
        request,
        group_id,
        "session",
        lambda group: SessionForm(request.POST, group=group),
        lambda group, data: services.session_record(
            by=user,
            group=group,
            held_on=data["held_on"],
            topics=list(data["topics"]),
            attended=list(data["attended"]),
        ),
        _("The session is recorded."),
    )


@login_required
@require_POST
def certificate_add(request: HttpRequest, group_id: str, participant_id: str) -> HttpResponse:
    user = request_user(request)

    def save(group: TrainingGroup, data: dict[str, Any]) -> object:
        participant = group.participants.filter(pk=uuid_or_404(participant_id)).first()
        if participant is None:
            raise Http404
        training = participant.candidate is not None and participant.candidate.stage == (
            Stage.TRAINING
        )
        participant = services.certificate_record(by=user, participant=participant, **data)
        moved = participant.candidate is not None and participant.candidate.stage == (
            Stage.ASSESSMENT
        )
        if training and moved:
            messages.info(
                request,
                _("%(name)s moves on to the suitability assessment.")
                % {"name": participant.candidate},
            )
        return participant

    return _training_post(
        request,
        group_id,
        "certificate",
        lambda group: CertificateForm(request.POST),
        save,
        _("The certificate is recorded."),
    )
