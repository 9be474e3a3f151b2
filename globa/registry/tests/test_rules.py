"""The numbers law and policy set are versioned data: a new version from a date changes what
every route does from that date, and dates a person could not have are refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from globa.lib import clock
from globa.lib.dates import add_years
from globa.registry import rules, services
from globa.registry.models import HouseholdKind, LegalRule, Limit
from globa.testing import World, as_system, as_user, household_with


def new_version(key: Limit, value: int, valid_from: dt.date) -> None:
    with as_system():
        LegalRule.objects.filter(key=key, valid_to__isnull=True).update(valid_to=valid_from)
        LegalRule.objects.create(key=key, value=value, valid_from=valid_from)
    rules.forget()


def test_the_version_in_force_on_the_day_applies(world: World) -> None:
    today = clock.today()
    assert rules.limit(Limit.EXTENDED_SUPPORT_AGE, today) == 21
    new_version(Limit.EXTENDED_SUPPORT_AGE, 23, today + dt.timedelta(days=10))
    assert rules.limit(Limit.EXTENDED_SUPPORT_AGE, today) == 21
    assert rules.limit(Limit.EXTENDED_SUPPORT_AGE, today + dt.timedelta(days=10)) == 23


def test_a_new_extended_age_lets_support_run_longer(world: World) -> None:
    today = clock.today()
    birth = add_years(today, -19)
    data = {
        "first_name": "Mantas",
        "last_name": "Ilgasis",
        "sex": "M",
        "birth_date": birth,
        "other_identifier": "X-2",
        "status": "after_18",
        "support_extended_until": add_years(birth, 22),
        "support_extension_decision": "Nr. A-1",
    }
    with pytest.raises(ValidationError) as error:
        services.validate_child(data, today=today)
    assert "birthday at 21" in error.value.message_dict["support_extended_until"][0]
    new_version(Limit.EXTENDED_SUPPORT_AGE, 23, today - dt.timedelta(days=1))
    services.validate_child(data, today=today)


@pytest.mark.parametrize(
    ("birth", "status", "message"),
    [
        (dt.date(1, 1, 1), "in_care", "younger than 21"),
        (dt.date(1900, 1, 1), "in_care", "younger than 21"),
        (dt.date(1900, 1, 1), "left_care", "more than 100 years ago"),
    ],
)
def test_a_child_born_in_an_impossible_year_is_refused(
    world: World, birth: dt.date, status: str, message: str
) -> None:
    data = {"first_name": "A", "last_name": "B", "birth_date": birth, "status": status}
    data["other_identifier"] = "X-3"
    with pytest.raises(ValidationError) as error:
        services.validate_child(data, today=clock.today())
    assert message in " ".join(error.value.message_dict["birth_date"])


def test_an_adult_of_the_household_is_of_age(world: World) -> None:
    too_young = {
        "first_name": "Jonas",
        "last_name": "Jaunas",
        "birth_date": add_years(clock.today(), -15),
    }
    with as_user(world.alice), pytest.raises(ValidationError) as error:
        services.household_adult_add(by=world.alice, household=world.household, data=too_young)
    assert "at least 18" in error.value.message_dict["birth_date"][0]
    ancient = {**too_young, "birth_date": dt.date(1900, 1, 1)}
    with as_user(world.alice), pytest.raises(ValidationError):
        services.household_adult_add(by=world.alice, household=world.household, data=ancient)


def test_the_on_call_age_limit_is_the_rules(world: World) -> None:
    from globa.oncall import services as oncall_services

    terms = oncall_services.ContractTerms(
        number="BG-1",
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=300),
        places=3,
        age_max=18,
    )
    errors = oncall_services._contract_errors(world.household, terms)
    assert errors["age_max"] == "On-call carers take children up to 17."
    new_version(Limit.ON_CALL_CHILD_MAX_AGE, 18, clock.today() - dt.timedelta(days=1))
    assert "age_max" not in oncall_services._contract_errors(world.household, terms)


def test_a_guardian_outside_the_ages_is_pointed_out_on_the_household_page(world: World) -> None:
    family = household_with(
        world.alice, world.centre_a, name="Senolių šeima", kind=HouseholdKind.GUARDIAN_NON_RELATIVE
    )
    with as_user(world.alice):
        services.household_adult_add(
            by=world.alice,
            household=family,
            data={
                "first_name": "Ona",
                "last_name": "Senolė",
                "birth_date": add_years(clock.today(), -70),
            },
        )
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("registry:household", kwargs={"household_id": family.pk}))
    assert "Ona Senolė is 70; a guardian is from 21 to 65." in page.content.decode()
