"""The indicators in the API: definitions for any client with the scope, figures for the
caller's own area only (exact for a centre manager, protected for a national monitor)."""

from __future__ import annotations

import datetime as dt

import pytest

from globa.accounts.models import Role
from globa.api.tests.conftest import EVERYTHING, Systems, api_client, caller, systems, world

__all__ = ["systems", "world"]
from globa.lib import clock
from globa.registry.models import HouseholdKind
from globa.testing import ChildFactory, HouseholdFactory, World, municipality, place

pytestmark = pytest.mark.django_db

LAST_YEAR = {"period": "year", "year": str(clock.today().year - 1)}


@pytest.fixture
def placed(systems: Systems) -> None:
    world = systems.world
    household = HouseholdFactory(centre=world.centre_a, kind=HouseholdKind.GUARDIAN_RELATIVE)
    start = dt.date(clock.today().year - 1, 2, 1)
    for _ in range(3):
        place(ChildFactory(centre=world.centre_a), household, start)


def test_the_definitions_are_listed(systems: Systems) -> None:
    response = systems.for_a().get("/api/v1/indicators/")
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()]
    assert "children_in_care" in codes and "ngo_share" in codes
    first = response.json()[0]
    assert first["kind"] == "stock" and first["name_lt"] and first["definition_en"]


def test_a_centre_manager_gets_their_centre_exactly(systems: Systems, placed: None) -> None:
    response = systems.for_a().get("/api/v1/indicators/figures/", LAST_YEAR)
    assert response.status_code == 200
    data = response.json()
    assert data["level"] == "centre" and data["exact"] is True
    figure = next(f for f in data["figures"] if f["code"] == "children_in_care")
    assert figure["value"] == "3.0" and figure["suppressed"] is False
    # Another centre: not found; a role without figures: refused.
    other = systems.for_a().get(
        "/api/v1/indicators/figures/", {"level": "centre", "area": systems.world.centre_b.pk}
    )
    assert other.status_code == 404
    assert systems.for_a_reader().get("/api/v1/indicators/figures/").status_code == 403


def test_a_national_monitor_gets_protected_figures(systems: Systems, placed: None) -> None:
    world: World = systems.world
    national = world.nora.memberships.get().organisation
    _client, key = api_client(national, Role.NATIONAL_MONITOR, EVERYTHING, name="VVTAĮT")
    response = caller(key).get("/api/v1/indicators/figures/", LAST_YEAR)
    assert response.status_code == 200
    data = response.json()
    assert data["exact"] is False and data["threshold"] == 5
    figure = next(f for f in data["figures"] if f["code"] == "children_in_care")
    assert figure["value"] is None and figure["suppressed"] is True
    vilnius = next(p for p in figure["by_place"] if p["name"] == municipality().name)
    assert vilnius == {"name": municipality().name, "value": None, "suppressed": True}
    bad = caller(key).get(
        "/api/v1/indicators/figures/", {"period": "custom", "start": "2025-01-01"}
    )
    assert bad.status_code == 400
