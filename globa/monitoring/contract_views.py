"""The municipality's service contracts: the list, adding, editing and ending one. Only the
municipality's officers; another municipality's contracts are not found."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from globa.core.views import FormPage, form_page, request_user
from globa.lib import clock
from globa.monitoring import contracts, forms
from globa.monitoring.compute import MUNICIPALITY
from globa.monitoring.models import ServiceContract
from globa.monitoring.periods import Period

STATES = ("current", "ended", "all")


def _list_url(municipality_id: int) -> str:
    return reverse("monitoring:contracts", kwargs={"area_id": municipality_id})


@login_required
@require_safe
def contract_list(request: HttpRequest, area_id: int) -> HttpResponse:
    user = request_user(request)
    municipality = contracts.access_municipality(user, area_id)
    state = request.GET.get("state", "current")
    state = state if state in STATES else "current"
    found = list(contracts.contracts_of(municipality, "" if state == "all" else state))
    return render(
        request,
        "monitoring/contracts.html",
        {
            "municipality": municipality,
            "contracts": found,
            "state": state,
            "total": sum((c.amount for c in found), start=0),
            "dashboard_url": reverse(
                "monitoring:dashboard", kwargs={"level": MUNICIPALITY, "area_id": area_id}
            ),
            "today": clock.today(),
            "year": clock.today().year,
            "by_service": contracts.funding_by_service(
                municipality, Period.year(clock.today().year)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request: HttpRequest, area_id: int) -> HttpResponse:
    user = request_user(request)
    municipality = contracts.access_municipality(user, area_id)
    form = forms.ContractForm(request.POST or None, creating=True)

    def save(data: dict[str, Any]) -> ServiceContract:
        return contracts.contract_create(by=user, municipality=municipality, data=data)

    page = FormPage(
        _("New service contract"),
        _list_url(area_id),
        _("Service contracts"),
        subtitle=municipality.name,
        done=_("The contract was saved."),
    )
    return form_page(request, form, page, save)


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, area_id: int, contract_id: int) -> HttpResponse:
    user = request_user(request)
    contract = contracts.access_contract(user, area_id, contract_id)
    initial = {
        "provider": contract.provider_id,
        "number": contract.number,
        "services": list(contract.services.all()),
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "amount": contract.amount,
        "notes": contract.notes,
        "version": contract.version,
    }
    form = forms.ContractForm(request.POST or None, initial=initial, creating=False)

    def save(data: dict[str, Any]) -> None:
        contracts.contract_update(by=user, contract=contract, version=data["version"], data=data)

    page = FormPage(
        _("Edit the service contract"),
        _list_url(area_id),
        _("Service contracts"),
        subtitle=str(contract),
        done=_("The changes were saved."),
    )
    return form_page(request, form, page, save)


@login_required
@require_http_methods(["GET", "POST"])
def contract_end(request: HttpRequest, area_id: int, contract_id: int) -> HttpResponse:
    user = request_user(request)
    contract = contracts.access_contract(user, area_id, contract_id)
    today = clock.today()
    suggested = min(max(today, contract.starts_on), contract.ends_on)
    form = forms.ContractEndForm(
        request.POST or None,
        initial={"ended_on": contract.ended_on or suggested, "version": contract.version},
    )

    def save(data: dict[str, Any]) -> None:
        contracts.contract_end(
            by=user, contract=contract, version=data["version"], ended_on=data["ended_on"]
        )

    page = FormPage(
        _("End the service contract"),
        _list_url(area_id),
        _("Service contracts"),
        subtitle=_("%(contract)s, from %(start)s to %(end)s")
        % {
            "contract": contract,
            "start": contract.starts_on.isoformat(),
            "end": contract.ends_on.isoformat(),
        },
        done=_("The contract was ended."),
    )
    return form_page(request, form, page, save)
