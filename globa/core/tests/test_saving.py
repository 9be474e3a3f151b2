"""One way to save: the database's rules speak with the models' own messages, and a save
based on an old version is refused."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection
from django.utils import translation

from globa.core.saving import ConcurrentEditError, saving, update_versioned
from globa.lib import clock
from globa.registry.models import CoordinatorAssignment, Placement
from globa.testing import World, as_system, household_with, place

pytestmark = pytest.mark.django_db
KEY = uuid.uuid4()


@pytest.fixture
def world() -> World:
    return World()


def test_a_constraint_speaks_with_its_own_message_in_lithuanian(world: World) -> None:
    with (
        as_system(),
        translation.override("lt"),
        pytest.raises(ValidationError) as error,
        saving(),
    ):
        CoordinatorAssignment.objects.create(
            household=world.household,
            centre=world.centre_a,
            coordinator=world.alice,
            started_on=clock.today(),
        )
    assert error.value.message_dict == {"household": ["Šeima jau turi koordinatorių."]}


def test_a_rule_over_several_fields_is_told_above_the_form(world: World) -> None:
    other = household_with(world.alice, world.centre_a, name="Kita šeima")
    place(world.child, world.household, clock.today() - dt.timedelta(days=30))
    with (
        as_system(),
        translation.override("en"),
        pytest.raises(ValidationError) as error,
        saving(),
    ):
        place(world.child, other, clock.today() - dt.timedelta(days=10))
    assert error.value.message_dict == {
        NON_FIELD_ERRORS: ["This child already has a placement in this period."]
    }
    with as_system():
        assert Placement.objects.count() == 1


def test_a_race_no_model_names_gives_a_general_message(world: World) -> None:
    # Two rows of one key: a primary key's unique index, which no model constraint names.
    with as_system(), translation.override("en"):
        with pytest.raises(ValidationError) as error, saving(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_submission (key, user_id, created_at, result_url) "
                "VALUES (%s, %s, now(), ''), (%s, %s, now(), '')",
                [KEY, world.alice.pk, KEY, world.alice.pk],
            )
        assert "Nothing was saved" in error.value.messages[0]


def test_a_mistake_in_the_code_is_not_passed_off_as_the_persons() -> None:
    with pytest.raises(IntegrityError), saving():
        raise IntegrityError("a column left empty by the code")


def test_a_save_from_an_old_version_is_refused_and_writes_nothing(world: World) -> None:
    with as_system():
        child = type(world.child).objects.get(pk=world.child.pk)
        update_versioned(child, child.version, first_name="Ieva Marija")
        assert child.version == world.child.version + 1
        with pytest.raises(ConcurrentEditError):
            update_versioned(world.child, world.child.version, first_name="Kita")
        child.refresh_from_db()
    assert child.first_name == "Ieva Marija"


def test_a_versioned_save_sets_the_time_of_the_change_from_the_clock(
    world: World, move_clock: object
) -> None:
    with as_system():
        group = household_with(world.alice, world.centre_a, name="Laiko šeima")
        move_clock(dt.date(2027, 5, 4))  # type: ignore[operator]
        update_versioned(group, group.version, address="Pilies g. 2")
        assert clock.today() == dt.date(2027, 5, 4)
        assert group.updated_at.date() == dt.date(2027, 5, 4)
