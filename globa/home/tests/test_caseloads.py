"""The centre manager's caseloads: figures per coordinator, reassigning one or many."""

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from globa.accounts.models import Role
from globa.lib import clock
from globa.registry.models import CoordinatorAssignment
from globa.support import services as support_services
from globa.support.models import DeliveryForm, Service
from globa.testing import World, as_system, as_user, household_with, member, place


def caseload_url(world: World, coordinator: object) -> str:
    key = "none" if coordinator is None else str(coordinator.uuid)  # type: ignore[attr-defined]
    return reverse("home:caseload", kwargs={"centre_id": world.centre_a.pk, "coordinator": key})


@pytest.fixture
def busy(world: World) -> World:
    """Alice coordinates three households (one with a child, one met last week); Dana none."""
    world.dana = member(Role.COORDINATOR, world.centre_a, first_name="Dana", last_name="Naujoji")  # type: ignore[attr-defined]
    world.second = household_with(world.alice, world.centre_a, name="Antrųjų šeima")  # type: ignore[attr-defined]
    world.third = household_with(world.alice, world.centre_a, name="Trečiųjų šeima")  # type: ignore[attr-defined]
    place(world.child, world.household, dt.date(2025, 5, 1))
    with as_user(world.alice):
        support_services.record_contact(
            by=world.alice,
            provider_id=world.centre_a.pk,
            contact=support_services.Contact(
                Service.objects.get(code="coordinator_assistance"),
                clock.today() - dt.timedelta(days=7),
                60,
                DeliveryForm.HOME_VISIT,
            ),
            household=world.third,  # type: ignore[attr-defined]
        )
    return world


def test_the_manager_sees_every_coordinators_caseload(busy: World) -> None:
    client = busy.client_for(busy.bob)
    html = client.get(reverse("home:caseloads")).content.decode()
    assert busy.centre_a.name in html and busy.centre_b.name not in html
    alice_row = html[html.index("Alė Kazlauskienė") :].split("</tr>")[0]
    figures = re.findall(r'<td class="num">(?:<span class="badge bad">)?(\d+)', alice_row)
    assert figures == ["3", "1", "2"]  # households, children placed, contacts overdue
    dana_row = html[html.index("Dana Naujoji") :].split("</tr>")[0]
    assert re.findall(r'<td class="num">(\d+)', dana_row) == ["0", "0", "0"]
    start = client.get(reverse("home:start")).content.decode()
    assert reverse("home:caseloads") in start


def test_figures_count_children_and_overdue_contacts(busy: World) -> None:
    from globa.home import selectors

    with as_user(busy.bob):
        loads = selectors.caseloads(busy.bob, clock.today())
    alice = next(load for load in loads if load.coordinator == busy.alice)
    assert (alice.households, alice.children, alice.overdue) == (3, 1, 2)
    dana = next(load for load in loads if load.coordinator == busy.dana)  # type: ignore[attr-defined]
    assert (dana.households, dana.children, dana.overdue) == (0, 0, 0)
    assert [due.household.name for due in alice.contacts][-1] == "Trečiųjų šeima"


def test_reassigning_several_households_keeps_the_history(busy: World) -> None:
    client = busy.client_for(busy.bob)
    url = caseload_url(busy, busy.alice)
    page = client.get(url).content.decode()
    assert "Antrųjų šeima" in page and "Trečiųjų šeima" in page
    response = client.post(
        url,
        {
            "households": [str(busy.second.pk), str(busy.third.pk)],  # type: ignore[attr-defined]
            "coordinator": busy.dana.pk,  # type: ignore[attr-defined]
            "reason": "Atostogos",
        },
    )
    assert response.status_code == 302
    with as_system():
        for household in (busy.second, busy.third):  # type: ignore[attr-defined]
            history = list(
                CoordinatorAssignment.objects.filter(household=household).order_by(
                    "started_on", "id"
                )
            )
            assert [a.coordinator_id for a in history] == [busy.alice.pk, busy.dana.pk]  # type: ignore[attr-defined]
            assert history[0].ended_on == clock.today()
            assert history[1].ended_on is None and history[1].reason == "Atostogos"
        kept = CoordinatorAssignment.objects.get(household=busy.household, ended_on__isnull=True)
        assert kept.coordinator_id == busy.alice.pk


def test_nothing_is_reassigned_when_one_household_cannot_be(busy: World) -> None:
    """All or nothing: a closed household in the choice stops the whole reassignment."""
    from globa.registry import services

    busy.second.status = "closed"  # type: ignore[attr-defined]
    with as_user(busy.bob), pytest.raises(services.ValidationError) as error:
        services.coordinators_reassign(
            by=busy.bob,
            households=[busy.third, busy.second],  # type: ignore[attr-defined]
            coordinator=busy.dana,  # type: ignore[attr-defined]
        )
    assert "Antrųjų šeima" in " ".join(error.value.messages)
    with as_system():
        assert CoordinatorAssignment.objects.filter(coordinator=busy.dana).count() == 0  # type: ignore[attr-defined]


