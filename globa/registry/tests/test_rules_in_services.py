"""The services ask the same access functions as the pages: whatever route calls them (a
page, matching, an import, a command), a rule holds or refuses the same way."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from globa.accounts.models import Membership, Role, User
from globa.lib import clock
from globa.registry import services
from globa.registry.models import CarerHousehold, HouseholdKind, Placement, SiblingGroup
from globa.testing import (
    World,
    as_system,
    as_user,
    household_with,
    member,
)


def start(world: World, by: User, household: CarerHousehold, **kw: Any) -> Placement:
    """Place the child as the user; a refusal is raised after the user's scope has ended, so
    the test's transaction stays usable (as a request's would)."""
    refused: Exception | None = None
    with as_user(by):
        try:
            return services.placement_start(
                by=by,
                child=world.child,
                kind=Placement.Kind.TEMPORARY,
                started_on=clock.today(),
                household=household,
                **kw,
            )
        except (ValidationError, PermissionDenied) as error:
            refused = error
    raise refused


def test_a_coordinator_places_with_a_household_they_coordinate(world: World) -> None:
    assert start(world, world.alice, world.household).household == world.household


def test_a_coordinator_does_not_place_with_a_household_of_a_colleague(world: World) -> None:
    colleague = member(Role.COORDINATOR, world.centre_a, first_name="Kita", last_name="Kolegė")
    theirs = household_with(colleague, world.centre_a, name="Kolegės šeima")
    with pytest.raises(ValidationError) as error:
        start(world, world.alice, theirs)
    assert "households you coordinate" in error.value.message_dict["household"][0]
    with as_system():
        assert not Placement.objects.exists()


def test_in_an_emergency_a_coordinator_places_with_any_on_call_carer_of_the_centre(
    world: World,
) -> None:
    colleague = member(Role.COORDINATOR, world.centre_a, first_name="Kita", last_name="Kolegė")
    on_call = household_with(colleague, world.centre_a, name="Budintys", kind=HouseholdKind.ON_CALL)
    with pytest.raises(ValidationError):
        start(world, world.alice, on_call)  # not an emergency: the usual rule
    placement = start(world, world.alice, on_call, is_emergency=True)
    assert placement.is_emergency and placement.created_by == world.alice


def test_an_emergency_does_not_open_a_colleagues_guardian_family(world: World) -> None:
    colleague = member(Role.COORDINATOR, world.centre_a, first_name="Kita", last_name="Kolegė")
    family = household_with(
        colleague, world.centre_a, name="Globėjai", kind=HouseholdKind.GUARDIAN_NON_RELATIVE
    )
    with pytest.raises(ValidationError):
        start(world, world.alice, family, is_emergency=True)


def test_a_manager_places_with_any_household_of_the_centre(world: World) -> None:
    colleague = member(Role.COORDINATOR, world.centre_a, first_name="Kita", last_name="Kolegė")
    theirs = household_with(colleague, world.centre_a, name="Kolegės šeima")
    assert start(world, world.bob, theirs).household == theirs


def test_a_specialist_places_no_one(world: World) -> None:
    with pytest.raises(PermissionDenied):
        start(world, world.carol, world.household)


def test_a_child_stays_within_its_centre(world: World) -> None:
    both = member(Role.CENTRE_MANAGER, world.centre_b, first_name="Abi", last_name="Centrų")
    with as_system():
        Membership.objects.create(user=both, organisation=world.centre_a, role=Role.CENTRE_MANAGER)
    elsewhere = household_with(world.charlie, world.centre_b, name="Kauno šeima")
    with pytest.raises(ValidationError) as error:
        start(world, both, elsewhere)
    assert "own centre" in error.value.message_dict["household"][0]
    with as_system():
        group_b = SiblingGroup.objects.create(centre=world.centre_b, label="Kauno broliai")
    data = {
        "first_name": "Jonas",
        "last_name": "Jonaitis",
        "sex": "M",
        "birth_date": dt.date(2018, 1, 1),
        "other_identifier": "X-1",
        "municipality": world.child.municipality,
        "legal_status": "temporary_care",
        "status": "in_care",
        "sibling_group": group_b,
    }
    with as_user(both), pytest.raises(ValidationError) as error:
        services.child_create(by=both, centre=world.centre_a, data=data)
    assert "sibling group" in error.value.message_dict["sibling_group"][0]


def test_changes_to_a_child_need_the_right_to_change_it(world: World) -> None:
    with as_user(world.carol), pytest.raises(PermissionDenied):
        services.child_update(
            by=world.carol, child=world.child, version=world.child.version, data={}
        )
    with as_user(world.carol), pytest.raises(PermissionDenied):
        services.relative_add(by=world.carol, child=world.child, data={})


def test_only_a_manager_assigns_a_coordinator(world: World) -> None:
    with as_user(world.alice), pytest.raises(PermissionDenied):
        services.coordinator_assign(
            by=world.alice, household=world.household, coordinator=world.alice
        )
    with as_user(world.alice), pytest.raises(PermissionDenied):
        services.household_create(
            by=world.alice, centre=world.centre_a, coordinator=world.alice, data={"name": "X"}
        )
