"""Shared test data for on-call care: contracts and respite."""

from __future__ import annotations

import datetime as dt
from typing import Any

from globa.accounts.models import User
from globa.lib import clock
from globa.oncall.models import Contract, Respite
from globa.registry.models import CarerHousehold
from globa.testing import as_system


def signed(household: CarerHousehold, by: User, **terms: Any) -> Contract:
    """A contract in force today (a year around today unless told otherwise)."""
    today = clock.today()
    values: dict[str, Any] = {
        "number": f"BG-{household.name[:10]}",
        "starts_on": today - dt.timedelta(days=30),
        "ends_on": today + dt.timedelta(days=330),
        "places": 3,
        "age_min": 0,
        "age_max": 17,
        "accepts_disability": False,
        "accepts_siblings": True,
    }
    values.update(terms)
    with as_system():
        return Contract.objects.create(
            household=household, centre_id=household.centre_id, created_by=by, **values
        )


def resting(contract: Contract, by: User, days: int = 5) -> Respite:
    today = clock.today()
    with as_system():
        return Respite.objects.create(
            contract=contract,
            centre_id=contract.centre_id,
            starts_on=today - dt.timedelta(days=1),
            ends_on=today + dt.timedelta(days=days),
            created_by=by,
        )
