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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from globa.accounts.models import User
from globa.core.forms import Form
from globa.core.views import FormPage, apply_errors, form_page, request_user
from globa.lib import clock
from globa.lib.dates import add_months
from globa.oncall import availability, permissions, selectors, services
from globa.oncall.forms import ContractEndForm, ContractForm, MatchForm, RespiteForm
from globa.oncall.models import Criterion
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
