"""Households, coordinator assignments and placements through the API."""

from __future__ import annotations

import datetime as dt

from globa.api.tests.conftest import Systems
from globa.api.tests.test_children import patch, post
from globa.lib import clock
from globa.registry.models import CarerHousehold, CoordinatorAssignment, Placement
from globa.testing import ChildFactory, as_system, household_with, municipality, place


def household_url(household: CarerHousehold) -> str:
    return f"/api/v1/households/{household.pk}/"


def test_households_are_listed_shown_and_refused_to_outsiders(systems: Systems) -> None:
    world = systems.world
    listed = systems.for_a().get("/api/v1/households/", {"kind": "on_call"})
    assert [h["name"] for h in listed.json()["results"]] == ["Petrauskų šeima"]
    shown = systems.for_a().get(household_url(world.household))
    assert shown.status_code == 200 and shown.headers["ETag"]
    assert systems.for_b().get(household_url(world.household)).status_code == 404
    assert systems.for_b().get("/api/v1/households/").json()["count"] == 0


def test_a_household_is_registered_with_its_coordinator(systems: Systems) -> None:
    world = systems.world
    data = {
        "name": "Naujokų šeima",
        "kind": "guardian_non_relative",
        "address": "Vilniaus g. 2",
        "municipality": municipality().pk,
        "coordinator": world.alice.pk,
    }
    created = post(systems.for_a(), "/api/v1/households/", data)
    assert created.status_code == 201, created.json()
    bad = post(systems.for_a(), "/api/v1/households/", {**data, "coordinator": world.charlie.pk})
    assert bad.status_code == 400 and "coordinator" in bad.json()["errors"]
    assert post(systems.for_a_reader(), "/api/v1/households/", data).status_code == 403


def test_a_household_changes_with_its_version(systems: Systems) -> None:
    household = systems.world.household
    tag = systems.for_a().get(household_url(household)).headers["ETag"]
    changed = patch(
        systems.for_a(), household_url(household), {"address": "Naujas 1"}, HTTP_IF_MATCH=tag
    )
    assert changed.status_code == 200, changed.json()
    stale = patch(
        systems.for_a(), household_url(household), {"address": "Senas 2"}, HTTP_IF_MATCH=tag
    )
    assert stale.status_code == 412
    bad = patch(systems.for_a(), household_url(household), {"accepts_age_min": -1, "version": 2})
    assert bad.status_code == 400 and "accepts_age_min" in bad.json()["errors"]


def test_adults_and_own_children_are_added(systems: Systems) -> None:
    path = household_url(systems.world.household)
    adult = post(
        systems.for_a(),
        f"{path}adults/",
        {"first_name": "Jonas", "last_name": "Petrauskas", "birth_date": "1980-02-03"},
    )
    assert adult.status_code == 201, adult.json()
    own = post(
        systems.for_a(), f"{path}own-children/", {"first_name": "Ona", "birth_date": "2999-01-01"}
    )
    assert own.status_code == 400 and "birth_date" in own.json()["errors"]
    assert systems.for_a().get(f"{path}adults/").json()[0]["first_name"] == "Jonas"
    assert systems.for_b().get(f"{path}own-children/").status_code == 404


def test_a_coordinator_is_assigned_by_the_manager_only(systems: Systems) -> None:
    world = systems.world
    data = {"household": str(world.household.pk), "coordinator": world.alice.pk}
    again = post(systems.for_a(), "/api/v1/assignments/", data)
    assert again.status_code == 400 and "coordinator" in again.json()["errors"]
    assert post(systems.for_b(), "/api/v1/assignments/", data).status_code == 404
    carol = world.client_for(world.carol)
    assert post(carol, "/api/v1/assignments/", data).status_code == 403
    listed = systems.for_a().get("/api/v1/assignments/", {"current": "true"})
    assert [a["coordinator"] for a in listed.json()["results"]] == [world.alice.pk]


def test_a_placement_is_started_and_ended_by_the_registry_rules(systems: Systems) -> None:
    world = systems.world
    started_on = clock.today() - dt.timedelta(days=10)
    data = {
        "child": str(world.child.pk),
        "household": str(world.household.pk),
        "kind": "temporary",
        "started_on": started_on.isoformat(),
    }
    created = post(systems.for_a(), "/api/v1/placements/", data)
    assert created.status_code == 201, created.json()
    overlap = post(systems.for_a(), "/api/v1/placements/", data)
    assert overlap.status_code == 400 and "started_on" in overlap.json()["errors"]
    placement_id = created.json()["id"]
    end = f"/api/v1/placements/{placement_id}/end/"
    body = {"ended_on": clock.today().isoformat(), "end_reason": "reunified"}
    assert post(systems.for_b(), end, {**body, "version": 1}).status_code == 404
    assert post(systems.for_a_reader(), end, {**body, "version": 1}).status_code == 403
    assert post(systems.for_a(), end, {**body, "version": 1, "end_reason": "?"}).status_code == 400
    assert post(systems.for_a(), end, body, HTTP_IF_MATCH='"nope"').status_code == 412
    ended = post(systems.for_a(), end, {**body, "version": 1})
    assert ended.status_code == 200, ended.json()
    assert ended.json()["warnings"] == []
    with as_system():
        assert Placement.objects.get(pk=placement_id).end_reason == "reunified"


def test_capacity_is_checked_as_on_the_pages(systems: Systems) -> None:
    world = systems.world
    for n in range(3):
        place(
            ChildFactory(centre=world.centre_a),
            world.household,
            clock.today() - dt.timedelta(days=20 + n),
        )
    data = {
        "child": str(world.child.pk),
        "household": str(world.household.pk),
        "kind": "temporary",
        "started_on": clock.today().isoformat(),
    }
    refused = post(systems.for_a(), "/api/v1/placements/", data)
    assert refused.status_code == 400, refused.json()
    with as_system():
        assert not Placement.objects.filter(child=world.child).exists()


def test_placements_are_listed_for_the_centre_only(systems: Systems) -> None:
    world = systems.world
    other = household_with(world.charlie, world.centre_b)
    place(ChildFactory(centre=world.centre_b), other, clock.today() - dt.timedelta(days=3))
    place(world.child, world.household, clock.today() - dt.timedelta(days=3))
    mine = systems.for_a().get("/api/v1/placements/", {"current": "1"}).json()["results"]
    assert [p["child"] for p in mine] == [str(world.child.pk)]
    with as_system():
        assert CoordinatorAssignment.objects.count() == 2
