"""Pages of on-call care: the centre's on-call network, an on-call carer's page with their
contracts and respite, and emergency placement matching (one child or sibling group, or
several emergencies at once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from globa.accounts.models import User
from globa.accounts.selectors import require_change, scope_for
from globa.core.forms import Form
from globa.core.views import FormPage, apply_errors, form_page, request_user
from globa.lib import clock
from globa.lib.dates import add_months
from globa.oncall import availability, permissions, selectors, services
from globa.oncall.forms import (
    AcceptRequestForm,
    ContractEndForm,
    ContractForm,
    DeclineRequestForm,
    MatchForm,
    PlacementRequestForm,
    RespiteForm,
)
from globa.oncall.models import Criterion, PlacementRequest
from globa.organisations.models import Organisation
from globa.registry import permissions as registry_permissions
from globa.registry import selectors as registry_selectors
from globa.registry.models import CarerHousehold, Child, Limit
from globa.registry.rules import limit


@login_required
@require_safe
def on_call_network(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    centre = registry_permissions.access_centre(user, request.GET.get("centre", ""))
    rows = selectors.network(centre.pk, clock.today())
    carers = [row.carer for row in rows]
    context = {
        "centre": centre,
        "centres": registry_selectors.care_centres_of(user),
        "rows": rows,
        "totals": {
            "carers": len(carers),
            "places": sum(c.places for c in carers),
            "placed": sum(c.placed for c in carers),
            "free": sum(c.free for c in carers),
        },
        "can_match": permissions.works_with(user, centre.pk),
    }
    return render(request, "oncall/on_call_network.html", context)


@login_required
@require_safe
def on_call_carer(request: HttpRequest, household_id: str) -> HttpResponse:
    user = request_user(request)
    household = permissions.access_on_call_carer(user, household_id)
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
        "can_change": permissions.works_with(user, household.centre_id),
        "today": today,
    }
    return render(request, "oncall/on_call_carer.html", context)


def _carer_url(household: CarerHousehold) -> str:
    return reverse("oncall:on_call_carer", kwargs={"household_id": household.pk})


@login_required
@require_http_methods(["GET", "POST"])
def contract_add(request: HttpRequest, household_id: str) -> HttpResponse:
    user = request_user(request)
    household = permissions.access_on_call_carer(user, household_id, manage=True)
    today = clock.today()
    form = ContractForm(
        request.POST or None,
        initial={
            "starts_on": today,
            "ends_on": add_months(today, 12) - dt.timedelta(days=1),
            "places": selectors.usual_places(today),
            "age_min": household.accepts_age_min,
            "age_max": min(household.accepts_age_max, limit(Limit.ON_CALL_CHILD_MAX_AGE, today)),
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
    contract = permissions.access_contract(user, household_id, contract_id, write=True)
    household = contract.household
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
    contract = permissions.access_contract(user, household_id, contract_id, manage=True)
    household = contract.household
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
    page = FormPage(
        title, _carer_url(household), household.name, subtitle=household.centre.name, done=saved
    )
    return form_page(request, form, page, save)


# Matching ----------------------------------------------------------------------------------

# How many ranked carers the matching page spells out.
SHOWN = 50


def _children_for_match(user: User, ids: list[str]) -> list[Child]:
    """The children to place: each one the user may see (else 404) and change (else 403)."""
    children = [registry_permissions.access_child(user, child_id, write=True) for child_id in ids]
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
    ranking = selectors.ranking_for(children, day)
    contacts = selectors.contact_states(
        [r.carer.household_id for r in ranking.ranked[:SHOWN]], today
    )
    context = {
        "children": children,
        "siblings": siblings,
        "chosen_ids": {c.pk for c in children},
        "day": day,
        "ranking": ranking,
        # Beside each carer shown: whether a coordinator has met them as the rule says.
        "shown": [(r, contacts[r.carer.household_id]) for r in ranking.ranked[:SHOWN]],
        "form": form,
        # No suitable carer of their own: the free places of the other centres near by.
        "offers": [] if ranking.ranked else selectors.offers_elsewhere(children, day, first.centre),
        "weights": [
            (label, selectors.weights_for(first.centre_id).get(value, 0))
            for value, label in Criterion.choices
        ],
    }
    return render(request, "oncall/match.html", context)


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
    centre = registry_permissions.access_centre(user, request.GET.get("centre", ""), change=True)
    today = clock.today()
    waiting = list(selectors.waiting_children(user, centre.pk, today))
    wanted = set(request.GET.getlist("children"))
    chosen = [c for c in waiting if str(c.pk) in wanted]
    result = selectors.night(chosen, today, centre.pk) if chosen else None
    context = {
        "centre": centre,
        "centres": registry_selectors.care_centres_of(user),
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
    return render(request, "oncall/night.html", context)


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


# Placement requests between centres --------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_send(request: HttpRequest) -> HttpResponse:
    """Ask another centre for one of its on-call carers' free places."""
    user = request_user(request)
    # Who and where come in the address; the form posts back to it.
    source = request.GET
    children = _children_for_match(user, source.getlist("children"))
    centre = Organisation.objects.filter(
        pk=_int_or_404(source.get("to", "")), kind=Organisation.Kind.CARE_CENTRE, is_active=True
    ).first()
    if centre is None:
        raise Http404
    today = clock.today()
    day = _day(source.get("on", ""), today)
    form = PlacementRequestForm(
        request.POST or None,
        initial={
            "needed_on": day,
            "contact_phone": children[0].centre.on_call_phone or children[0].centre.phone,
        },
    )
    page = FormPage(
        title=_("Placement request to %(centre)s") % {"centre": centre.name},
        subtitle=", ".join(str(child) for child in children),
        back_url=reverse("oncall:match")
        + "?"
        + urlencode([("children", str(c.pk)) for c in children] + [("on", day.isoformat())]),
        back_label=_("Find an on-call carer"),
        done=_("The request was sent; the centre's manager is notified."),
    )
    return form_page(
        request,
        form,
        page,
        lambda data: services.request_send(
            by=user,
            children=children,
            to_centre=centre,
            needed_on=data["needed_on"],
            situation=data["situation"],
            contact_phone=data["contact_phone"],
        ),
        then=lambda sent: reverse("oncall:request", args=[sent.pk]),
    )