def test_bad_choices_show_a_message_and_change_nothing(busy: World) -> None:
    client = busy.client_for(busy.bob)
    url = caseload_url(busy, busy.alice)
    for data in (
        {"households": [], "coordinator": busy.dana.pk},  # type: ignore[attr-defined]
        {"households": [str(busy.second.pk)]},  # type: ignore[attr-defined]
        {"households": [str(busy.second.pk)], "coordinator": busy.charlie.pk},  # type: ignore[attr-defined]
        {"households": ["not-a-household"], "coordinator": busy.dana.pk},  # type: ignore[attr-defined]
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Niekas neišsaugota" in response.content.decode()
    with as_system():
        assert CoordinatorAssignment.objects.filter(coordinator=busy.dana).count() == 0  # type: ignore[attr-defined]


def test_households_without_a_coordinator_can_be_assigned(busy: World) -> None:
    with as_system():
        CoordinatorAssignment.objects.filter(household=busy.second).update(  # type: ignore[attr-defined]
            ended_on=clock.today()
        )
    client = busy.client_for(busy.bob)
    url = caseload_url(busy, None)
    assert "Antrųjų šeima" in client.get(url).content.decode()
    response = client.post(
        url,
        {"households": [str(busy.second.pk)], "coordinator": busy.dana.pk},  # type: ignore[attr-defined]
    )
    assert response.status_code == 302


def test_only_the_centres_manager(busy: World) -> None:
    for user in (busy.alice, busy.carol, busy.nora):
        client = busy.client_for(user)
        assert client.get(reverse("home:caseloads")).status_code == 403
        assert client.get(caseload_url(busy, busy.alice)).status_code == 404
    other_manager = member(Role.CENTRE_MANAGER, busy.centre_b)
    client = busy.client_for(other_manager)
    assert client.get(caseload_url(busy, busy.alice)).status_code == 404
    assert (
        client.post(
            caseload_url(busy, busy.alice),
            {"households": [str(busy.second.pk)], "coordinator": busy.dana.pk},  # type: ignore[attr-defined]
        ).status_code
        == 404
    )
    # Someone who is not a coordinator of the centre has no caseload page.
    assert busy.client_for(busy.bob).get(caseload_url(busy, busy.carol)).status_code == 404
    with as_system():
        assert CoordinatorAssignment.objects.filter(coordinator=busy.dana).count() == 0  # type: ignore[attr-defined]


def test_the_manager_sees_the_case_managers_loads(cases_world: World) -> None:
    from globa.cases import services as case_services
    from globa.home import selectors
    from globa.testing import municipality

    world: Any = cases_world
    for name, days_ago in (("Naujų šeima", 1), ("Vėluojanti šeima", 30)):
        with as_user(world.vaida):
            case = case_services.case_open(
                by=world.vaida,
                organisation=world.centre_a,
                referral=case_services.Referral(
                    family_name=name,
                    municipality=municipality(),
                    referral_source="school",
                    referred_on=clock.today() - dt.timedelta(days=days_ago),
                    referral_reason="Priežastis",
                    case_manager=world.vaida,
                ),
            )
            case_services.action_add(
                by=world.vaida,
                case=case,
                task=case_services.Task(
                    "Paskambinti", clock.today() - dt.timedelta(days=1), user=world.vaida
                ),
            )
    with as_user(world.bob):
        loads = {
            load.case_manager.first_name: load
            for load in selectors.case_loads(world.bob, clock.today())
        }
    assert (loads["Vaida"].open_cases, loads["Vaida"].late, loads["Vaida"].overdue_actions) == (
        2,
        1,
        2,
    )
    assert loads["Tomas"].open_cases == 0
    html = world.client_for(world.bob).get(reverse("home:caseloads")).content.decode()
    assert "Vaida Vadybė" in html and "Tomas Kitas" in html


def test_a_paused_household_counts_the_same_on_every_page(busy: World) -> None:
    from globa.registry.models import CarerHousehold

    with as_system():
        CarerHousehold.objects.filter(pk=busy.second.pk).update(status="paused")  # type: ignore[attr-defined]
    client = busy.client_for(busy.bob)
    html = client.get(reverse("home:caseloads")).content.decode()
    alice_row = html[html.index("Alė Kazlauskienė") :].split("</tr>")[0]
    assert re.findall(r'<td class="num">(?:<span class="badge bad">)?(\d+)', alice_row)[0] == "3"
    start = client.get(reverse("home:start")).content.decode()
    # The start page's caseload figure for Alice is the same 3 households.
    assert re.findall(r"Alė Kazlauskienė</td><td>(\d+)</td>", start) == ["3"]
