"""Data written in one language shows in the reader's: a coordinator's first assignment, the
languages a child speaks, the capacity rule."""

from django.urls import reverse

from globa.lib.languages import kept_as, shown
from globa.registry import services
from globa.registry.models import CoordinatorAssignment
from globa.testing import World, as_system, as_user


def test_known_languages_are_kept_under_one_name_and_shown_in_english() -> None:
    assert kept_as("Russian") == kept_as("rusų") == "rusų"
    assert kept_as("  Klingon ") == "Klingon"
    assert shown(["lietuvių", "Klingon"], "en") == ["Lithuanian", "Klingon"]
    assert shown(["lietuvių"], "lt") == ["lietuvių"]


def test_the_household_page_in_english_has_no_lithuanian_data_labels(world: World) -> None:
    with as_user(world.bob):
        household = services.household_create(
            by=world.bob,
            centre=world.centre_a,
            coordinator=world.alice,
            data={
                "name": "Naujųjų šeima",
                "kind": "guardian_relative",
                "municipality": world.household.municipality,
                "languages": ["lietuvių", "rusų"],
            },
        )
    with as_system():
        assert (
            CoordinatorAssignment.objects.get(household=household).reason == "household registered"
        )
    client = world.client_for(world.bob)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("registry:household", kwargs={"household_id": household.pk}))
    text = page.content.decode()
    assert "household registered" in text and "Lithuanian, Russian" in text
    assert "užregistruota" not in text and "lietuvių" not in text
    client.cookies["django_language"] = "lt"
    text = client.get(
        reverse("registry:household", kwargs={"household_id": household.pk})
    ).content.decode()
    assert "šeima užregistruota" in text and "lietuvių, rusų" in text
