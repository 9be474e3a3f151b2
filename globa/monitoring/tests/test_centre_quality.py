"""A care centre's quality page and the staffing indicators: psychologists, coordinators and
social workers (heads and FTE) per 10 caring households and per 10 children in care,
counted by the database and recomputed plainly; respite given; who may open the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from globa.accounts.models import Membership, Position, Role
from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.monitoring import compute
from globa.monitoring.compute import CENTRE, COUNTRY, MUNICIPALITY, Area
from globa.monitoring.indicators import BY_CODE, QUALITY_INDICATORS
from globa.monitoring.periods import Period
from globa.monitoring.tests import plain
from globa.testing import ChildFactory, World, member, municipality, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    w = World()
    with system_scope():
        Membership.objects.filter(user=w.carol).update(
            position=Position.PSYCHOLOGIST, fte=Decimal("0.5")
        )
        social = member(Role.SPECIALIST, w.centre_a)
        Membership.objects.filter(user=social).update(position=Position.SOCIAL_WORKER)
    # Alice coordinates (her role's position); the household she coordinates has a child.
    child = ChildFactory(centre=w.centre_a)
    place(child, w.household, clock.today() - dt.timedelta(days=100))
    return w


def _period() -> Period:
    today = clock.today()
    return Period("custom", today - dt.timedelta(days=30), today)


def test_staff_per_households_and_children(world: World) -> None:
    area = Area(CENTRE, world.centre_a.pk)
    with system_scope():
        found = compute.facts("staff", _period(), area)
    got = {i.code: compute.value(i, found) for i in QUALITY_INDICATORS if i.source == "staff"}
    # Three staff (coordinator, psychologist, social worker), 2.5 FTE; one household, one child.
    assert got["staff"].numerator == 3
    assert (got["staff_per_households"].numerator, got["staff_per_households"].denominator) == (
        3,
        1,
    )
    assert got["staff_per_households"].value == Decimal("30.0")
    assert got["fte_per_households"].value == Decimal("25.0")
    assert got["staff_per_children"].value == Decimal("30.0")
    assert got["fte_per_children"].value == Decimal("25.0")


def test_the_staffing_agrees_with_a_plain_computation(world: World) -> None:
    period = _period()
    with system_scope():
        rows = {"staff": plain.staff(period), "services": plain.services(period)}
        for area in (
            Area(CENTRE, world.centre_a.pk),
            Area(CENTRE, world.centre_b.pk),
            Area(MUNICIPALITY, municipality().pk),
            Area(COUNTRY),
        ):
            for indicator in QUALITY_INDICATORS:
                got = compute.value(indicator, compute.facts(indicator.source, period, area))
                expected = plain.figure(indicator, rows[indicator.source], area)
                assert (got.numerator, got.denominator) == expected, (indicator.code, area)


def test_an_ended_role_or_another_position_is_not_counted(world: World) -> None:
    with system_scope():
        Membership.objects.filter(user=world.carol).end()
        Membership.objects.filter(user=world.alice).update(position=Position.OTHER)
        found = compute.facts("staff", _period(), Area(CENTRE, world.centre_a.pk))
    assert compute.value(BY_CODE["staff"], found).numerator == 1


def test_the_staffing_of_an_earlier_period_counts_the_roles_of_its_last_day(
    world: World,
) -> None:
    today = clock.today()
    day = today - dt.timedelta(days=400)
    earlier = Period("custom", day - dt.timedelta(days=30), day)
    with system_scope():
        # The psychologist has worked there for two years; the coordinator and the social
        # worker began today; a psychologist who left 300 days ago was there on that day.
        Membership.objects.filter(user=world.carol).update(
            started_on=today - dt.timedelta(days=700)
        )
        gone = member(Role.SPECIALIST, world.centre_a)
        Membership.objects.filter(user=gone).update(
            position=Position.PSYCHOLOGIST,
            fte=Decimal("0.25"),
            started_on=today - dt.timedelta(days=1000),
            is_active=False,
            ended_on=today - dt.timedelta(days=300),
        )
        area = Area(CENTRE, world.centre_a.pk)
        found = compute.facts("staff", earlier, area)
        rows = plain.staff(earlier)
        now = compute.facts("staff", _period(), area)
    assert compute.value(BY_CODE["staff"], found).numerator == 2
    assert found[("fte", Position.PSYCHOLOGIST, 0)] == 75
    assert (compute.value(BY_CODE["staff"], found).numerator, None) == plain.figure(
        BY_CODE["staff"], rows, area
    )
    # Today: the three of now, not the one who left.
    assert compute.value(BY_CODE["staff"], now).numerator == 3


def test_who_may_open_the_centre_quality_page(world: World) -> None:
    url = reverse("monitoring:centre_quality", args=[world.centre_a.pk])
    officer = member(Role.MUNICIPALITY_OFFICER, municipality())
    for user in (world.nora, world.bob, officer):
        response = world.client_for(user).get(url)
        assert response.status_code == 200, user
    # The manager and the municipality's officer see exact figures; the national monitor
    # under disclosure control.
    bob = world.client_for(world.bob)
    bob.cookies["django_language"] = "en"
    page = bob.get(url)
    assert page.context["exact"] and page.context["staff"].total.value == 3
    assert "psychologist" in page.content.decode()
    assert not world.client_for(world.nora).get(url).context["exact"]
    other_manager = member(Role.CENTRE_MANAGER, world.centre_b)
    kaunas = member(Role.MUNICIPALITY_OFFICER, municipality("Kauno miesto savivaldybė"))
    for outsider in (other_manager, kaunas):
        assert world.client_for(outsider).get(url).status_code == 404
    for user in (world.alice, world.carol, world.charlie):
        assert world.client_for(user).get(url).status_code == 403
    # Not a care centre: not found.
    national = reverse(
        "monitoring:centre_quality", args=[world.nora.memberships.get().organisation_id]
    )
    assert world.client_for(world.nora).get(national).status_code == 404
