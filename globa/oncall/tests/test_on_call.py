"""Contracts with on-call carers, respite, the computed availability, the network page and
the reminder of contracts ending."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from globa.lib import clock
from globa.oncall import availability, services
from globa.oncall.availability import Status
from globa.oncall.models import Contract, Respite
from globa.oncall.tests.helpers import resting, signed
from globa.registry.models import HouseholdOwnChild
from globa.reminders.models import Kind, Reminder
from globa.reminders.services import generate
from globa.testing import ChildFactory, World, as_system, as_user, from_today, household_with, place


def status_of(world: World, household_id: object) -> availability.Availability:
    with as_user(world.alice):
        [carer] = [
            c for c in availability.on_call_carers(clock.today()) if c.household_id == household_id
        ]
    return carer


def terms(**changes: object) -> services.ContractTerms:
    values: dict[str, object] = {
        "number": "BG-2026-1",
        "starts_on": clock.today(),
        "ends_on": clock.today() + dt.timedelta(days=364),
        "places": 3,
    }
    values.update(changes)
    return services.ContractTerms(**values)  # type: ignore[arg-type]


def test_availability_is_computed_from_contract_placements_and_rules(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    assert status_of(world, carer.pk).status == Status.NO_CONTRACT
    contract = signed(carer, world.bob, places=3)
    free = status_of(world, carer.pk)
    assert (free.status, free.places, free.free) == (Status.FREE, 3, 3)
    for n in range(2):
        place(ChildFactory(centre=world.centre_a), carer, clock.today() - dt.timedelta(days=n + 1))
    caring = status_of(world, carer.pk)
    assert (caring.status, caring.placed, caring.free) == (Status.CARING, 2, 1)
    # Own children count towards the five in all: three at home leave no place.
    with as_system():
        for name in ("Ona", "Jonas", "Rasa"):
            HouseholdOwnChild.objects.create(
                household=carer,
                centre=world.centre_a,
                first_name=name,
                birth_date=dt.date(2015, 1, 1),
            )
    full = status_of(world, carer.pk)
    assert (full.status, full.free) == (Status.FULL, 0)
    resting(contract, world.bob)
    assert status_of(world, carer.pk).status == Status.RESPITE


def test_an_expired_contract_leaves_the_carer_without_places(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Pasibaigusi", kind="on_call")
    signed(
        carer,
        world.bob,
        starts_on=clock.today() - dt.timedelta(days=400),
        ends_on=clock.today() - dt.timedelta(days=35),
    )
    expired = status_of(world, carer.pk)
    assert (expired.status, expired.places, expired.free) == (Status.NO_CONTRACT, 0, 0)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"places": 4}, "places"),
        ({"places": 0}, "places"),
        ({"ends_on": dt.timedelta(days=-1)}, "ends_on"),
        ({"age_min": 10, "age_max": 5}, "age_max"),
        ({"age_max": 18}, "age_max"),
        ({"number": " "}, "number"),
    ],
)
def test_a_bad_contract_is_refused_and_nothing_saved(
    world: World, change: dict[str, object], field: str
) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    with as_user(world.bob), pytest.raises(ValidationError) as error:
        services.contract_add(by=world.bob, household=carer, terms=terms(**from_today(change)))
    assert field in error.value.message_dict
    with as_system():
        assert not Contract.objects.exists()


def test_contracts_do_not_overlap_and_are_for_on_call_carers(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    with as_user(world.bob):
        services.contract_add(by=world.bob, household=carer, terms=terms())
        with pytest.raises(ValidationError) as error:
            services.contract_add(
                by=world.bob,
                household=carer,
                terms=terms(starts_on=clock.today() + dt.timedelta(days=100)),
            )
        assert "already has a contract" in error.value.message_dict["starts_on"][0]
        guardian = household_with(world.alice, world.centre_a, name="Globėjai", kind="permanent")
        with pytest.raises(ValidationError) as error:
            services.contract_add(by=world.bob, household=guardian, terms=terms())
        assert "on-call carers" in str(error.value)
    # The database refuses an overlap written past the service.
    with as_system(), pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(
            household=carer,
            centre=world.centre_a,
            number="X",
            starts_on=clock.today() + dt.timedelta(days=10),
            ends_on=clock.today() + dt.timedelta(days=20),
            places=1,
            created_by=world.bob,
        )
    # Only the centre manager signs contracts.
    with as_user(world.alice), pytest.raises(PermissionDenied):
        services.contract_add(by=world.alice, household=carer, terms=terms(number="Kita"))


def test_a_respite_falls_within_the_contract_and_does_not_overlap(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    contract = signed(carer, world.bob)
    with as_user(world.alice):
        services.respite_add(
            by=world.alice,
            contract=contract,
            starts_on=clock.today(),
            ends_on=clock.today() + dt.timedelta(days=7),
            reason="Atostogos",
        )
        for start, end, message in (
            (
                clock.today() + dt.timedelta(days=5),
                clock.today() + dt.timedelta(days=9),
                "Another respite",
            ),
            (contract.ends_on, contract.ends_on + dt.timedelta(days=3), "within the contract"),
            (
                clock.today() + dt.timedelta(days=20),
                clock.today() + dt.timedelta(days=19),
                "ends before it starts",
            ),
        ):
            with pytest.raises(ValidationError) as error:
                services.respite_add(
                    by=world.alice, contract=contract, starts_on=start, ends_on=end, reason=""
                )
            assert message in str(error.value)
        assert Respite.objects.count() == 1
    with as_user(world.carol), pytest.raises(PermissionDenied):
        services.respite_add(
            by=world.carol,
            contract=contract,
            starts_on=clock.today(),
            ends_on=clock.today(),
            reason="",
        )


def test_the_network_page_shows_status_contract_end_and_overdue_contacts(world: World) -> None:
    carer = household_with(
        world.alice, world.centre_a, name="Budinčių Jonaičių šeima", kind="on_call"
    )
    signed(carer, world.bob, ends_on=clock.today() + dt.timedelta(days=20))
    client = world.client_for(world.alice)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("oncall:on_call")).content.decode()
    row = page.split("Budinčių Jonaičių šeima", 1)[1].split("</tr>", 1)[0]
    assert "free" in row and "ending" in row and "never" in row and "overdue" in row
    # The carer's own page.
    own = client.get(reverse("oncall:on_call_carer", args=[carer.pk])).content.decode()
    assert "BG-Budinčių J" in own and "Add a respite" in own and "New contract" not in own
    manager = world.client_for(world.bob)
    manager.cookies["django_language"] = "en"
    page = manager.get(reverse("oncall:on_call_carer", args=[carer.pk])).content.decode()
    assert "New contract" in page


def test_who_sees_the_on_call_network(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    signed(carer, world.bob)
    charlie = world.client_for(world.charlie)
    assert charlie.get(reverse("oncall:on_call_carer", args=[carer.pk])).status_code == 404
    assert "Budintys" not in charlie.get(reverse("oncall:on_call")).content.decode()
    assert charlie.get(reverse("oncall:contract_add", args=[carer.pk])).status_code == 404
    alice = world.client_for(world.alice)
    assert alice.get(reverse("oncall:contract_add", args=[carer.pk])).status_code == 403
    carol = world.client_for(world.carol)
    with as_system():
        contract = Contract.objects.get()
    assert carol.get(reverse("oncall:respite_add", args=[carer.pk, contract.pk])).status_code == 403
    guardian = household_with(world.alice, world.centre_a, name="Globėjai", kind="permanent")
    assert alice.get(reverse("oncall:on_call_carer", args=[guardian.pk])).status_code == 404
    assert world.client_for(world.nora).get(reverse("oncall:on_call")).status_code == 403


def test_a_manager_records_a_contract_through_the_page(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    client = world.client_for(world.bob)
    client.cookies["django_language"] = "en"
    url = reverse("oncall:contract_add", args=[carer.pk])
    data = {
        "number": "BG-7",
        "starts_on": clock.today().isoformat(),
        "ends_on": (clock.today() + dt.timedelta(days=364)).isoformat(),
        "places": "5",
        "age_min": "0",
        "age_max": "17",
        "accepts_siblings": "on",
        "around_the_clock": "on",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "at once" in refused.content.decode()
    assert client.post(url, {**data, "places": "2"}).status_code == 302
    with as_system():
        assert Contract.objects.get().places == 2


def test_a_manager_ends_a_contract_early_and_respite_after_it_goes(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    contract = signed(carer, world.bob)  # a year around today
    with as_system():
        over = Respite.objects.create(
            contract=contract,
            centre=world.centre_a,
            starts_on=clock.today() + dt.timedelta(days=5),
            ends_on=clock.today() + dt.timedelta(days=15),
            created_by=world.bob,
        )
        after = Respite.objects.create(
            contract=contract,
            centre=world.centre_a,
            starts_on=clock.today() + dt.timedelta(days=40),
            ends_on=clock.today() + dt.timedelta(days=45),
            created_by=world.bob,
        )
    url = reverse("oncall:contract_end", args=[carer.pk, contract.pk])
    # Who may: the centre's manager; a coordinator may not, another centre sees nothing.
    assert world.client_for(world.alice).get(url).status_code == 403
    assert world.client_for(world.charlie).get(url).status_code == 404
    client = world.client_for(world.bob)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("oncall:on_call_carer", args=[carer.pk])).content.decode()
    assert url in page and "End early" in page
    new_end = clock.today() + dt.timedelta(days=10)
    for bad, message in (
        ({"ends_on": contract.ends_on.isoformat()}, "before the contract"),
        ({"ends_on": (contract.starts_on - dt.timedelta(days=1)).isoformat()}, "cannot end"),
        ({"reason": " "}, "This field is required"),
        ({"version": contract.version + 5}, "Someone else saved"),
    ):
        data = {
            "ends_on": new_end.isoformat(),
            "reason": "Šeima persikelia.",
            "version": contract.version,
            **bad,
        }
        refused = client.post(url, data)
        assert refused.status_code == 200 and message in refused.content.decode()
        with as_system():
            assert Contract.objects.get().ends_on == contract.ends_on
            assert Respite.objects.count() == 2
    done = client.post(
        url,
        {"ends_on": new_end.isoformat(), "reason": "Šeima persikelia.", "version": 1},
        follow=True,
    )
    assert "shortened" in done.content.decode() and "removed" in done.content.decode()
    assert "Ended early: Šeima persikelia." in done.content.decode()
    with as_system():
        ended = Contract.objects.get()
        assert (ended.ends_on, ended.ended_early_because) == (new_end, "Šeima persikelia.")
        assert list(Respite.objects.values_list("pk", "ends_on")) == [(over.pk, new_end)]
        assert not Respite.objects.filter(pk=after.pk).exists()
    # Past the new end the carer has no contract and takes no child.
    with as_user(world.alice):
        [later] = availability.on_call_carers(
            new_end + dt.timedelta(days=1), household_ids=[carer.pk]
        )
    assert later.status == Status.NO_CONTRACT


def test_the_manager_is_reminded_of_a_contract_ending_without_a_next_one(world: World) -> None:
    carer = household_with(world.alice, world.centre_a, name="Budintys", kind="on_call")
    current = signed(carer, world.bob, ends_on=clock.today() + dt.timedelta(days=30))
    with as_system():
        generate(clock.today())
        [reminder] = Reminder.objects.filter(kind=Kind.CONTRACT_ENDING)
    assert (reminder.assignee, reminder.due_on) == (world.bob, current.ends_on)
    assert reminder.url == reverse("oncall:on_call_carer", args=[carer.pk])
    signed(
        carer,
        world.bob,
        number="BG-next",
        starts_on=current.ends_on + dt.timedelta(days=1),
        ends_on=current.ends_on + dt.timedelta(days=365),
    )
    with as_system():
        generate(clock.today())
        assert not Reminder.objects.filter(kind=Kind.CONTRACT_ENDING, done_on__isnull=True).exists()
