"""A municipality's service contracts with providers: who may see and change them (the
municipality's officers), the rules a contract keeps, and saving them. The contracts are
organisation data, audited in the database (globa/core/sql/monitoring.sql); the NGO share by
funding is counted from them (``globa_monitoring_contracts``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from globa.accounts.models import Role, User
from globa.accounts.selectors import require_page, scope_for
from globa.core.saving import saving, update_versioned
from globa.lib import clock
from globa.monitoring import compute, labels
from globa.monitoring.indicators import BY_CODE, PERCENT
from globa.monitoring.models import ServiceContract
from globa.monitoring.periods import Period
from globa.organisations.models import Organisation
from globa.support.models import Service, ServiceProvision

FIELDS = ("provider", "services", "number", "starts_on", "ends_on", "amount", "notes")


# Access ---------------------------------------------------------------------------------------


def contract_municipalities(user: User) -> QuerySet[Organisation]:
    """The municipalities whose contracts the user keeps (as their municipality officer)."""
    ids = scope_for(user).org_ids_with(Role.MUNICIPALITY_OFFICER)
    return Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.MUNICIPALITY)


def access_municipality(user: User, municipality_id: int) -> Organisation:
    """The municipality, for its officer; another role: 403; another municipality: 404."""
    require_page(scope_for(user).has_role(Role.MUNICIPALITY_OFFICER))
    found = contract_municipalities(user).filter(pk=municipality_id).first()
    if found is None:
        raise Http404
    return found


def access_contract(user: User, municipality_id: int, contract_id: int) -> ServiceContract:
    municipality = access_municipality(user, municipality_id)
    try:
        return ServiceContract.objects.select_related("provider", "municipality").get(
            pk=contract_id, municipality=municipality
        )
    except ServiceContract.DoesNotExist as error:
        raise Http404 from error


def _may_keep(user: User, municipality: Organisation) -> bool:
    return scope_for(user).has_role(Role.MUNICIPALITY_OFFICER, municipality.pk)


# Lists ----------------------------------------------------------------------------------------


def contracts_of(municipality: Organisation, state: str = "") -> QuerySet[ServiceContract]:
    """The municipality's contracts, newest first; ``state``: "current" (in force today),
    "ended" (past its last day) or all."""
    today = clock.today()
    found = (
        ServiceContract.objects.filter(municipality=municipality)
        .select_related("provider")
        .prefetch_related("services")
    )
    last_day = Q(ended_on__isnull=False, ended_on__lt=today) | Q(
        ended_on__isnull=True, ends_on__lt=today
    )
    if state == "current":
        found = found.filter(starts_on__lte=today).exclude(last_day)
    elif state == "ended":
        found = found.filter(last_day)
    return found.order_by("-starts_on", "number")


def providers() -> QuerySet[Organisation]:
    """Organisations that provide at least one service of the catalogue."""
    return Organisation.objects.filter(provisions__isnull=False).distinct().order_by("name")


# Rules ----------------------------------------------------------------------------------------


def _check(
    municipality: Organisation, data: dict[str, Any], contract: ServiceContract | None = None
) -> None:
    errors: dict[str, list[Any]] = {}
    starts_on: dt.date = data["starts_on"]
    ends_on: dt.date = data["ends_on"]
    amount: Decimal = data["amount"]
    provider: Organisation = data["provider"]
    services: list[Service] = list(data["services"])
    if ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The contract cannot end before it starts."))
    ended_on = contract.ended_on if contract is not None else None
    if ended_on is not None and not starts_on <= ended_on <= ends_on:
        errors.setdefault("ends_on", []).append(
            _("The contract was ended on %(day)s: that day must stay in its period.")
            % {"day": ended_on.isoformat()}
        )
    if amount < 0:
        errors.setdefault("amount", []).append(_("The funding cannot be negative."))
    if not services:
        errors.setdefault("services", []).append(_("Choose at least one service type."))
    missing = [
        service
        for service in services
        if not ServiceProvision.objects.filter(organisation=provider, service=service)
        .filter(valid_from__lte=ends_on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=starts_on))
        .exists()
    ]
    if missing:
        errors.setdefault("services", []).append(
            _("%(provider)s does not provide in this period: %(services)s.")
            % {"provider": provider.name, "services": ", ".join(str(s) for s in missing)}
        )
    number = data["number"].strip()
    same = ServiceContract.objects.filter(municipality=municipality, number=number)
    if contract is not None:
        same = same.exclude(pk=contract.pk)
    if not number:
        errors.setdefault("number", []).append(_("Give the contract number."))
    elif same.exists():
        errors.setdefault("number", []).append(
            _("The municipality already has a contract with this number.")
        )
    if errors:
        raise ValidationError(errors)


# Saving ---------------------------------------------------------------------------------------


def contract_create(
    *, by: User, municipality: Organisation, data: dict[str, Any]
) -> ServiceContract:
    require_page(_may_keep(by, municipality))
    _check(municipality, data)
    with saving():
        contract = ServiceContract.objects.create(
            municipality=municipality,
            provider=data["provider"],
            number=data["number"].strip(),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            amount=data["amount"],
            notes=data.get("notes", ""),
            recorded_by=by,
            recorded_at=clock.now(),
        )
        contract.services.set(data["services"])
    return contract


def contract_update(
    *, by: User, contract: ServiceContract, version: int, data: dict[str, Any]
) -> None:
    require_page(_may_keep(by, contract.municipality))
    _check(contract.municipality, data, contract)
    with saving():
        update_versioned(
            contract,
            version,
            provider=data["provider"],
            number=data["number"].strip(),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            amount=data["amount"],
            notes=data.get("notes", ""),
        )
        contract.services.set(data["services"])


def contract_end(*, by: User, contract: ServiceContract, version: int, ended_on: dt.date) -> None:
    """End the contract early: its funding counts only until ``ended_on``."""
    require_page(_may_keep(by, contract.municipality))
    if not contract.starts_on <= ended_on <= contract.ends_on:
        raise ValidationError(
            {
                "ended_on": _("Choose a day from %(start)s to %(end)s.")
                % {"start": contract.starts_on.isoformat(), "end": contract.ends_on.isoformat()}
            }
        )
    with saving():
        update_versioned(contract, version, ended_on=ended_on)


@dataclass(frozen=True)
class ServiceFunding:
    """A service type's funding in a period: all of it and the NGO and private providers'."""

    service: str
    total: int
    non_public: int

    @property
    def share(self) -> Decimal | None:
        return compute.Value(self.non_public, self.total, PERCENT).value  # type: ignore[return-value]


def funding_by_service(municipality: Organisation, period: Period) -> list[ServiceFunding]:
    """The NGO and private providers' share of funding per service type: the dashboard's
    ``ngo_funding_share_by_service``, counted the same way."""
    found = compute.facts("contracts", period, compute.Area(compute.MUNICIPALITY, municipality.pk))
    shares = compute.ratio_breakdown(BY_CODE["ngo_funding_share_by_service"], found).get(0, {})
    names = labels.service_names()
    return [
        ServiceFunding(
            labels.label("service", key, names), shares[key].denominator or 0, shares[key].numerator
        )
        for key in labels.ordered("service", set(shares))
        if shares[key].denominator
    ]
