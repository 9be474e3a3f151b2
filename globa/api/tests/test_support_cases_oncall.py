"""Service deliveries, group sessions, cases and on-call availability through the API."""

from __future__ import annotations

import datetime as dt

from globa.accounts.models import Role
from globa.api.tests.conftest import EVERYTHING, Systems, api_client, caller
from globa.api.tests.test_children import post
from globa.cases import services as case_services
from globa.lib import clock
from globa.oncall.tests.helpers import signed
from globa.support import services as support_services
from globa.support.models import Delivery, Service
from globa.testing import World, as_system, as_user, municipality


def visit(systems: Systems, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "service": "coordinator_assistance",
        "delivered_on": (clock.today() - dt.timedelta(days=1)).isoformat(),
        "minutes": 60,
        "form": "home_visit",
        "household": str(systems.world.household.pk),
    }
    data.update(changes)
    return data


def test_a_contact_is_recorded_and_read(systems: Systems) -> None:
    with as_system():
        assert Service.objects.filter(code="coordinator_assistance").exists()
    recorded = post(
        systems.for_a(),
        "/api/v1/deliveries/",
        visit(systems, children=[str(systems.world.child.pk)]),
    )
    assert recorded.status_code == 201, recorded.json()
    assert len(recorded.json()) == 2
    listed = systems.for_a().get(
        "/api/v1/deliveries/", {"household": str(systems.world.household.pk)}
    )
    assert listed.json()["count"] == 1
    one = systems.for_a().get(f"/api/v1/deliveries/{recorded.json()[0]['id']}/")
    assert one.status_code == 200
    assert systems.for_b().get(f"/api/v1/deliveries/{recorded.json()[0]['id']}/").status_code == 404
    # An id that is not one matches nothing, not every delivery to no child.
    assert systems.for_a().get("/api/v1/deliveries/", {"child": "x"}).json()["count"] == 0
    assert systems.for_a().get("/api/v1/deliveries/").json()["count"] == 2


def test_a_contact_is_refused_with_its_reasons(systems: Systems) -> None:
    future = visit(systems, delivered_on=(clock.today() + dt.timedelta(days=3)).isoformat())
    bad = post(systems.for_a(), "/api/v1/deliveries/", future)
    assert bad.status_code == 400 and "delivered_on" in bad.json()["errors"]
    assert post(systems.for_b(), "/api/v1/deliveries/", visit(systems)).status_code == 404
    assert post(systems.for_a_reader(), "/api/v1/deliveries/", visit(systems)).status_code == 403
    with as_system():
        assert not Delivery.objects.exists()


def test_group_sessions_are_recorded_with_attendance(systems: Systems) -> None:
    world = systems.world
    with as_user(world.bob):
        service = Service.objects.filter(in_groups=True).first()
        assert service is not None
        group = support_services.create_group(
            by=world.bob,
            provider_id=world.centre_a.pk,
            details=support_services.GroupDetails(
                name="Savitarpio grupė", service=service, facilitator=world.bob
            ),
        )
        member = support_services.add_group_member(
            by=world.bob, group=group, household=world.household
        )
    data = {
        "group": str(group.pk),
        "held_on": clock.today().isoformat(),
        "minutes": 90,
        "form": "office",
        "attended": [str(member.pk)],
    }
    created = post(systems.for_a(), "/api/v1/group-sessions/", data)
    assert created.status_code == 201, created.json()
    assert created.json()["attended"] == [str(member.pk)]
    assert post(systems.for_b(), "/api/v1/group-sessions/", data).status_code == 404
    empty = post(systems.for_a(), "/api/v1/group-sessions/", {**data, "attended": []})
    assert empty.status_code == 400 and "attended" in empty.json()["errors"]
    assert (
        systems.for_a().get("/api/v1/group-sessions/", {"group": str(group.pk)}).json()["count"]
        == 1
    )


def open_case(world: World) -> object:
    with as_user(world.vaida):  # type: ignore[attr-defined]
        return case_services.case_open(
            by=world.vaida,  # type: ignore[attr-defined]
            organisation=world.centre_a,
            referral=case_services.Referral(
                family_name="Stebimų šeima",
                municipality=municipality(),
                referral_source="school",
                referred_on=clock.today() - dt.timedelta(days=5),
                referral_reason="Priežastis",
                case_manager=world.vaida,  # type: ignore[attr-defined]
            ),
        )


def test_cases_are_read_and_moved_on(cases_world: World) -> None:
    world = cases_world
    case = open_case(world)
    _client, key = api_client(world.centre_a, Role.CENTRE_MANAGER)
    _other, other_key = api_client(world.centre_b, Role.CENTRE_MANAGER)
    _reader_client, reader_key = api_client(
        world.centre_a, Role.CASE_MANAGER, [s for s in EVERYTHING if s.endswith(":read")]
    )
    path = f"/api/v1/cases/{case.pk}/"  # type: ignore[attr-defined]
    assert caller(key).get("/api/v1/cases/").json()["count"] == 1
    assert caller(key).get(path).status_code == 200
    assert caller(other_key).get(path).status_code == 404
    advance = f"{path}advance/"
    body = {"to": "analysis", "on": clock.today().isoformat(), "version": 1}
    assert post(caller(reader_key), advance, body).status_code == 403
    wrong = post(caller(key), advance, {**body, "to": "monitoring"})
    assert wrong.status_code == 400 and "to" in wrong.json()["errors"]
    moved = post(caller(key), advance, body)
    assert moved.status_code == 200, moved.json()
    assert moved.json()["stage"] == "analysis"
    assert post(caller(key), advance, {**body, "to": "needs_assessment"}).status_code == 409


def test_on_call_availability_of_the_centre(systems: Systems) -> None:
    world = systems.world
    signed(world.household, world.bob)
    rows = systems.for_a().get("/api/v1/on-call/").json()
    assert [r["name"] for r in rows] == ["Petrauskų šeima"]
    assert rows[0]["free"] == 3
    assert systems.for_b().get("/api/v1/on-call/").json() == []
    nora = world.client_for(world.nora)
    assert nora.get("/api/v1/on-call/").status_code == 403