def _int_or_404(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


@login_required
@require_safe
def requests_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scope = registry_permissions.access_registry(user)
    rows = selectors.requests_visible_to(user)
    return render(
        request,
        "oncall/requests.html",
        {
            "incoming": [r for r in rows if r.to_centre_id in scope.registry_org_ids],
            "outgoing": [r for r in rows if r.from_centre_id in scope.registry_org_ids],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    user = request_user(request)
    placement_request = permissions.access_request(user, request_id)
    answers = permissions.answers_request(user, placement_request)
    is_open = placement_request.status == PlacementRequest.Status.SENT
    households = selectors.on_call_households_of(placement_request.to_centre_id)
    initial = {"version": placement_request.version}
    action = request.POST.get("action", "")
    accept = AcceptRequestForm(
        request.POST if action == "accept" else None, households=households, initial=initial
    )
    decline = DeclineRequestForm(request.POST if action == "decline" else None, initial=initial)
    if request.method == "POST":
        form: Form | None = {"accept": accept, "decline": decline}.get(action)
        if action == "withdraw":
            try:
                services.request_withdraw(
                    by=user,
                    request=placement_request,
                    version=int(request.POST.get("version") or 0),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The request was withdrawn."))
            return redirect("oncall:request", request_id=placement_request.pk)
        if form is None:
            raise Http404
        require_change(answers)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "accept":
                    services.request_accept(
                        by=user,
                        request=placement_request,
                        version=data["version"],
                        household=data["household"],
                    )
                    done = _(
                        "Accepted: the child's record is now your centre's, placed with %(carer)s."
                    ) % {"carer": data["household"].name}
                else:
                    services.request_decline(
                        by=user,
                        request=placement_request,
                        version=data["version"],
                        reason=data["decline_reason"],
                    )
                    done = _("Declined; the requesting centre is notified.")
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("oncall:request", request_id=placement_request.pk)
    free = (
        {
            carer.household_id: carer
            for carer in availability.on_call_carers(
                max(placement_request.needed_on, clock.today()),
                centre_ids=[placement_request.to_centre_id],
            )
        }
        if answers and is_open
        else {}
    )
    return render(
        request,
        "oncall/request.html",
        {
            "r": placement_request,
            "answers": answers and is_open,
            "accept": accept,
            "decline": decline,
            "free": list(free.values()),
            "may_withdraw": is_open
            and (
                placement_request.requested_by_id == user.pk
                or scope_for(user).manages(placement_request.from_centre_id)
            ),
        },
    )
